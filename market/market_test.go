package market_test

import (
	"context"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/sweep"
	"realtybot/realty"
	"realtybot/store/storetest"
)

func TestMarketFindsTheGeoIDClassifiesAndCaches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, func(c *market.Config) { c.DefaultType = market.Stable })
		ctx := context.Background()
		md, p, err := e.svc.Market(ctx, "78701")
		if err != nil || p.Source != outcome.Live || p.Cost != 1 {
			t.Fatalf("cold market: %+v %v; want live at 1 call (the free lookup locates it, then the trend)", p, err)
		}
		if len(md.Trend) != 5 || md.MedianPrice <= 0 || md.Classified == "" || md.TypeBasis != "classified" || md.Type != md.Classified {
			t.Fatalf("market data %+v", md)
		}
		want, _ := market.Classify(md.Trend)
		if md.Classified != want {
			t.Fatalf("classified %s, rule says %s", md.Classified, want)
		}
		g := attomtest.GrowthRate("78701")
		if d := md.Growth - g; d > 0.001 || d < -0.001 {
			t.Fatalf("growth %.4f, the fake's trend grows %.4f", md.Growth, g)
		}
		if _, p, _ := e.svc.Market(ctx, "78701"); p.Source != outcome.Cached {
			t.Fatalf("second /market: %+v", p)
		}
		// A ZIP with a cached listing needs only the trend call.
		e.svc.Search(ctx, "10001", realty.Condo)
		if _, p, _ := e.svc.Market(ctx, "10001"); p.Cost != 1 {
			t.Fatalf("market with a known geoIdV4 cost %d, want 1", p.Cost)
		}
		// Configuration wins over classification and says so.
		e.svc.Settings().SetOverrides(map[string]market.Override{"78701": {Type: market.Cooling, Multipliers: market.Multipliers{Price: 0.8}}})
		md, _, _ = e.svc.Market(ctx, "78701")
		if md.Type != market.Cooling || md.TypeBasis != "configured" || md.Multipliers.Price != 0.8 || md.Multipliers.Rent != 0.95 {
			t.Fatalf("override: %+v", md)
		}
		e.consistent(t)
	})
}

func TestMarketWithoutBudgetIsAnEstimateThenStale(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	ctx := context.Background()
	exhaust(t, e)
	md, p, err := e.svc.Market(ctx, "78701")
	if err != nil || p.Source != outcome.Estimate || !md.Estimate || len(md.Trend) == 0 {
		t.Fatalf("no budget: %+v %v", p, err)
	}
	e.clk.Advance(24 * time.Hour)
	e.svc.Market(ctx, "78701")
	e.clk.Advance(8 * 24 * time.Hour) // past 168 h
	exhaust(t, e)
	if _, p, _ := e.svc.Market(ctx, "78701"); p.Source != outcome.Stale {
		t.Fatalf("after a week without budget: %+v; want stale", p)
	}
}

func TestPropertyIsCachedLiveOrAnEstimate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := context.Background()
		l, _, _ := e.svc.Search(ctx, "78701", realty.SFR)
		r, p, err := e.svc.Property(ctx, l.Items[0].ID)
		if err != nil || p.Source != outcome.Cached || r.ID != l.Items[0].ID || r.Score.Total != l.Items[0].Score {
			t.Fatalf("record from a search: %+v %v", p, err)
		}
		if r.Analysis.PricePerSqft <= 0 || r.Score.Total <= 0 || r.Market.Type != market.Hot {
			t.Fatalf("denormalized record incomplete: %+v", r)
		}
		id := attomtest.AttomID("10001", 7)
		r, p, err = e.svc.Property(ctx, fmtInt(id))
		if err != nil || p.Source != outcome.Live || r.Basic.ZIP != "10001" || r.Basic.PriceBasis != "avm" {
			t.Fatalf("live lookup: %+v %+v %v", r, p, err)
		}
		if _, p, _ = e.svc.Property(ctx, fmtInt(id)); p.Source != outcome.Cached {
			t.Fatalf("second lookup: %+v", p)
		}
		exhaust(t, e)
		mock, mp, _ := e.svc.Search(ctx, "99501", realty.Condo)
		if mp.Source != outcome.Estimate {
			t.Fatalf("want an estimate, got %+v", mp)
		}
		r, p, err = e.svc.Property(ctx, mock.Items[2].ID)
		if err != nil || p.Source != outcome.Estimate || !r.Estimate || r.ID != mock.Items[2].ID || r.Basic.Price != mock.Items[2].Price {
			t.Fatalf("estimate id: %+v %+v %v", r, p, err)
		}
		if _, _, err := e.svc.Property(ctx, "123456"); err == nil {
			t.Fatal("an unknown id with no budget left must say it cannot be looked up")
		}
	})
}

