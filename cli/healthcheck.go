package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"realtybot/config"
)

// runHealthcheck asks the running bot's /healthz on LISTEN_ADDR, for a
// container's HEALTHCHECK (a distroless image has no shell or curl). It
// exits non-zero when the bot does not answer 200 within 3 s.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("healthcheck", "Asks the running bot's /healthz on LISTEN_ADDR; exits 0 when it answers 200.\n"+
		"--ready asks /readyz instead (the store, the ledger and the configuration answer).", stdout)
	ready := fs.Bool("ready", false, "ask /readyz instead of /healthz")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	addr := getenv("LISTEN_ADDR")
	if addr == "" {
		addr = defaultOf("LISTEN_ADDR")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot healthcheck: LISTEN_ADDR=%q: %v\n", addr, err)
		return ErrUsage
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stdout, "unhealthy: %v\n", err)
		return Reported{errUnhealthy}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stdout, "unhealthy: %s %s", resp.Status, body)
		return Reported{errUnhealthy}
	}
	fmt.Fprintf(stdout, "healthy: %s", body)
	return nil
}

var errUnhealthy = fmt.Errorf("healthcheck: the bot did not answer 200")

// defaultOf is a variable's documented default.
func defaultOf(name string) string {
	for _, v := range config.Vars {
		if v.Name == name {
			return v.Default
		}
	}
	return ""
}
