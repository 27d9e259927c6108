package market_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// spend uses n of today's calls through the ledger, as other requests would.
func spend(t *testing.T, e *env, n int) {
	t.Helper()
	for range n {
		if _, err := e.ledger.Reserve(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
	}
}

// exhaust spends what is left of today's calls.
func exhaust(t *testing.T, e *env) {
	t.Helper()
	for {
		_, err := e.ledger.Reserve(context.Background(), "")
		if errors.Is(err, quota.ErrDailyLimit) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestStableMarketsLeaveTheLastCallsToHotOnes(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.DefaultType = market.Stable
		c.Overrides = map[string]market.Override{"78701": {Type: market.Hot}}
	})
	ctx := context.Background()
	spend(t, e, 11) // 2 left = HotReserve
	_, p, _ := e.svc.Search(ctx, "10001", realty.SFR)
	if p.Source != outcome.Estimate || (p.Why != outcome.Why{Kind: outcome.WhyHotReserve, Limit: 2}) {
		t.Fatalf("stable market with 2 calls left: %+v; want an estimate keeping them for hot markets", p)
	}
	if _, p, _ = e.svc.Search(ctx, "78701", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("hot market: %+v; want live", p)
	}
}

func TestOtherMarketsRefreshMonthlyAndServeRealDataMeanwhile(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.Overrides = map[string]market.Override{"30301": {Type: market.Cooling}}
	})
	ctx := context.Background()
	if _, p, _ := e.svc.Search(ctx, "30301", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("first search with budget: %+v; want live (not a blanket ban)", p)
	}
	e.clk.Advance(6 * 24 * time.Hour) // past the cooling TTL (120 h), within the month
	if _, p, _ := e.svc.Search(ctx, "30301", realty.SFR); p.Source != outcome.Stale || p.Why.Kind != outcome.WhyMonthly {
		t.Fatalf("after 6 days: %+v; want stale, refreshed monthly", p)
	}
	e.clk.Advance(25 * 24 * time.Hour)
	if _, p, _ := e.svc.Search(ctx, "30301", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("after a month: %+v; want a live refresh", p)
	}
	if e.srv.Billable() != 2 {
		t.Fatalf("billed %d, want 2", e.srv.Billable())
	}
}

func TestFirstSearchesUseEstimatesWhenTheMonthIsAheadOfPace(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) { c.DefaultType = market.Stable })
	ctx := context.Background()
	e.ledger.SetLimits(quota.Limits{Daily: 13, Monthly: 31, AgentDaily: 3})
	// March 16th of 31 days: a straight line allows 16 calls by today.
	for d := range 16 {
		e.clk.Set(time.Date(2026, 3, 1+d, 9, 0, 0, 0, time.UTC))
		spend(t, e, 1)
	}
	_, p, _ := e.svc.Search(ctx, "10001", realty.SFR)
	if p.Source != outcome.Estimate || p.Why.Kind != outcome.WhyPacing {
		t.Fatalf("first search ahead of pace: %+v; want an estimate", p)
	}
	e.svc.Settings().SetOverrides(map[string]market.Override{"10001": {Type: market.Hot}})
	if _, p, _ = e.svc.Search(ctx, "10001", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("hot markets are not paced: %+v", p)
	}
}

func TestAnAgentCannotSpendTheDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := quota.WithAgent(context.Background(), "555")
		live := 0
		for i := range 6 {
			_, p, err := e.svc.Search(ctx, realty.Zip(fmt.Sprintf("%05d", 20001+i)), realty.SFR)
			if err != nil {
				t.Fatal(err)
			}
			if p.Source == outcome.Live {
				live++
			} else if p.Why.Kind != outcome.WhyAgentCap {
				t.Fatalf("refusal reason %v", p.Why.Kind)
			}
		}
		if live != 3 || e.srv.Billable() != 3 {
			t.Fatalf("agent got %d live answers, ATTOM billed %d; want 3 and 3", live, e.srv.Billable())
		}
		if _, p, _ := e.svc.Search(context.Background(), "20010", realty.SFR); p.Source != outcome.Live {
			t.Fatalf("the rest of the day is still there for others: %+v", p)
		}
	})
}

func TestNoUpstreamMeansEstimatesSaySo(t *testing.T) {
	b := storetest.Bolt(t)
	svc, err := market.New(market.Config{Store: b.Store, Namespace: b.NS})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	l, p, err := svc.Search(context.Background(), "78701", realty.Condo)
	if err != nil || p.Source != outcome.Estimate || p.Why.Kind != outcome.WhyNoKey {
		t.Fatalf("%+v %v", p, err)
	}
	for _, r := range l.Items {
		if !r.Estimate || r.Price <= 0 {
			t.Fatalf("an estimate record not marked or empty: %+v", r)
		}
	}
}

func TestFreshnessStretchesWhenTheMonthRunsLow(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), func(c *market.Config) {
		c.Overrides = map[string]market.Override{"10001": {Type: market.Growing}, "10002": {Type: market.Hot}}
	})
	ctx := context.Background()
	ttl := func(zip string) time.Duration {
		it, _, err := e.svc.Listings().GetUncounted(ctx, zip+"_sfr")
		if err != nil {
			t.Fatal(err)
		}
		return it.FreshUntil.Sub(it.FetchedAt)
	}
	e.svc.Search(ctx, "10001", realty.SFR)
	if d := ttl("10001"); d != 48*time.Hour {
		t.Fatalf("on pace: growing TTL %v, want [ttl-property]'s 48h", d)
	}
	// March 16th: 195 of 400 calls would be on pace; 390 is twice the pace.
	e.ledger.SetLimits(quota.Limits{Daily: 400, Monthly: 400, AgentDaily: 400})
	spend(t, e, 388)
	e.clk.Advance(time.Minute)
	e.svc.AdminRefresh(ctx, "10001", realty.SFR)
	if d := ttl("10001"); d <= 48*time.Hour || d > 120*time.Hour {
		t.Fatalf("ahead of pace: growing TTL %v, want stretched up to the 120h tolerance", d)
	}
	e.svc.Search(ctx, "10002", realty.SFR)
	if d := ttl("10002"); d != 24*time.Hour {
		t.Fatalf("hot markets never stretch: %v", d)
	}
}

// When the day's calls are spent, the answer says when live data comes
// back: at the next 00:00 UTC (handlers/words says it in the bot's zone).
func TestASpentDaySaysWhenLiveDataComesBack(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	if _, err := e.ledger.Raise(context.Background(), "admin", 13, -1); err != nil {
		t.Fatal(err)
	}
	_, p, _ := e.svc.Search(context.Background(), "78701", realty.SFR)
	now := e.clk.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	if want := (outcome.Why{Kind: outcome.WhyDaySpent, Limit: 13, Until: midnight}); p.Source != outcome.Estimate || p.Why != want {
		t.Fatalf("%+v, want %+v", p, want)
	}
}
