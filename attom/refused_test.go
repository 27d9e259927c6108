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

// A plan without /avm/snapshot: ATTOM answers 403, which is not billed.
// The client releases the reservation, remembers the refusal for a day
// and sends nothing to that endpoint until then (the answer would be the
// same); other endpoints are asked as before, and Health names the
// refused one.
func TestARefusedEndpointIsNotAskedAgainForADay(t *testing.T) {
	clk := storetest.NewClock(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	f := newFixture(t, "test-attom-key", attom.WithClock(clk))
	f.srv.Refuse(attom.PathAVMSnapshot, 403)
	ctx := context.Background()
	q := attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}
	_, err := f.client.AVMSnapshot(ctx, q)
	var ae *attom.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 403 {
		t.Fatalf("first: %v, want ATTOM's 403", err)
	}
	_, err = f.client.AVMSnapshot(ctx, q)
	var re *attom.RefusedError
	if !errors.As(err, &re) || re.Endpoint != attom.PathAVMSnapshot || re.KeyRefused() || f.srv.CallsTo(attom.PathAVMSnapshot) != 1 {
		t.Fatalf("again: %v after %d requests; want it refused here, unsent", err, f.srv.CallsTo(attom.PathAVMSnapshot))
	}
	if _, err := f.client.SalesTrend(ctx, attomtest.GeoIDV4("78701"), realty.SFR, 2022, clk.Now().Year()); err != nil {
		t.Fatalf("another endpoint: %v", err)
	}
	if h := f.client.Health(); len(h.Refused) != 1 || h.Refused[0].Endpoint != attom.PathAVMSnapshot || !h.Refused[0].Since.Equal(clk.Now()) {
		t.Fatalf("health %+v", h.Refused)
	}
	if u := f.consistent(t); u.Today != 1 {
		t.Fatalf("%d calls counted; want the trend's one, the refusal unbilled", u.Today)
	}
	f.srv.Refuse(attom.PathAVMSnapshot, 0) // the plan now includes it
	clk.Advance(attom.RefusalKept)
	if _, err := f.client.AVMSnapshot(ctx, q); err != nil || f.srv.CallsTo(attom.PathAVMSnapshot) != 2 {
		t.Fatalf("a day later: %v; want it asked again", err)
	}
	if h := f.client.Health(); len(h.Refused) != 0 {
		t.Fatalf("health still names %+v", h.Refused)
	}
}
