package market_test

import (
	"context"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// A ZIP whose whole-ZIP sample comes back empty (HTTP 200 with no item, or
// ATTOM's 400 SuccessWithoutResult) is remembered for every type: no type
// draws a call of its own, repeats ask ATTOM nothing, and a restarted
// process (or another replica) knows it too.
func TestAZIPWithoutDataIsAskedOnce(t *testing.T) {
	for _, as200 := range []bool{true, false} {
		name := map[bool]string{true: "200 with no item", false: "400 SuccessWithoutResult"}[as200]
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				e := newEnv(t, b, nil)
				e.srv.NoResultAsHTTP200(as200)
				e.srv.NoData("78799")
				ctx := context.Background()
				for _, ty := range []realty.PropertyType{realty.SFR, realty.Condo, realty.SFR, realty.Land} {
					l, _, err := e.svc.Search(ctx, "78799", ty)
					if err != nil || len(l.Items) != 0 {
						t.Fatalf("%s: %+v %v", ty, l, err)
					}
				}
				e.restart(t)
				e.clk.Advance(24 * time.Hour)
				if _, _, err := e.svc.Search(ctx, "78799", realty.Condo); err != nil {
					t.Fatal(err)
				}
				if n := e.srv.CallsTo(attom.PathAVMSnapshot); n != 1 {
					t.Fatalf("%d requests to ATTOM for a ZIP without data, want 1", n)
				}
			})
		})
	}
}

// An unknown ZIP costs nothing (ATTOM does not bill its no-result answer),
// and a ZIP with an empty billed page costs that one call: the answer's
// cost is what was billed.
func TestAZIPWithoutDataCostsWhatWasBilled(t *testing.T) {
	for as200, want := range map[bool]int{true: 1, false: 0} {
		e := newEnv(t, storetest.Redis(t), nil)
		e.srv.NoResultAsHTTP200(as200)
		e.srv.NoData("78799")
		l, p, err := e.svc.Search(context.Background(), "78799", realty.Condo)
		if err != nil || !l.NoData() || p.Cost != want || int(e.srv.Billable()) != want {
			t.Fatalf("HTTP 200 %v: listing %+v, provenance %+v, %v; billed %d, want cost %d", as200, l, p, err, e.srv.Billable(), want)
		}
		if u, _ := e.ledger.Usage(context.Background()); u.Today != int64(want) {
			t.Fatalf("HTTP 200 %v: the ledger counts %d, want %d", as200, u.Today, want)
		}
	}
}
