package market_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/plan"
	"realtybot/realty"
	"realtybot/store/storetest"
)

var allScope = plan.Scope{Parts: []market.Partition{market.PartHot, market.PartStable, market.PartOther},
	Listings: true, MarketData: true, Days: 7, Horizon: 24 * time.Hour}

func ask(t *testing.T, e *env, n int, zip realty.Zip, ty realty.PropertyType) {
	t.Helper()
	for range n {
		var err error
		if ty == "" {
			_, _, err = e.svc.Market(context.Background(), zip)
		} else {
			_, _, err = e.svc.Search(context.Background(), zip, ty)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func names(cs []plan.Candidate) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return strings.Join(out, " ")
}

func TestThePlannerSpendsWhereDemandGainsMost(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.DefaultType = market.Stable
		c.Overrides = map[string]market.Override{"78701": {Type: market.Hot}, "30301": {Type: market.Emerging}}
	})
	ctx := context.Background()
	exhaust(t, e) // every answer today is an estimate: no key has real data
	ask(t, e, 20, "30301", realty.SFR)
	ask(t, e, 3, "30301", realty.Condo)
	ask(t, e, 10, "30301", "")
	ask(t, e, 2, "78701", realty.SFR)
	ask(t, e, 1, "60601", realty.Condo)
	due, err := e.due(ctx, allScope, plan.Config{HotWeight: 4, StaleWorth: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	// The much-asked emerging ZIP with no real data comes before a
	// rarely-asked hot one; its types are one candidate (one call).
	if got := names(due); got != "30301_sfr 30301_market 78701_sfr 60601_condo" {
		t.Fatalf("due %q", got)
	}
	if due[0].Demand != 23 || due[0].Partition != market.PartOther {
		t.Fatalf("first candidate %+v; want the ZIP's 23 listing requests", due[0])
	}
	// Hot weighting: at equal demand, a hot ZIP comes before a stable one.
	ask(t, e, 3, "60601", realty.Condo) // 60601 now 4, as asked as 78701 will be
	ask(t, e, 2, "78701", realty.SFR)
	if due, _ = e.due(ctx, allScope, plan.Config{HotWeight: 4, StaleWorth: 0.5}); !strings.HasSuffix(names(due), "78701_sfr 60601_condo") {
		t.Fatalf("due %q; want the hot ZIP before the stable one", names(due))
	}
	// The next day a live search makes 78701 fresh: it is no longer due, and
	// a key nobody asked for never is.
	e.clk.Advance(24 * time.Hour)
	if _, p, _ := e.svc.Search(ctx, "78701", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("hot search with budget: %+v", p)
	}
	due, _ = e.due(ctx, allScope, plan.Config{HotWeight: 4, StaleWorth: 0.5})
	if got := names(due); strings.Contains(got, "78701") || strings.Contains(got, "99999") {
		t.Fatalf("due %q lists a fresh or unasked key", got)
	}
}

// due is what the refresh planner, over the env's service and store, lists
// for sc with the shares and watches of pc.
func (e *env) due(ctx context.Context, sc plan.Scope, pc plan.Config) ([]plan.Candidate, error) {
	pc.Market, pc.Demand, pc.ListingCalls, pc.Now = e.svc, e.store, e.cfg.ListingCalls, e.clk.Now
	return plan.New(pc).Due(ctx, sc)
}

// A call buys two things: the end of the misses a key with no real data
// has on each day it is asked, and answers on fresh data, which count most
// in hot markets (where data past 24 h is not real data) and little
// elsewhere (stale data still answers).
func TestThePlannerWeighsMissesEndedAgainstHotAnswersMadeFresh(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.DefaultType = market.Stable
		c.Overrides = map[string]market.Override{"78701": {Type: market.Hot}, "10001": {Type: market.Hot}}
	})
	ctx := context.Background()
	// Day 1: real data for two hot ZIPs and a stable one, then estimates.
	for _, z := range []realty.Zip{"78701", "10001", "60601"} {
		if _, p, err := e.svc.Search(ctx, z, realty.SFR); err != nil || p.Source != outcome.Live {
			t.Fatalf("%s: %+v %v", z, p, err)
		}
	}
	exhaust(t, e)
	ask(t, e, 4, "78701", realty.SFR)              // hot, 5 requests in all
	ask(t, e, 14, "10001", realty.SFR)             // hot, 15
	ask(t, e, 4, "60601", realty.SFR)              // stable, 5
	ask(t, e, 5, "30301", realty.SFR)              // stable, 5, no real data
	if err := e.svc.FlushCounts(ctx); err != nil { // as every minute
		t.Fatal(err)
	}
	// Day 4, 03:00: the hot data is past its 24 h, the stable data within
	// hours of its 72 h.
	e.clk.Set(time.Date(2026, 3, 19, 3, 0, 0, 0, time.UTC))
	due, err := e.due(ctx, allScope, plan.Config{HotWeight: 8, StaleWorth: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	// The much-asked hot ZIP first; then the first real data of a ZIP
	// agents ask for (its misses end); then the rarely asked hot ZIP; the
	// stable ZIP's ageing data last.
	if got := names(due); got != "10001_sfr 30301_sfr 78701_sfr 60601_sfr" {
		t.Fatalf("due %q", got)
	}
	// Under a hot weight of 1 a fresh hot answer is worth one miss ended:
	// covering the ZIP with no real data comes first.
	due, _ = e.due(ctx, allScope, plan.Config{HotWeight: 1, StaleWorth: 0.9})
	if got := names(due); !strings.HasPrefix(got, "30301_sfr ") {
		t.Fatalf("due %q; want the ZIP with no real data first", got)
	}
}
