package simulate

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

func TestHotCeilingCountsWhatCallsCanCover(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	// ZIP A: asked at 09:00 and 19:00 on day 1 (one 24 h window holds both)
	// and at 09:00 on day 3. ZIP B: once. Market data of A: twice in a week.
	a := func(at time.Time, group string, market bool) ask {
		return ask{at: at, group: group, market: market, hot: true}
	}
	asks := []ask{
		a(day(1, 9), "A", false), a(day(1, 19), "A", false), a(day(3, 9), "A", false),
		a(day(2, 9), "B", false),
		a(day(1, 10), "A", true), a(day(6, 10), "A", true),
		{at: day(1, 9), group: "C"}, // not hot: not counted
	}
	for calls, want := range []float64{0, 2, 4, 5, 6, 6} {
		if got := hotCeiling(asks, int64(calls)); fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", want/6) {
			t.Errorf("%d calls: ceiling %.4f, want %.0f of 6", calls, got, want)
		}
	}
	if hotCeiling(nil, 10) != 0 {
		t.Error("no hot requests: want 0")
	}
}

func TestAsksAreReadAsTheHandlersReadThem(t *testing.T) {
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for text, want := range map[string]string{
		"/search 78701":              "78701 78701_sfr",
		"/search 78701-1234 condo 2": "78701 78701_condo",
		"/search 78701 2":            "78701 78701_sfr",
		"/property ?78701 townhouse": "78701 78701_townhouse",
		"/market 78701":              "78701_market 78701_market",
		"/property 123456789":        "prop_123456789 prop_123456789",
		"/search 7870":               "",
		"/search 78701 castle":       "",
		"/usage":                     "",
	} {
		a, ok := askOf(at, text)
		if got := a.group + " " + a.key; (ok && got != want) || (!ok && want != "") {
			t.Errorf("%q: %q (%v), want %q", text, got, ok, want)
		}
	}
}

func TestHullGainsNeverIncrease(t *testing.T) {
	got := fmt.Sprint(hullGains([]int{0, 3, 4, 6}))
	if got != "[3 1.5 1.5]" {
		t.Fatalf("gains %s; want the hull's [3 1.5 1.5]", got)
	}
}

func TestHitCeilingCountsTheMissesCallsCannotSave(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	var asks []ask
	add := func(text string, ts ...time.Time) {
		for _, t0 := range ts {
			a, ok := askOf(t0, text)
			if !ok {
				t.Fatalf("%q not read", text)
			}
			asks = append(asks, a)
		}
	}
	// Day 1: 11111 sfr at 08, 10 and 21 (two 12 h chains), condo at 09 (same
	// group); 22222's market at 09. Day 2: 22222's market at 09 (a chain).
	add("/search 11111 sfr", at(1, 8), at(1, 10), at(1, 21))
	add("/property ?11111 condo", at(1, 9))
	add("/market 22222", at(1, 9), at(2, 9))
	sort.Slice(asks, func(i, j int) bool { return asks[i].at.Before(asks[j].at) })
	// 5 misses without calls: 11111 sfr 08 and 21, condo 09; 22222 both
	// days. One call a day saves day 1's biggest group (11111: 3) and, by
	// day 2, 22222's second miss too; two a day save all.
	for _, c := range []struct {
		daily int64
		want  float64
	}{{0, 1 - 5.0/6}, {1, 1 - 1.0/6}, {2, 1}} {
		if got := hitCeiling(asks, at(1, 8), c.daily, 400, 6); fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", c.want) {
			t.Errorf("%d calls a day: ceiling %.4f, want %.4f", c.daily, got, c.want)
		}
	}
}
