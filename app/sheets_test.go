package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"realtybot/app"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/config/sheetstest"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/store/storetest"
)

func sheetWith(s *sheetstest.Server, agents ...any) {
	s.SetTab("markets", [][]any{{"zip", "market_type", "price_mult"}, {"78701", "hot", 1.3}, {2134.0, "cooling"}})
	s.SetTab("settings", [][]any{{"key", "value"}, {"max_daily_calls", 9.0}, {"max_monthly_calls", 9999.0}, {"ttl_hot", 12.0}})
	rows := [][]any{{"telegram_user_id", "name"}}
	for _, a := range agents {
		rows = append(rows, []any{a, "agent"})
	}
	s.SetTab("agents", rows)
	s.SetTab("admins", [][]any{{"telegram_user_id", "name"}, {111.0, "boss"}})
}

func buildWithSheets(t *testing.T, s *sheetstest.Server, dir string, extra map[string]string) (*app.App, *bytes.Buffer) {
	t.Helper()
	env := map[string]string{"DATA_DIR": dir, "SHEETS_SPREADSHEET_ID": sheetstest.SpreadsheetID,
		"SHEETS_API_KEY": sheetstest.APIKey, "SHEETS_ENDPOINT": s.Endpoint(), "AGENT_IDS": "500"}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ap, err := app.Build(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)), clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ap.Close)
	return ap, &logs
}

func say(ap *app.App, user int64, text string) string {
	h := handlers.New(ap.Service, ap.Access, reply.Plain, time.Now, nil)
	h.Reload, h.ConfigStatus = ap.Reload, ap.ConfigStatus
	return h.Handle(context.Background(), handlers.Request{UserID: user, ChatID: user, Text: text}).Text
}

func TestSheetDrivesMarketsLimitsAndAccess(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	sheetWith(s, 222.0, "333")
	ap, _ := buildWithSheets(t, s, t.TempDir(), nil)
	ctx := context.Background()
	if in := ap.Service.Info(ctx, "78701"); in.Type != market.Hot || in.Multipliers.Price != 1.3 || in.Basis != "configured" {
		t.Fatalf("78701: %+v", in)
	}
	if in := ap.Service.Info(ctx, "02134"); in.Type != market.Cooling {
		t.Fatalf("the padded ZIP: %+v", in)
	}
	// The sheet lowers the daily limit; it cannot raise the monthly one above the environment's 400.
	if l := ap.Ledger.Limits(); l.Daily != 9 || l.Monthly != 400 {
		t.Fatalf("limits %+v", l)
	}
	// REFRESH_BUDGET=auto follows the limit in force: 9 less the 2 calls
	// (HOT_RESERVE_CALLS) left to agents' hot-market misses.
	if b := ap.RefreshBudget(); b != 7 {
		t.Fatalf("refresh budget %d under a daily limit of 9, want 7", b)
	}
	for _, id := range []int64{222, 333, 500, 111} {
		if r := say(ap, id, "/help"); !strings.Contains(r, "Commands") {
			t.Fatalf("user %d refused: %s", id, r)
		}
	}
	if r := say(ap, 111, "/usage"); !strings.Contains(r, "Configuration: Google Sheets, loaded") {
		t.Fatalf("/usage: %s", r)
	}
	// Agent 333 is removed and a market changes: /refresh config says so, and 333 loses access.
	sheetWith(s, 222.0)
	s.SetTab("markets", [][]any{{"zip", "market_type"}, {"78701", "stable"}, {"60601", "growing"}, {"60602", "tepid"}})
	r := say(ap, 111, "/refresh config")
	for _, want := range []string{"2 configured (1 added, 1 changed, 1 removed)", "removed: 333", `markets!B4: market type "tepid"`} {
		if !strings.Contains(r, want) {
			t.Errorf("/refresh config lacks %q:\n%s", want, r)
		}
	}
	if r := say(ap, 333, "/help"); !strings.Contains(r, "registered agents") {
		t.Fatalf("removed agent still served: %s", r)
	}
	if r := say(ap, 222, "/refresh config"); !strings.Contains(r, "admins only") {
		t.Fatalf("an agent reloaded the configuration: %s", r)
	}
}

func TestAStructuralErrorKeepsThePreviousSnapshot(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	sheetWith(s, 222.0)
	ap, _ := buildWithSheets(t, s, t.TempDir(), nil)
	s.RemoveTab("settings")
	s.SetTab("markets", [][]any{{"zip", "market_type"}, {"78701", "cooling"}})
	r := say(ap, 111, "/refresh config")
	if !strings.Contains(r, "could not be reloaded") || !strings.Contains(r, "previous one stays") {
		t.Fatalf("/refresh config: %s", r)
	}
	if in := ap.Service.Info(context.Background(), "78701"); in.Type != market.Hot {
		t.Fatalf("the previous snapshot was not kept: %+v", in)
	}
	if r := say(ap, 222, "/help"); !strings.Contains(r, "Commands") {
		t.Fatal("agents of the previous snapshot lost access")
	}
}

func TestSheetsDownAtStartUsesTheSavedSnapshot(t *testing.T) {
	for _, backend := range []string{"embedded", "redis"} {
		t.Run(backend, func(t *testing.T) {
			extra := map[string]string{}
			if backend == "redis" {
				extra["REDIS_URL"] = storetest.RedisDB(t, 12, app.Namespace)
			}
			s := sheetstest.NewServer()
			sheetWith(s, 222.0)
			first, _ := buildWithSheets(t, s, t.TempDir(), extra)
			first.Close()
			s.Close() // Sheets is now unreachable
			dir := t.TempDir()
			if backend == "embedded" {
				dir = "" // the same DATA_DIR as the first process
			}
			ap, logs := buildWithSheets(t, s, firstDir(first, dir), extra)
			if !strings.Contains(ap.ConfigStatus(), "saved snapshot") || !strings.Contains(logs.String(), "running on the saved snapshot") {
				t.Fatalf("status %q\nlogs: %s", ap.ConfigStatus(), logs)
			}
			if in := ap.Service.Info(context.Background(), "78701"); in.Type != market.Hot {
				t.Fatalf("the saved markets are not in force: %+v", in)
			}
			if r := say(ap, 222, "/help"); !strings.Contains(r, "Commands") {
				t.Fatal("the saved agents are not in force")
			}
			if r := say(ap, 111, "/usage"); !strings.Contains(r, "saved snapshot") {
				t.Fatalf("/usage does not say so: %s", r)
			}
		})
	}
}

// firstDir is the DATA_DIR of a finished App when dir is empty.
func firstDir(a *app.App, dir string) string {
	if dir == "" {
		return a.Cfg.DataDir
	}
	return dir
}

func TestNoSheetAndNoSnapshotRunsOnTheEnvironment(t *testing.T) {
	s := sheetstest.NewServer()
	s.Close()
	ap, _ := buildWithSheets(t, s, t.TempDir(), nil)
	if st := ap.ConfigStatus(); !strings.Contains(st, "environment only") {
		t.Fatalf("status %q", st)
	}
	if r := say(ap, 500, "/help"); !strings.Contains(r, "Commands") {
		t.Fatal("the environment's agent lost access")
	}
}
