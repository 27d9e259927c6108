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
