package market_test

import (
	"context"
	"testing"

	"realtybot/market"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// When a ZIP's market reading changes after its homes were stored (here the
// configuration makes it hot), /market, /search, /property and /deals agree
// on the new reading for every stored home: its market type, and the
// analysis and score derived from it, at no API call; the search says which
// reading its scores used.
func TestOneReadingOfAMarketEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, func(c *market.Config) { c.DefaultType = market.Stable })
		ctx := context.Background()
		l, _, err := e.svc.Search(ctx, "78701", realty.SFR)
		if err != nil || len(l.Items) == 0 {
			t.Fatalf("search: %v", err)
		}
		before, _, err := e.svc.Property(ctx, l.Items[0].ID)
		if err != nil || before.Market.Type != market.Stable {
			t.Fatalf("before: %+v %v", before, err)
		}
		if _, _, err := e.svc.Market(ctx, "78701"); err != nil { // the trend, cached
			t.Fatal(err)
		}
		calls := e.srv.Calls()
		e.svc.Settings().SetOverrides(map[string]market.Override{"78701": {Type: market.Hot}})

		md, _, err := e.svc.Market(ctx, "78701")
		if err != nil || md.Type != market.Hot {
			t.Fatalf("/market: %+v %v", md, err)
		}
		again, p, err := e.svc.Search(ctx, "78701", realty.SFR)
		if err != nil || p.Reading.Type != string(market.Hot) || p.Reading.Growth != e.svc.Info(ctx, "78701").Growth {
			t.Fatalf("/search again: %+v %v; want it judged hot", p.Reading, err)
		}
		hot, _ := e.svc.Deals(ctx, market.Hot, 1e12, 1000)
		stable, _ := e.svc.Deals(ctx, market.Stable, 1e12, 1000)
		in, _ := e.svc.DealsIn(ctx, "78701", market.Hot, 1e12, 1000)
		listed := func(rs []market.Record, id string) *market.Record {
			for i := range rs {
				if rs[i].ID == id {
					return &rs[i]
				}
			}
			return nil
		}
		for i, s := range l.Items {
			r, _, err := e.svc.Property(ctx, s.ID)
			if err != nil || r.Market.Type != market.Hot {
				t.Fatalf("/property %s: %+v %v; want it judged hot", s.ID, r, err)
			}
			if got := again.Items[i]; got.ID != s.ID || got.Score != r.Score.Total || got.Label != r.Score.Label {
				t.Fatalf("home %s: /search scores it %d (%s), /property %d (%s)", s.ID, got.Score, got.Label, r.Score.Total, r.Score.Label)
			}
			if s.Price <= 0 {
				continue // no price: no score, and not a deal
			}
			if r.Score.Momentum <= before.Score.Momentum {
				t.Fatalf("/property %s: momentum %d, as stable (%d); want it scored as hot", s.ID, r.Score.Momentum, before.Score.Momentum)
			}
			d, in := listed(hot, s.ID), listed(in, s.ID)
			if d == nil || in == nil || d.Score != r.Score || in.Score != r.Score || d.Analysis != r.Analysis {
				t.Fatalf("home %s: /deals hot %+v, /deals 78701 hot %+v, /property %+v; want the same reading", s.ID, d, in, r)
			}
			if listed(stable, s.ID) != nil {
				t.Fatalf("home %s still listed under the old reading", s.ID)
			}
		}
		if e.srv.Calls() != calls {
			t.Fatalf("a new reading cost %d calls", e.srv.Calls()-calls)
		}
	})
}
