package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"realtybot/attom/attomtest"
	"realtybot/cli"
	"realtybot/clock"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func run(t *testing.T, vars map[string]string, input string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.RunOn(context.Background(), clock.NewManual(testInstant), append([]string{"realtybot"}, args...), env(vars), strings.NewReader(input), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestConsoleWithNothingConfiguredAnswersWithLabelledEstimates(t *testing.T) {
	dir := t.TempDir()
	out, _, err := run(t, map[string]string{"DATA_DIR": dir}, "/search 78701 sfr\n/usage\n", "console")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ATTOM_API_KEY is empty", "⚠ ESTIMATES: not real data", "Source: made by the bot, not ATTOM", "Live calls are off", "0 / 13"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}

func TestConsoleGoesLiveThroughTheLedgerAndRemembersAcrossRuns(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	for _, vars := range []map[string]string{
		{"DATA_DIR": t.TempDir()},
		{"REDIS_URL": consoleRedisURL(t), "DATA_DIR": t.TempDir()},
	} {
		vars["ATTOM_API_KEY"], vars["ATTOM_BASE_URL"], vars["DEFAULT_MARKET_TYPE"] = attomtest.Key, srv.URL, "hot"
		zip := "4" + strings.Repeat("0", 3) + map[bool]string{true: "1", false: "2"}[vars["REDIS_URL"] == ""]
		before := srv.Billable()
		out, _, err := run(t, vars, "/search "+zip+" sfr\n", "console", "--quiet")
		if err != nil || !strings.Contains(out, "Source: live from ATTOM") {
			t.Fatalf("first run: %v\n%s", err, out)
		}
		out, _, err = run(t, vars, "/search "+zip+" sfr\n/usage\n", "console", "--quiet")
		if err != nil || !strings.Contains(out, "cached") || srv.Billable() != before+1 {
			t.Fatalf("second run: %v, billed %d\n%s", err, srv.Billable()-before, out)
		}
	}
}

func TestHelpAndBadConfiguration(t *testing.T) {
	out, _, err := run(t, nil, "", "console", "-h")
	if err != nil || !strings.Contains(out, "MAX_DAILY_CALLS") || !strings.Contains(out, "Usage: realtybot console") {
		t.Fatalf("console -h: %v\n%s", err, out)
	}
	_, errOut, err := run(t, map[string]string{"MAX_DAILY_CALLS": "lots", "DEFAULT_MARKET_TYPE": "hot"}, "", "console")
	if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, "MAX_DAILY_CALLS=\"lots\"") {
		t.Fatalf("bad config: %v\n%s", err, errOut)
	}
	_, errOut, err = run(t, nil, "", "teleport")
	if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %v\n%s", err, errOut)
	}
	_, errOut, err = run(t, map[string]string{"TELEGRAM_MODE": "webhook", "WEBHOOK_SECRET": "bad secret!"}, "", "serve")
	for _, want := range []string{"TELEGRAM_BOT_TOKEN is required", "WEBHOOK_URL", "WEBHOOK_SECRET"} {
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, want) {
			t.Errorf("serve without its settings: %v, want a message about %s:\n%s", err, want, errOut)
		}
	}
	out, _, err = run(t, map[string]string{"DATA_DIR": t.TempDir()}, "", "check")
	if err != nil || !strings.Contains(out, "ok   quota ledger: 0/13 today") {
		t.Fatalf("check: %v\n%s", err, out)
	}
}

