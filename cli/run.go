package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"realtybot/app"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/realty"
)

// ErrUsage is returned for a command line that could not be understood; the
// message has already been printed.
var ErrUsage = errors.New("usage error")

// Reported wraps an error a subcommand has already printed: main prints it
// again only when it is not Reported, so each error is said once.
type Reported struct{ Err error }

func (r Reported) Error() string { return r.Err.Error() }
func (r Reported) Unwrap() error { return r.Err }

// IsReported reports whether err was already printed (a usage error too).
func IsReported(err error) bool {
	var re redactedError
	if errors.As(err, &re) {
		err = re.err
	}
	var r Reported
	return errors.As(err, &r) || errors.Is(err, ErrUsage)
}

const mainUsage = `realtybot: a Telegram bot for real-estate agents, in front of a quota-aware
cache of the ATTOM Property API (400 calls a month, 13 a day).

Usage:
  realtybot <command> [flags]

Commands:
  serve     the Telegram bot (long polling, or a webhook with TELEGRAM_MODE=webhook)
  console   the bot's commands over stdin/stdout (no token, network or Redis needed)
  simulate  replay agent traffic against the real cache and quota logic (fake clock, fake ATTOM)
  check     validate the configuration and reach each configured dependency
  version   the module version, commit and Go version (also --version, -v)
  healthcheck  ask the running bot's /healthz (for a container's HEALTHCHECK)

Run 'realtybot <command> -h' for a command's flags. Configuration comes from
the environment; 'realtybot check -h' lists every variable.
`

// Run is the whole program: main only calls it, so tests run it in process.
// Every byte it writes, and the error it returns, pass through one
// redaction layer that removes the configured secrets. It runs on the wall
// clock.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runOn(ctx, nil, args, getenv, stdin, stdout, stderr)
}

// runOn is Run on clk (nil: the wall clock, with the quota's day on the
// store's clock); a test passes its own and owns the instant.
func runOn(ctx context.Context, clk clock.Clock, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	red := config.NewRedactor(getenv)
	stdout, stderr = red.Writer(stdout), red.Writer(stderr)
	redisLogger.Store(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	redisLogOnce.Do(func() { redis.SetLogger(redisLog{}) })
	if err := run(ctx, clk, red, args, getenv, stdin, stdout, stderr); err != nil {
		return redactedError{msg: red.Redact(err.Error()), err: err}
	}
	return nil
}

// redactedError keeps what an error is (errors.Is) but not its secrets.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }

// Is keeps ErrUsage and the other sentinels visible without exposing the
// wrapped text through Unwrap.
func (e redactedError) Is(target error) bool { return errors.Is(e.err, target) }

// redisLog sends go-redis's own log lines through slog (and so through the
// redaction layer), instead of the standard logger. go-redis keeps one
// logger for the process, so it is set once and follows the latest Run.
type redisLog struct{}

var (
	redisLogger  atomic.Pointer[slog.Logger]
	redisLogOnce sync.Once
)

func (redisLog) Printf(_ context.Context, format string, v ...any) {
	redisLogger.Load().Warn("redis: " + fmt.Sprintf(format, v...))
}

func run(ctx context.Context, clk clock.Clock, red *config.Redactor, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, mainUsage)
		return ErrUsage
	}
	switch args[1] {
	case "serve":
		return runServe(ctx, clk, red, args[2:], getenv, stdout, stderr)
	case "console":
		return runConsole(ctx, clk, args[2:], getenv, stdin, stdout, stderr)
	case "simulate":
		return runSimulate(ctx, args[2:], getenv, stdout, stderr)
	case "check":
		return runCheck(ctx, clk, args[2:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		return runVersion(args[2:], stdout)
	case "healthcheck":
		return runHealthcheck(ctx, args[2:], getenv, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	fmt.Fprintf(stderr, "realtybot: unknown command %q\n\n%s", args[1], mainUsage)
	return ErrUsage
}

// newFlags returns a FlagSet whose -h prints about, the flags and the
// environment variables.
func newFlags(name, about string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: realtybot %s [flags]\n\n%s\n", name, about)
		fs.PrintDefaults()
		fmt.Fprintf(out, "\nEnvironment:\n")
		for _, v := range config.Vars {
			def := v.Default
			if def == "" {
				def = "-"
			}
			fmt.Fprintf(out, "  %-24s %-34s %s\n", v.Name, def, v.Meaning)
		}
	}
	return fs
}

// parseFlags parses a subcommand's flags. stop is true when the command
// should end now: after -h (err nil) or on bad flags (ErrUsage).
func parseFlags(fs *flag.FlagSet, args []string) (stop bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return true, ErrUsage
	}
	return false, nil
}

// newLogger builds the slog logger of LOG_LEVEL and LOG_FORMAT.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	o := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

func loadConfig(getenv func(string) string, stderr io.Writer) (*config.Config, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot: the configuration has problems:\n  %s\n", strings.ReplaceAll(err.Error(), "\n", "\n  "))
		return nil, ErrUsage
	}
	return cfg, nil
}

