package market_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"realtybot/market"
	"realtybot/market/plan"
	"realtybot/realty"
	"realtybot/store/storetest"
	"realtybot/watch"
)

// A live refresh tells OnChange what moved against the listing it replaced;
// the first listing of a ZIP, and a refresh that moves nothing, tell
// nothing. Watched ZIPs count as demand.
func TestRefreshTellsWhatChanged(t *testing.T) {
	var mu sync.Mutex
	var got []watch.Change
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.ListingCalls = market.CallPerType
		c.OnChange = func(_ context.Context, old, cur *market.Listing, at time.Time) {
			if ch := watch.Diff(old, cur, at); !ch.Empty() {
				mu.Lock()
				got = append(got, ch)
				mu.Unlock()
			}
		}
	})
	ctx := context.Background()
	if _, _, err := e.svc.AdminRefresh(ctx, "78701", realty.SFR); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.AdminRefresh(ctx, "78701", realty.SFR); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("a first listing or an unchanged one told %+v", got)
	}
	e.srv.Revalue("78701", 1.10)
	l, _, err := e.svc.AdminRefresh(ctx, "78701", realty.SFR)
	if err != nil {
		t.Fatal(err)
	}
	valued := 0
	for _, s := range l.Items {
		if s.Price > 0 {
			valued++
		}
	}
	if len(got) != 1 || got[0].ZIP != "78701" || got[0].Type != realty.SFR || len(got[0].Moved) != valued || len(got[0].New) != 0 {
		t.Fatalf("after a 10%% revaluation of %d valued homes: %+v", valued, got)
	}
	if m := got[0].Moved[0]; m.Price < m.Was*1.08 {
		t.Fatalf("move %+v", m)
	}
	watched := func(context.Context) (map[string]int64, error) { return map[string]int64{"30301_condo": 2}, nil }
	due, err := e.due(ctx, allScope, plan.Config{Watched: watched})
	// Two watchers count as two requests a day over the days the demand
	// spans: one, as nobody has asked for anything today.
	if err != nil || names(due) != "30301_condo" || due[0].Demand != 2 {
		t.Fatalf("a watched ZIP nobody searched: due %q %+v %v", names(due), due, err)
	}
}
