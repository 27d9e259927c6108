package market_test

import (
	"context"
	"errors"
	"testing"

	"realtybot/attom"
	"realtybot/market/outcome"
	"realtybot/store/storetest"
)

// A cold /market costs one billable call: the ZIP's geography comes from
// ATTOM's free location lookup (never reserved, kept in L2 for good), and a
// ZIP the lookup does not know is answered so at no billable call.
func TestAColdMarketCostsOneCallAndGeographyIsFree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := context.Background()
		md, p, err := e.svc.Market(ctx, "78701")
		if err != nil || md.Estimate || p.Source != outcome.Live || p.Cost != 1 || e.srv.Billable() != 1 {
			t.Fatalf("cold /market: %+v %+v %v, billed %d; want live for one call", md, p, err, e.srv.Billable())
		}
		if n := e.srv.CallsTo(attom.PathLocationLookup); n != 1 {
			t.Fatalf("%d lookups; want the one free lookup", n)
		}
		used, _ := e.ledger.Usage(ctx)
		if used.Today != 1 {
			t.Fatalf("the ledger counts %d calls; the lookup is free", used.Today)
		}
		// A new process over the same L2 refreshing the market asks no lookup.
		e.restart(t)
		if _, p, err := e.svc.ScheduledRefreshMarket(ctx, "78701"); err != nil || p.Source != outcome.Live {
			t.Fatalf("refresh: %+v %v", p, err)
		}
		if n := e.srv.CallsTo(attom.PathLocationLookup); n != 1 {
			t.Fatalf("%d lookups after a restart; the geoIdV4 is kept in L2", n)
		}
		billed := e.srv.Billable()
		md, _, err = e.svc.Market(ctx, "00012")
		if !errors.Is(err, outcome.ErrUnknownZIP) || md != nil || e.srv.Billable() != billed {
			t.Fatalf("unknown ZIP: %+v %v, billed %d more; want no such ZIP, and no estimate of it", md, err, e.srv.Billable()-billed)
		}
	})
}