func TestVersionAndHealthcheck(t *testing.T) {
	for _, cmd := range []string{"version", "--version", "-v"} {
		out, _, err := run(t, nil, "", cmd)
		if err != nil || !strings.HasPrefix(out, "realtybot ") || !strings.Contains(out, "commit ") || !strings.Contains(out, "go1.") {
			t.Fatalf("%s: %v %q", cmd, err, out)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			io.WriteString(w, "ok\n")
			return
		}
		http.Error(w, "not ready: store unreachable", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if out, _, err := run(t, map[string]string{"LISTEN_ADDR": addr}, "", "healthcheck"); err != nil || !strings.Contains(out, "healthy") {
		t.Fatalf("healthcheck: %v %q", err, out)
	}
	if out, _, err := run(t, map[string]string{"LISTEN_ADDR": addr}, "", "healthcheck", "--ready"); err == nil || !strings.Contains(out, "store unreachable") {
		t.Fatalf("healthcheck --ready: %v %q", err, out)
	}
	srv.Close()
	if _, _, err := run(t, map[string]string{"LISTEN_ADDR": addr}, "", "healthcheck"); err == nil {
		t.Fatal("healthcheck passed with nothing listening")
	}
}

// An error a subcommand printed is not printed again by main.
func TestErrorsAreSaidOnce(t *testing.T) {
	_, errOut, err := run(t, map[string]string{"REDIS_URL": "redis://127.0.0.1:1/0", "DATA_DIR": t.TempDir()}, "", "console")
	if err == nil || !cli.IsReported(err) || strings.Count(errOut, "cannot reach Redis") != 1 {
		t.Fatalf("console on an unreachable Redis: %v (reported %v)\n%s", err, cli.IsReported(err), errOut)
	}
}

// console --as shows the agent's view and refusals; --charts saves /market's
// chart.
func TestConsoleAsAnAgentAndSavingCharts(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"DATA_DIR": filepath.Join(dir, "data"), "ADMIN_IDS": "77", "AGENT_IDS": "88"}
	out, _, err := run(t, vars, "/usage\n/market 78701\n", "console", "--as", "agent", "--charts", filepath.Join(dir, "charts"))
	if err != nil || !strings.Contains(out, "you are an agent") || !strings.Contains(out, "admins only") || !strings.Contains(out, "chart saved to") {
		t.Fatalf("console --as agent: %v\n%s", err, out)
	}
	if png, err := os.ReadFile(filepath.Join(dir, "charts", "market-78701.png")); err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
		t.Fatalf("saved chart: %v, %d bytes", err, len(png))
	}
	// An admin's /usage chart is saved too.
	if out, _, err := run(t, vars, "/usage\n", "console", "--quiet", "--charts", filepath.Join(dir, "charts")); err != nil || !strings.Contains(out, "chart saved to") {
		t.Fatalf("console /usage --charts: %v\n%s", err, out)
	}
	if png, err := os.ReadFile(filepath.Join(dir, "charts", "usage.png")); err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
		t.Fatalf("saved usage chart: %v, %d bytes", err, len(png))
	}
	for as, want := range map[string]string{"77": "user 77, an admin", "88": "user 88, an agent", "99": "user 99, a stranger"} {
		if out, _, err := run(t, vars, "", "console", "--as", as); err != nil || !strings.Contains(out, want) {
			t.Errorf("--as %s: %v\n%s", as, err, out)
		}
	}
	if _, _, err := run(t, vars, "", "console", "--as", "king"); !errors.Is(err, cli.ErrUsage) {
		t.Errorf("--as king: %v", err)
	}
}

// check says when configuration rows were rejected, and fails with --strict.
func TestCheckWarnsAboutRejectedRows(t *testing.T) {
	dir := t.TempDir()
	markets := filepath.Join(dir, "markets.csv")
	os.WriteFile(markets, []byte("zip,market_type\n78701,hot\n7870x,hot\n"), 0o600)
	vars := map[string]string{"DATA_DIR": filepath.Join(dir, "data"), "MARKETS_FILE": markets}
	out, _, err := run(t, vars, "", "check")
	if err != nil || !strings.Contains(out, "warn configuration") || !strings.Contains(out, "1 row(s) rejected") || !strings.Contains(out, "line 3") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	if out, _, err := run(t, vars, "", "check", "--strict"); err == nil || !strings.Contains(out, "FAIL configuration") {
		t.Fatalf("check --strict: %v\n%s", err, out)
	}
}
