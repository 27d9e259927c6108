package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market/outcome"
	"realtybot/realty"
	"realtybot/store/storetest"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// metric returns the value of the first sample of a series with labels.
func metric(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` ([0-9.e+-]+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no sample %s in /metrics", series)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestMetricsAfterAScriptedSession(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	clk := storetest.NewClock(time.Date(2026, 6, 3, 12, 0, 0, 0, time.UTC))
	app, m := replica(t, replicaRedis(t), atm.URL, clk, map[string]string{"AGENT_IDS": "2"})
	h := handlers.New(app.Service, app.Access, reply.Plain, clk.Now, nil)
	h.Observe = app.Metrics.Command
	ctx := context.Background()
	m.Tick(ctx) // the first tick runs the catch-up tasks; nothing is due yet
	for _, cmd := range []string{"/search 78701", "/search 78701", "/market 78701", "/property 9000787010001", "/search 78702 condo", "/usage"} {
		h.Handle(ctx, handlers.Request{UserID: 1, ChatID: 1, Text: cmd})
		app.Service.WaitL1() // ristretto admits a write asynchronously: the repeat must find it
	}
	atm.SetFault(attomtest.Status500)
	h.Handle(ctx, handlers.Request{UserID: 2, ChatID: 2, Text: "/search 10001"})
	code, body := get(t, app.OpsMux(), "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	checks := []struct {
		series string
		ok     func(float64) bool
	}{
		{`realtybot_cache_hits_total{tier="l1"}`, func(v float64) bool { return v >= 1 }},
		{`realtybot_cache_hits_total{tier="l2"}`, func(v float64) bool { return v >= 0 }},
		{`realtybot_cache_misses_total`, func(v float64) bool { return v >= 3 }},
		{`realtybot_cache_hit_rate`, func(v float64) bool { return v > 0 && v < 1 }},
		{`realtybot_cache_entries`, func(v float64) bool { return v >= 3 }},
		{`realtybot_cache_efficiency`, func(v float64) bool { return v > 0 && v <= 1 }},
		{`realtybot_cache_stale_ratio`, func(v float64) bool { return v >= 0 && v <= 1 }},
		{`realtybot_answers_total{source="live"}`, func(v float64) bool { return v == 3 }},
		{`realtybot_answers_total{source="cached"}`, func(v float64) bool { return v == 1 }},
		{`realtybot_answers_total{source="estimate"}`, func(v float64) bool { return v == 2 }},
		{`realtybot_attom_usage_calls{period="day"}`, func(v float64) bool { return v == float64(atm.Billable()) }},
		{`realtybot_attom_limit_calls{period="day"}`, func(v float64) bool { return v == 13 }},
		{`realtybot_attom_usage_calls{period="month"}`, func(v float64) bool { return v == float64(atm.Billable()) }},
		{`realtybot_attom_usage_ratio{period="day"}`, func(v float64) bool { return v > 0 }},
		{`realtybot_attom_calls_total{billed="true",endpoint="/propertyapi/v1.0.0/avm/snapshot",status="200"}`, func(v float64) bool { return v == 2 }},
		{`realtybot_attom_calls_total{billed="false",endpoint="/propertyapi/v1.0.0/avm/snapshot",status="500"}`, func(v float64) bool { return v >= 1 }},
		{`realtybot_attom_call_seconds_count{endpoint="/v4/transaction/salestrend"}`, func(v float64) bool { return v == 1 }},
		{`realtybot_handler_seconds_count{command="search",source="live"}`, func(v float64) bool { return v == 2 }},
		{`realtybot_handler_seconds_count{command="usage",source="none"}`, func(v float64) bool { return v == 1 }},
		{`realtybot_errors_total{kind="attom"}`, func(v float64) bool { return v >= 1 }},
		{`realtybot_errors_total{kind="telegram"}`, func(v float64) bool { return v == 0 }},
		{`realtybot_scheduler_runs_total{outcome="ok",task="expire"}`, func(v float64) bool { return v == 1 }},
		{`realtybot_ledger_up`, func(v float64) bool { return v == 1 }},
	}
	for _, c := range checks {
		if v := metric(t, body, c.series); !c.ok(v) {
			t.Errorf("%s = %v: implausible", c.series, v)
		}
	}
}

func TestReadyzFollowsRedis(t *testing.T) {
	rp := storetest.NewRedisServer(t)
	atm := attomtest.NewServer()
	defer atm.Close()
	app, _ := replica(t, rp.URL(), atm.URL, storetest.NewClock(appInstant), nil)
	mux := app.OpsMux()
	if code, body := get(t, mux, "/readyz"); code != 200 {
		t.Fatalf("/readyz with Redis up: %d %s", code, body)
	}
	rp.Stop()
	code, body := get(t, mux, "/readyz")
	if code != 503 || !strings.Contains(body, "unreachable") {
		t.Fatalf("/readyz with Redis down: %d %s", code, body)
	}
	if code, _ := get(t, mux, "/healthz"); code != 200 {
		t.Fatal("/healthz must stay up: the process is alive")
	}
	rp.Start(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _ := get(t, mux, "/readyz"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after Redis came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestReadyzSaysWhyAnEvictingRedisStopsLiveCalls(t *testing.T) {
	rp := storetest.NewRedisServer(t, "--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru")
	atm := attomtest.NewServer()
	defer atm.Close()
	app, _ := replica(t, rp.URL(), atm.URL, storetest.NewClock(appInstant), nil)
	code, body := get(t, app.OpsMux(), "/readyz")
	if code != 503 || !strings.Contains(body, "volatile-lru") || !strings.Contains(body, "noeviction") {
		t.Fatalf("/readyz on volatile-lru: %d %s", code, body)
	}
	if _, p, _ := app.Service.Search(context.Background(), "78701", realty.SFR); p.Source != outcome.Estimate || atm.Calls() != 0 {
		t.Fatalf("a search on an unsafe store: %+v, %d ATTOM calls", p, atm.Calls())
	}
}

// /metrics carries build_info and the Go and process collectors; with
// METRICS_ADDR it leaves the public port for a private one.
func TestMetricsIdentityAndPrivatePort(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	app, _ := replica(t, replicaRedis(t), atm.URL, storetest.NewClock(appInstant), nil)
	code, body := get(t, app.OpsMux(), "/metrics")
	for _, want := range []string{`realtybot_build_info{commit="`, "go_goroutines ", "process_resident_memory_bytes "} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("/metrics lacks %q (%d)", want, code)
		}
	}
	app.Cfg.MetricsAddr = "127.0.0.1:0"
	if code, _ := get(t, app.OpsMux(), "/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics on the public port with METRICS_ADDR set: %d", code)
	}
	if code, _ := get(t, app.MetricsMux(), "/metrics"); code != 200 {
		t.Fatalf("/metrics on the private port: %d", code)
	}
}

