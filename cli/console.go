package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"realtybot/access"
	"realtybot/app"
	"realtybot/clock"
	"realtybot/handlers"
	"realtybot/handlers/reply"
)

// ConsoleUser is the user id of the person at the console by default; it is
// an admin.
const ConsoleUser int64 = 1

// ConsoleAgent is the user id of `console --as agent`.
const ConsoleAgent int64 = 2

// consoleAs reads --as: admin (the default), agent, or a Telegram user id,
// whose role comes from ADMIN_IDS and AGENT_IDS (and the sheet) as in serve.
func consoleAs(as string, a *app.App) (user int64, roles *access.Access, role string, err error) {
	switch as {
	case "", "admin":
		return ConsoleUser, access.New(append(a.Access.Admins(), ConsoleUser), nil), "an admin", nil
	case "agent":
		return ConsoleAgent, access.New(a.Access.Admins(), []int64{ConsoleAgent}), "an agent", nil
	}
	id, err := strconv.ParseInt(as, 10, 64)
	if err != nil || id == 0 {
		return 0, nil, "", fmt.Errorf("--as %q: want admin, agent or a Telegram user id", as)
	}
	names := map[access.Role]string{access.Admin: "an admin", access.Agent: "an agent", access.Stranger: "a stranger"}
	return id, a.Access, fmt.Sprintf("user %d, %s", id, names[a.Access.Role(id)]), nil
}

func runConsole(ctx context.Context, clk clock.Clock, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("console", "Reads commands (/search 78701 sfr, /market 78701, /property <id>, /deals, /usage)\n"+
		"one per line from stdin and prints plain-text replies from the bot's own handlers.\n"+
		"With nothing configured it uses the embedded store in DATA_DIR and estimates.", stdout)
	quiet := fs.Bool("quiet", false, "print replies only, no banner")
	verbose := fs.Bool("v", false, "log lines in full on stderr, at LOG_LEVEL (default info); without -v only warnings, in one short line")
	as := fs.String("as", "admin", "who you are: admin, agent, or a Telegram user id (its role comes from ADMIN_IDS, AGENT_IDS and the sheet)")
	charts := fs.String("charts", "", "a directory to save the charts the bot would send (/market's trend), as PNG files")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	// The replies are the output: log lines in full only at -v.
	log := newShortLog(stderr)
	if *verbose {
		log = newLogger(cfg, stderr)
	}
	a, err := app.Build(ctx, cfg, log, clk)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot: %v\n", err)
		return Reported{err}
	}
	defer a.Close()
	user, roles, role, err := consoleAs(*as, a)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot console: %v\n", err)
		return ErrUsage
	}
	h := handlers.New(a.Service, roles, reply.Plain, a.Clock.Now, log)
	h.SetZone(a.Cfg.Zone)
	h.Reload, h.ConfigStatus, h.StaleAlert, h.Charts = a.Reload, a.ConfigStatus, cfg.StaleAlert, *charts != ""
	h.Watches, h.Names = a.Watches, a.Names
	a.Notify.Only = user // the console tells its own chat only: others' news stays for the bot
	a.Notify.Allowed = func(u int64) bool { return roles.Role(u) != access.Stranger }
	a.Notify.SetSend(func(_ context.Context, chat int64, text string) {
		fmt.Fprintf(stdout, "(notification to chat %d)\n%s\n\n", chat, text)
	})
	if !*quiet {
		fmt.Fprintf(stdout, "realtybot console (you are %s). Store: %s.\n", role, a.Backend)
		for _, n := range a.Notes {
			fmt.Fprintf(stdout, "Note: %s.\n", n)
		}
		fmt.Fprintf(stdout, "Type /help for commands; end with Ctrl-D.\n\n")
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		r := h.Handle(ctx, handlers.Request{UserID: user, ChatID: user, Text: line})
		fmt.Fprintf(stdout, "%s\n\n", r.Text)
		a.Notify.Flush(ctx)
		if len(r.Photo) > 0 && *charts != "" {
			name, err := saveChart(*charts, line, r.Photo)
			if err != nil {
				fmt.Fprintf(stderr, "realtybot console: saving the chart: %v\n", err)
				continue
			}
			fmt.Fprintf(stdout, "(chart saved to %s)\n\n", name)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("console: reading input: %w", err)
	}
	return nil
}

// saveChart writes a reply's chart into dir, named after the command.
func saveChart(dir, command string, png []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(strings.TrimPrefix(command, "/")))
	path := filepath.Join(dir, strings.Trim(name, "-")+".png")
	return path, os.WriteFile(path, png, 0o640)
}
