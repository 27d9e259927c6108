package bot

import (
	"fmt"
	"testing"
	"time"
)

func TestHotCeilingCountsWhatCallsCanCover(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	// ZIP A: asked at 09:00 and 19:00 on day 1 (one 24 h window holds both)
	// and at 09:00 on day 3. ZIP B: once. Market data of A: twice in a week.
	asks := []hotAsk{
		{day(1, 9), "A", false}, {day(1, 19), "A", false}, {day(3, 9), "A", false},
		{day(2, 9), "B", false},
		{day(1, 10), "A", true}, {day(6, 10), "A", true},
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

func TestHullGainsNeverIncrease(t *testing.T) {
	got := fmt.Sprint(hullGains([]int{0, 3, 4, 6}))
	if got != "[3 1.5 1.5]" {
		t.Fatalf("gains %s; want the hull's [3 1.5 1.5]", got)
	}
}