// At the day's limit nothing says live calls are on: /usage, /quota,
// /readyz and /metrics read the one value, and say the same reason.
func TestTheDaysLimitIsOneReadingEverywhere(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	clk := storetest.NewClock(appInstant)
	app, _ := replica(t, replicaRedis(t), atm.URL, clk, nil)
	h := handlers.New(app.Service, app.Access, reply.Plain, clk.Now, nil)
	ctx := context.Background()
	say := func(text string) string {
		return h.Handle(ctx, handlers.Request{UserID: 1, ChatID: 1, Text: text}).Text
	}
	readings := func() (usage, quota, readyz, metrics string) {
		_, readyz = get(t, app.OpsMux(), "/readyz")
		_, metrics = get(t, app.OpsMux(), "/metrics")
		return say("/usage"), say("/quota"), readyz, metrics
	}
	usage, quota, readyz, metrics := readings()
	if !strings.Contains(usage, "Live calls are on.") || !strings.Contains(quota, "Live calls are on.") ||
		!strings.Contains(readyz, "live calls on") || metric(t, metrics, "realtybot_live_calls_allowed") != 1 {
		t.Fatalf("with the day's budget left:\n%s\n%s\n%s", usage, quota, readyz)
	}
	if _, err := app.Ledger.Raise(ctx, "admin", 13, -1); err != nil {
		t.Fatal(err)
	}
	usage, quota, readyz, metrics = readings()
	const why = "today's ATTOM budget (13 calls) is spent"
	for name, text := range map[string]string{"/usage": usage, "/quota": quota, "/readyz": readyz} {
		if strings.Contains(strings.ToLower(text), "live calls are on") || strings.Contains(text, "live calls on") || !strings.Contains(text, why) {
			t.Errorf("%s at the day's limit:\n%s", name, text)
		}
	}
	if metric(t, metrics, "realtybot_live_calls_allowed") != 0 || metric(t, metrics, `realtybot_live_calls_off{reason="day-spent"}`) != 1 ||
		metric(t, metrics, `realtybot_live_calls_off{reason="unsafe"}`) != 0 {
		t.Error("/metrics at the day's limit does not say the day is spent")
	}
}
