package market_test

import (
	"context"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/market/outcome"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// ATTOM answering garbage (HTTP 200, billed) costs at most two billable
// calls for a key in a day, however often agents ask.
func TestGarbageCostsAtMostTwoCallsPerKeyPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		e.srv.SetFault(attomtest.Garbage)
		ctx := context.Background()
		for i := range 12 { // every 70 minutes, through the day
			_, p, err := e.svc.Search(ctx, "78701", realty.SFR)
			if err != nil || p.Source != outcome.Estimate || p.Why.Kind == outcome.WhyNone {
				t.Fatalf("search %d: %+v %v", i, p, err)
			}
			e.clk.Advance(70 * time.Minute)
		}
		if e.srv.Billable() > 2 {
			t.Fatalf("garbage was billed %d times for one key in a day, want at most 2", e.srv.Billable())
		}
		e.consistent(t)
	})
}

// A hanging ATTOM costs one call per request, and the agent is told why.
func TestAHangIsOneCallAndSaysSo(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	e.hangsAfter(t, time.Second)
	e.srv.SetFault(attomtest.Hang)
	_, p, err := e.svc.Search(context.Background(), "78701", realty.SFR)
	if err != nil || p.Source != outcome.Estimate || p.Why.Kind != outcome.WhyTimeout {
		t.Fatalf("hang: %+v %v", p, err)
	}
	if e.srv.Calls() != 1 {
		t.Fatalf("%d requests for one search against a hanging ATTOM, want 1", e.srv.Calls())
	}
	if u := e.consistent(t); u.Today != 1 {
		t.Fatalf("the unanswered call must stay counted: %+v", u)
	}
}

// A forced refresh that fails while the data is within its freshness
// answers that data as cached and fresh, saying the refresh failed and why;
// it is never called stale.
func TestAFailedRefreshOfFreshDataIsCachedAndFresh(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	ctx := context.Background()
	if _, p, err := e.svc.Search(ctx, "78701", realty.SFR); err != nil || p.Source != outcome.Live {
		t.Fatalf("warm-up: %+v %v", p, err)
	}
	e.clk.Advance(5 * time.Minute)
	e.srv.SetFault(attomtest.Status500)
	_, p, err := e.svc.AdminRefresh(ctx, "78701", realty.SFR)
	if err != nil || p.Source != outcome.Cached || !p.Fresh || !p.Why.RefreshFailed || p.Why.Kind != outcome.WhyUnavailable || p.Cost != 0 {
		t.Fatalf("%+v %v; want cached, fresh, the refresh failed as ATTOM unavailable, nothing billed", p, err)
	}
}
