package config_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"realtybot/config"
	"realtybot/config/sheetstest"
)

var now = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

// goodSheet fills the fake with a valid configuration.
func goodSheet(s *sheetstest.Server) {
	s.SetTab("markets", [][]any{
		{"zip", "market_type", "price_mult", "rent_mult", "appreciation_mult", "partition"},
		{"78701", "hot", 1.2, "1.1", nil, ""},
		{2134.0, "stable"},
		{"30301", "cooling", "", "", "", "stable"},
	})
	s.SetTab("settings", [][]any{{"key", "value"}, {"max_daily_calls", 10.0}, {"ttl_hot", "36"}, {"reload_interval", "10m"}, {"default_market_type", "growing"}})
	s.SetTab("agents", [][]any{{"telegram_user_id", "name"}, {222.0, "Ann"}, {"333", "Bob"}})
	s.SetTab("admins", [][]any{{"telegram_user_id", "name"}, {111.0}})
}

func loader(t *testing.T, s *sheetstest.Server, cfg config.Config) *config.Sheets {
	t.Helper()
	cfg.SheetsID, cfg.SheetsEndpoint = sheetstest.SpreadsheetID, s.Endpoint()
	l, err := config.NewSheets(context.Background(), &cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l.WithRetries(4, time.Millisecond)
}

func apiKeyLoader(t *testing.T, s *sheetstest.Server) *config.Sheets {
	return loader(t, s, config.Config{SheetsAPIKey: sheetstest.APIKey})
}

func TestSheetsHappyPathWithAServiceAccount(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	goodSheet(s)
	path := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(path, s.ServiceAccountJSON(), 0o600)
	snap, probs, err := loader(t, s, config.Config{SheetsCredentials: path}).Load(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Markets) != 3 || snap.Markets[0].Price != 1.2 || snap.Markets[0].Rent != 1.1 || snap.Markets[2].Partition != "stable" {
		t.Fatalf("markets %+v", snap.Markets)
	}
	if snap.Markets[1].ZIP != "02134" || len(probs) != 1 || !strings.Contains(probs[0].Error(), "markets!A3: ZIP 2134 read as 02134") {
		t.Fatalf("padded ZIP: %+v %v", snap.Markets[1], probs)
	}
	st := snap.Settings
	if *st.MaxDaily != 10 || st.TTL["hot"] != 36*time.Hour || st.Reload != 10*time.Minute || st.DefaultMarketType != "growing" {
		t.Fatalf("settings %+v", st)
	}
	if len(snap.Agents) != 2 || snap.Agents[0].ID != 222 || snap.Agents[1].Name != "Bob" || len(snap.Admins) != 1 || snap.Admins[0].ID != 111 {
		t.Fatalf("people %+v %+v", snap.Agents, snap.Admins)
	}
	if s.Reads() != 1 {
		t.Fatalf("%d reads for one load, want 1 batchGet", s.Reads())
	}
}

func TestSheetsBadRowsAreReportedAndTheRestApplies(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	goodSheet(s)
	s.SetTab("markets", [][]any{
		{"ZIP", "Market Type"}, // header case and spaces are forgiven; optional columns left out
		{"78701", "hot"},
		{"7870", "hot"},
		{"10001", "lukewarm"},
		{"60601", "growing", "cheap"},
		{},
		{"94105", "emerging", 0.9, nil, nil, "sideways"},
		{"98101", "growing", true},
	})
	s.SetTab("settings", [][]any{{"key", "value"}, {"max_daily_calls", "-1"}, {"colour", "blue"}, {"max_monthly_calls", "300"}})
	s.SetTab("agents", [][]any{{"telegram_user_id"}, {"bob"}, {444.0}})
	snap, probs, err := apiKeyLoader(t, s).Load(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Markets) != 1 || snap.Markets[0].ZIP != "78701" || snap.Settings.MaxDaily != nil || *snap.Settings.MaxMonthly != 300 || len(snap.Agents) != 1 {
		t.Fatalf("applied: %+v %+v %+v", snap.Markets, snap.Settings, snap.Agents)
	}
	var text []string
	for _, p := range probs {
		text = append(text, p.Error())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"markets!A3: ZIP \"7870\"", "markets!B4: market type \"lukewarm\"", "markets!C5: multiplier \"cheap\"",
		"markets!F7: partition \"sideways\"", "markets!C8: multiplier \"true\"", "settings!B2: max_daily_calls", "settings!A3: unknown setting \"colour\"",
		"agents!A2: \"bob\" is not a Telegram user id"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

func TestSheetsStructuralErrorsFailTheWholeLoad(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	goodSheet(s)
	s.RemoveTab("admins")
	if _, _, err := apiKeyLoader(t, s).Load(context.Background(), now); err == nil || !strings.Contains(err.Error(), "tab may be missing") {
		t.Fatalf("missing tab: %v", err)
	}
	if s.Reads() != 1 {
		t.Fatalf("a 400 was retried: %d reads", s.Reads())
	}
	goodSheet(s)
	s.SetTab("agents", [][]any{{"user", "name"}, {1.0, "x"}})
	if _, _, err := apiKeyLoader(t, s).Load(context.Background(), now); err == nil || !strings.Contains(err.Error(), `header A1 is "user", want "telegram_user_id"`) {
		t.Fatalf("wrong header: %v", err)
	}
	s.SetTab("agents", nil)
	if _, _, err := apiKeyLoader(t, s).Load(context.Background(), now); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("empty tab: %v", err)
	}
}

func TestSheetsRetriesTransientErrorsOnly(t *testing.T) {
	s := sheetstest.NewServer()
	defer s.Close()
	goodSheet(s)
	s.FailNext(429, 500)
	if _, _, err := apiKeyLoader(t, s).Load(context.Background(), now); err != nil {
		t.Fatalf("after 429 and 500: %v", err)
	}
	if s.Reads() != 3 {
		t.Fatalf("%d reads, want 3 (two failures, one success)", s.Reads())
	}
	s.FailNext(403)
	_, _, err := apiKeyLoader(t, s).Load(context.Background(), now)
	if err == nil || !strings.Contains(err.Error(), "share the sheet") || s.Reads() != 4 {
		t.Fatalf("403: %v after %d reads; want one read and advice", err, s.Reads())
	}
	wrong := loader(t, s, config.Config{SheetsAPIKey: "nope"})
	if _, _, err := wrong.Load(context.Background(), now); err == nil {
		t.Fatal("a wrong API key loaded")
	}
}

func TestFileSnapshotsRoundTrip(t *testing.T) {
	f := config.FileSnapshots{Dir: t.TempDir()}
	if _, err := f.LoadSnapshot(context.Background()); err != config.ErrNoSnapshot {
		t.Fatalf("empty: %v", err)
	}
	f.SaveSnapshot(context.Background(), []byte(`{"a":1}`))
	if b, err := f.LoadSnapshot(context.Background()); err != nil || string(b) != `{"a":1}` {
		t.Fatalf("%q %v", b, err)
	}
}
