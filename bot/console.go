package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"realtybot/handlers"
)

// ConsoleUser is the user id of the person at the console; it is an admin.
const ConsoleUser int64 = 1

func runConsole(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("console", "Reads commands (/search 78701 sfr, /market 78701, /property <id>, /deals, /usage)\n"+
		"one per line from stdin and prints plain-text replies from the bot's own handlers.\n"+
		"With nothing configured it uses the embedded store in DATA_DIR and estimates.", stdout)
	quiet := fs.Bool("quiet", false, "print replies only, no banner")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	if getenv("LOG_LEVEL") == "" {
		cfg.LogLevel = "warn" // the replies are the output; info lines would drown them
	}
	log := newLogger(cfg, stderr)
	app, err := Build(ctx, cfg, log, nil)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot: %v\n", err)
		return Reported{err}
	}
	defer app.Close()
	h := handlers.New(app.Service, handlers.NewAccess([]int64{ConsoleUser}, nil), handlers.Plain{}, time.Now, log)
	h.Reload, h.ConfigStatus, h.StaleAlert = app.Reload, app.ConfigStatus, cfg.StaleAlert
	if !*quiet {
		fmt.Fprintf(stdout, "realtybot console (you are an admin). Store: %s.\n", app.Backend)
		for _, n := range app.Notes {
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
		r := h.Handle(ctx, handlers.Request{UserID: ConsoleUser, ChatID: ConsoleUser, Text: line})
		fmt.Fprintf(stdout, "%s\n\n", r.Text)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("console: reading input: %w", err)
	}
	return nil
}
