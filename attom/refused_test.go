package attom_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// ATTOM refuses an endpoint to the key with a 403, which is not billed. The
// client releases the reservation, remembers the refusal for a day and
// sends nothing to that endpoint until then (the answer would be the
// same); other endpoints are asked as before, and Health names the
// refused one.
func TestARefusedEndpointIsNotAskedAgainForADay(t *testing.T) {
	clk := storetest.NewClock(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	f := newFixture(t, attomtest.Key, attom.WithClock(clk))
	f.srv.Refuse(attom.PathSalesTrend, 403)
	ctx := context.Background()
	trend := func() error {
		_, err := f.client.SalesTrend(ctx, attomtest.GeoIDV4("78701"), attom.V4(realty.SFR), 2022, clk.Now().Year())
		return err
	}
	var ae *attom.APIError
	if err := trend(); !errors.As(err, &ae) || ae.HTTPStatus != 403 {
		t.Fatalf("first: %v, want ATTOM's 403", err)
	}
	var re *attom.RefusedError
	if err := trend(); !errors.As(err, &re) || re.Endpoint != attom.PathSalesTrend || re.KeyRefused() || f.srv.CallsTo(attom.PathSalesTrend) != 1 {
		t.Fatalf("again: %v after %d requests; want it refused here, unsent", err, f.srv.CallsTo(attom.PathSalesTrend))
	}
	if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); err != nil {
		t.Fatalf("another endpoint: %v", err)
	}
	if h := f.client.Health(); len(h.Refused) != 1 || h.Refused[0].Endpoint != attom.PathSalesTrend || !h.Refused[0].Since.Equal(clk.Now()) {
		t.Fatalf("health %+v", h.Refused)
	}
	if u := f.consistent(t); u.Today != 1 {
		t.Fatalf("%d calls counted; want the snapshot's one, the refusal unbilled", u.Today)
	}
	f.srv.Refuse(attom.PathSalesTrend, 0) // the plan now includes it
	clk.Advance(attom.RefusalKept)
	if err := trend(); err != nil || f.srv.CallsTo(attom.PathSalesTrend) != 2 {
		t.Fatalf("a day later: %v; want it asked again", err)
	}
	if h := f.client.Health(); len(h.Refused) != 0 {
		t.Fatalf("health still names %+v", h.Refused)
	}
}
