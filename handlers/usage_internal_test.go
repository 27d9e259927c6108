package handlers

import (
	"errors"
	"testing"

	"realtybot/cache"
	"realtybot/market/outcome"
)

// /usage's answers line names its window: every replica's day when the
// store can be read, this process's (saying why) when it cannot.
func TestAnswersLineNamesItsWindow(t *testing.T) {
	today := outcome.Counts{Requests: cache.Snapshot{L1Hits: 6, L2Hits: 2, Misses: 2}}
	process := outcome.Counts{Requests: cache.Snapshot{L1Hits: 1, Misses: 3}}
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, "Answers today (every replica, since 00:00 UTC): 10, 80% of them from the cache without a call"},
		{errors.New("connection refused"), "Answers since this bot process started (today's counts are unreadable: the store is unreachable): 4, 25% of them from the cache without a call"},
	} {
		if got := answersWords(outcome.Report{Today: today, Process: process, TodayErr: c.err}); got != c.want {
			t.Errorf("with %v:\n got %q\nwant %q", c.err, got, c.want)
		}
	}
}
