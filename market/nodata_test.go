package market_test

import (
	"context"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/cache/cachetest"
)

// A ZIP whose whole-ZIP sample comes back empty (HTTP 200 with no item, or
// ATTOM's 400 SuccessWithoutResult) is remembered for every type: no type
// draws a call of its own, repeats ask ATTOM nothing, and a restarted
// process (or another replica) knows it too.
func TestAZIPWithoutDataIsAskedOnce(t *testing.T) {
	for _, as200 := range []bool{true, false} {
		name := map[bool]string{true: "200 with no item", false: "400 SuccessWithoutResult"}[as200]
		t.Run(name, func(t *testing.T) {
			cachetest.Each(t, func(t *testing.T, b cachetest.Backend) {
				e := newEnv(t, b, nil)
				e.srv.NoResultAsHTTP200(as200)
				e.srv.NoData("78799")
				ctx := context.Background()
				for _, ty := range []attom.PropertyType{attom.SFR, attom.Condo, attom.SFR, attom.Land} {
					l, _, err := e.svc.Search(ctx, "78799", ty)
					if err != nil || len(l.Items) != 0 {
						t.Fatalf("%s: %+v %v", ty, l, err)
					}
				}
				e.restart(t)
				e.clk.Advance(24 * time.Hour)
				if _, _, err := e.svc.Search(ctx, "78799", attom.Condo); err != nil {
					t.Fatal(err)
				}
				if n := e.srv.CallsTo(attom.PathAVMSnapshot); n != 1 {
					t.Fatalf("%d requests to ATTOM for a ZIP without data, want 1", n)
				}
			})
		})
	}
}