func TestDealsComeFromTheIndexWithoutCalls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, func(c *market.Config) {
			c.DefaultType = market.Stable
			c.Overrides = map[string]market.Override{"78701": {Type: market.Hot}, "10001": {Type: market.Hot}}
		})
		ctx := context.Background()
		for _, z := range []realty.Zip{"78701", "10001", "60601"} {
			e.svc.Search(ctx, z, realty.SFR)
		}
		calls := e.srv.Calls()
		deals, err := e.svc.Deals(ctx, market.Hot, 400_000, 50)
		if err != nil || len(deals) == 0 {
			t.Fatalf("deals: %v %d", err, len(deals))
		}
		for i, d := range deals {
			if d.Market.Type != market.Hot || d.Basic.Price > 400_000 || d.Estimate || (d.Basic.ZIP != "78701" && d.Basic.ZIP != "10001") {
				t.Fatalf("deal %+v outside hot markets under 400k", d.Basic)
			}
			if i > 0 && d.Score.Total > deals[i-1].Score.Total {
				t.Fatal("deals not sorted by score")
			}
		}
		if all, _ := e.svc.Deals(ctx, "", 1e10, 500); len(all) <= len(deals) {
			t.Fatalf("all markets (%d) should include the stable ZIP too (hot: %d)", len(all), len(deals))
		}
		if e.srv.Calls() != calls {
			t.Fatal("/deals called ATTOM")
		}
	})
}

func TestCleanupRemovesExpiredEntriesAndDanglingIndexMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := context.Background()
		e.svc.Search(ctx, "78701", realty.SFR)
		if deals, _ := e.svc.Deals(ctx, market.Hot, 1e10, 500); len(deals) == 0 {
			t.Fatal("no indexed deals to clean")
		}
		// Past the hot TTL and the 30-day stale window: everything is gone for readers.
		e.clk.Advance(24*time.Hour + market.StaleWindow + time.Minute)
		sw := sweep.New(sweep.Config{Store: e.store, Market: e.svc, Namespace: b.NS, Now: e.clk.Now})
		rep, err := sw.Daily(ctx)
		if err != nil || rep.Expired+rep.Dangling == 0 || rep.IndexRemoved == 0 {
			t.Fatalf("cleanup %+v %v; want expired entries and index members removed", rep, err)
		}
		if h := e.svc.Report(ctx).Health; h.Entries != 0 {
			t.Fatalf("entries left after cleanup: %+v", h)
		}
		if rep, _ := sw.Daily(ctx); rep != (sweep.Report{}) {
			t.Fatalf("a second cleanup found more: %+v", rep)
		}
		if e.srv.Calls() != 1 {
			t.Fatal("cleanup called ATTOM")
		}
	})
}