// errUnsafe ends check when live calls would be refused.
var errUnsafe = errors.New("check: live calls are off until the quota store is fixed")

func runCheck(ctx context.Context, clk clock.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "Validates the configuration and reaches the store and the quota ledger.\n"+
		"Without --live it never calls ATTOM: a call costs quota. With --live ZIP it reserves\n"+
		"exactly one call in the ledger, makes it, and reports each field the bot relies on\n"+
		"as present or missing: the first thing to run after getting an ATTOM key. With\n"+
		"--endpoints as well, it asks every endpoint the bot uses with its smallest request\n"+
		"and says which the plan allows.", stdout)
	live := fs.String("live", "", "ZIP: spend exactly one reserved ATTOM call to verify the account's responses")
	endpoints := fs.Bool("endpoints", false, "with --live: also ask every endpoint the bot uses (up to 3 more reserved calls; the location lookup is free)")
	strict := fs.Bool("strict", false, "fail when configuration rows were rejected or repaired")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	if *live != "" {
		zip, err := realty.ParseZip(*live)
		if err != nil {
			fmt.Fprintf(stderr, "realtybot check --live: %v\n", err)
			return ErrUsage
		}
		*live = string(zip)
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	a, err := app.Build(ctx, cfg, newLogger(cfg, stderr), clk)
	if err != nil {
		fmt.Fprintf(stdout, "FAIL start: %v\n", err) // the error names what: DATA_DIR, the store, MARKETS_FILE, ...
		return Reported{err}
	}
	defer a.Close()
	probs := a.ConfigProblems()
	if len(probs) == 0 {
		fmt.Fprintf(stdout, "ok   configuration: %s\n", a.ConfigStatus())
	} else {
		word := "warn"
		if *strict {
			word = "FAIL"
		}
		fmt.Fprintf(stdout, "%s configuration: %s; %d row(s) rejected or repaired:\n", word, a.ConfigStatus(), len(probs))
		for _, p := range probs {
			fmt.Fprintf(stdout, "       %s\n", p)
		}
	}
	fmt.Fprintf(stdout, "ok   store: %s\n", a.Backend)
	if w := a.PersistenceWarning(ctx); w != "" {
		fmt.Fprintf(stdout, "warn store: %s\n", w)
	}
	if len(a.Access.Admins())+len(a.Access.Agents()) == 0 {
		fmt.Fprintln(stdout, "warn access: nobody has access: every Telegram user would be told to ask an admin; set ADMIN_IDS or "+
			"AGENT_IDS (or fill the sheet's admins and agents tabs)")
	}
	for _, n := range a.Notes {
		fmt.Fprintf(stdout, "note %s\n", n)
	}
	u, err := a.Ledger.Usage(ctx)
	if err != nil {
		fmt.Fprintf(stdout, "FAIL quota ledger: %v\n", err)
		return Reported{err}
	}
	fmt.Fprintf(stdout, "ok   quota ledger: %d/%d today, %d/%d this month\n", u.Today, u.Limits.Daily, u.ThisMonth, u.Limits.Monthly)
	if err := a.Ledger.Safety(ctx); err != nil {
		fmt.Fprintf(stdout, "FAIL quota store: %v\n", err)
		return Reported{errUnsafe}
	}
	if u.Hold != "" {
		fmt.Fprintf(stdout, "FAIL quota ledger on hold: %s\n", u.Hold)
		return Reported{errUnsafe}
	}
	if cfg.TelegramToken == "" {
		fmt.Fprintln(stdout, "note TELEGRAM_BOT_TOKEN is empty: fine for console, required for serve")
	}
	if *endpoints && *live == "" {
		fmt.Fprintln(stderr, "realtybot check: --endpoints needs --live ZIP")
		return ErrUsage
	}
	var liveErr error // the endpoints are asked even when the field check failed: they tell why
	if *live != "" {
		liveErr = checkLive(ctx, a, *live, stdout)
	}
	if *endpoints {
		if err := checkEndpoints(ctx, a, *live, stdout); err != nil && liveErr == nil {
			liveErr = err
		}
	}
	if liveErr != nil {
		return liveErr
	}
	if *strict && len(probs) > 0 {
		return Reported{errStrict}
	}
	return nil
}

// errStrict ends check --strict when configuration rows had problems.
var errStrict = errors.New("check --strict: configuration rows were rejected or repaired")
