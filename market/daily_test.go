package market_test

import (
	"context"
	"testing"
	"time"

	"realtybot/market/outcome"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// Today's hit rate is every replica's answers since 00:00 UTC, kept in L2:
// a second process (a replica, or the same bot restarted) reads what the
// first flushed with its own answers, and a new day starts from nothing
// while the week keeps them.
func TestTodaysAnswersAreEveryReplicasAndSurviveARestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		e := newEnv(t, b, nil)
		first := e.svc
		first.Search(ctx, "78701", realty.SFR) // live: a miss
		first.WaitL1()
		first.Search(ctx, "78701", realty.SFR) // an L1 hit
		if err := first.FlushCounts(ctx); err != nil {
			t.Fatal(err)
		}
		first.Search(ctx, "78701", realty.SFR) // counted, not flushed: the first's own
		e.restart(t)
		if _, p, _ := e.svc.Search(ctx, "78701", realty.SFR); p.Tier != "L2" {
			t.Fatalf("the second process answered from %q, want L2", p.Tier)
		}
		r := e.svc.Report(ctx)
		if r.TodayErr != nil || r.Today.Total() != 3 || r.Today.Requests.Misses != 1 || r.Today.Requests.L1Hits != 1 || r.Today.Requests.L2Hits != 1 ||
			r.Today.Answers[outcome.Live] != 1 || r.Today.Answers[outcome.Cached] != 2 {
			t.Fatalf("today %+v (%v); want the first's 2 flushed answers and the second's own", r.Today, r.TodayErr)
		}
		if r.Process.Total() != 1 {
			t.Fatalf("this process %+v; want its one answer", r.Process)
		}
		if got := r.Today.Requests.HitRate(); got < 0.66 || got > 0.67 {
			t.Fatalf("today's hit rate %.3f, want 2 of 3", got)
		}
		e.svc.FlushCounts(ctx)
		e.svc.FlushCounts(ctx) // nothing new: nothing added twice
		e.clk.Advance(24 * time.Hour)
		if r := e.svc.Report(ctx); r.Today.Total() != 0 {
			t.Fatalf("the next day starts with %+v", r.Today)
		}
		if w, err := e.svc.Days(ctx, 7); err != nil || w.Total() != 3 {
			t.Fatalf("the week: %+v %v; want the 3 flushed answers", w, err)
		}
	})
}