// One mixed sample of the ZIP fills every type it holds a page of; a rarer
// type costs one call of its own, never another sample, and no request
// joins the values of a single-value filter.
func TestOneSampleFillsTheCommonTypesOfAZIP(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	ctx := context.Background()
	if l, p, _ := e.svc.Search(ctx, "78701", realty.SFR); p.Source != outcome.Live || p.Cost != 1 || !l.Mixed || l.Sampled != 100 || l.Total < 1000 {
		t.Fatalf("first type: %+v %+v", p, l)
	}
	calls, rare := int64(1), 0
	for _, ty := range realty.PropertyTypes {
		l, p, err := e.svc.Search(ctx, "78701", ty)
		switch {
		case err != nil:
			t.Fatal(err)
		case p.Source == outcome.Cached && l.Mixed && len(l.Items) >= market.MinSample:
		case p.Source == outcome.Live && p.Cost == 1 && !l.Mixed && len(l.Items) > market.MinSample:
			calls, rare = calls+1, rare+1
		default:
			t.Fatalf("%s after one ZIP sample: %+v, %d items, mixed %v", ty, p, len(l.Items), l.Mixed)
		}
		for _, it := range l.Items {
			if it.Estimate || it.Price <= 0 && it.Label != "no price" {
				t.Fatalf("%s: an estimate or an unpriced item in a live listing: %+v", ty, it)
			}
		}
	}
	if rare == 0 || rare == len(realty.PropertyTypes)-1 {
		t.Fatalf("%d rare types: the sample should hold some types and miss others", rare)
	}
	if e.srv.Billable() != calls || e.srv.Rejected() != 0 {
		t.Fatalf("billed %d, want %d; %d requests refused as malformed", e.srv.Billable(), calls, e.srv.Rejected())
	}
}

func TestMarketEstimatesAreCachedForTwelveHours(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	ctx := context.Background()
	exhaust(t, e)
	first, p0, err := e.svc.Market(ctx, "78701")
	if p := p0; err != nil || p.Source != outcome.Estimate || p.Tier != "" {
		t.Fatalf("first: %+v %v; want a generated estimate", p, err)
	}
	e.svc.WaitL1()
	e.clk.Advance(11 * time.Hour)
	again, p, _ := e.svc.Market(ctx, "78701")
	if p.Source != outcome.Estimate || p.Tier == "" || !p.FetchedAt.Equal(p0.FetchedAt) {
		t.Fatalf("within 12 h: %+v; want the cached estimate", p)
	}
	if again.MedianPrice != first.MedianPrice {
		t.Fatal("the cached estimate differs from the generated one")
	}
	e.clk.Advance(2 * time.Hour)
	if _, p, _ := e.svc.Market(ctx, "78701"); p.Tier != "" {
		t.Fatalf("after 13 h: %+v; want a new estimate (lazy loading, 12 h)", p)
	}
	if r := e.svc.Report(ctx).Process.Requests; r.Misses != 2 || r.L1Hits+r.L2Hits != 1 {
		t.Fatalf("requests %+v; want 2 misses and 1 hit", r)
	}
}

// The report's in-memory fill counts what a process holds in memory, not
// what the store keeps: a restarted process over a full store starts empty.
func TestTheReportsMemoryFillIsL1s(t *testing.T) {
	e := newEnv(t, storetest.Bolt(t), nil)
	ctx := context.Background()
	l, _, err := e.svc.Search(ctx, "78701", realty.SFR)
	if err != nil {
		t.Fatal(err)
	}
	e.svc.WaitL1()
	if r := e.svc.Report(ctx); r.L1Fullest < int64(len(l.Items)) || r.Health.Entries <= int64(len(l.Items)) {
		t.Fatalf("after a search: memory %d, store %d; want the records in both", r.L1Fullest, r.Health.Entries)
	}
	e.restart(t)
	if r := e.svc.Report(ctx); r.L1Fullest != 0 || r.Health.Entries <= int64(len(l.Items)) {
		t.Fatalf("after a restart: memory %d, store %d; want an empty memory over a full store", r.L1Fullest, r.Health.Entries)
	}
}
