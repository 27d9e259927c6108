package config_test

import (
	"strings"
	"testing"

	"realtybot/config"
)

func TestDefaultsNeedNothing(t *testing.T) {
	c, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxDaily != 13 || c.MaxMonthly != 400 || c.MaxAgentDaily != 3 || c.DataDir != "./data" || c.RedisURL != "" ||
		c.DefaultMarketType != "stable" || c.AttomBaseURL != "https://api.gateway.attomdata.com" || c.AttomRate != 200 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	env := map[string]string{"MAX_DAILY_CALLS": "500", "ADMIN_IDS": "12,bob", "ATTOM_BASE_URL": "ftp://x", "TELEGRAM_MODE": "push", "LOG_LEVEL": "loud"}
	_, err := config.Load(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"exceeds MAX_MONTHLY_CALLS", `"bob" is not a Telegram user id`, "ATTOM_BASE_URL", "TELEGRAM_MODE", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestMarketsCSV(t *testing.T) {
	csv := "zip,market_type,price_mult,rent_mult,appreciation_mult,partition\n" +
		"78701,hot,1.2,,1.1\n" +
		"2134,stable\n" +
		"abc,hot\n" +
		"10001,,\n" +
		"60601,cooling,lots\n" +
		"94105-1234,growing,1,1,1,hot\n"
	rows, bad := config.ParseMarkets(strings.NewReader(csv), "markets.csv")
	if len(rows) != 3 || rows[0].ZIP != "78701" || rows[0].Price != 1.2 || rows[0].Rent != 0 || rows[0].Appreciation != 1.1 {
		t.Fatalf("rows %+v", rows)
	}
	if rows[1].ZIP != "02134" || rows[2].ZIP != "94105" || rows[2].Partition != "hot" {
		t.Fatalf("normalized rows %+v", rows)
	}
	text := ""
	for _, e := range bad {
		text += e.Error() + "\n"
	}
	for _, want := range []string{"line 3: ZIP 2134 read as 02134", "line 4, column A: ZIP \"abc\"", "line 5, column B: market type is empty", "line 6, column C: multiplier"} {
		if !strings.Contains(text, want) {
			t.Errorf("reports lack %q:\n%s", want, text)
		}
	}
}

// A malformed line skips only itself, and a byte-order mark is not a bad row.
func TestMarketsCSVSkipsOnlyItsBadLines(t *testing.T) {
	in := "\ufeffzip,market_type\n78701,hot\n\"78702,stable\n78703,cooling\r\n02134,stable\n"
	rows, bad := config.ParseMarkets(strings.NewReader(in), "markets.csv")
	var zips []string
	for _, r := range rows {
		zips = append(zips, r.ZIP)
	}
	if strings.Join(zips, ",") != "78701,78703,02134" || len(bad) != 1 || !strings.Contains(bad[0].Error(), "line 3") {
		t.Fatalf("rows %v, problems %v; want every row but the one with the stray quote, reported on line 3", zips, bad)
	}
}

// A ZIP configured twice is a problem that names both lines; the first row
// stands (it was the last, silently, before).
func TestMarketsCSVNamesADuplicateZIPsLines(t *testing.T) {
	in := "zip,market_type\n78701,hot\n10001,stable\n78701-0001,cooling\n"
	rows, bad := config.ParseMarkets(strings.NewReader(in), "markets.csv")
	if len(rows) != 2 || rows[0].Type != "hot" || len(bad) != 1 ||
		!strings.Contains(bad[0].Error(), "markets.csv line 4: ZIP 78701 is already configured on line 2") {
		t.Fatalf("rows %+v, problems %v", rows, bad)
	}
}
