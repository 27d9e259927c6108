package market_test

import (
	"context"
	"testing"

	"realtybot/market/outcome"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// BenchmarkSearchWarm is Service.Search on a warm cache: the agent's path
// for every cached answer (validate, L1 hit, provenance).
func BenchmarkSearchWarm(b *testing.B) {
	for _, bk := range []struct {
		name string
		open func(testing.TB) storetest.Backend
	}{{"embedded", storetest.Bolt}, {"redis", storetest.Redis}} {
		b.Run(bk.name, func(b *testing.B) {
			e := newEnv(b, bk.open(b), nil)
			ctx := context.Background()
			if _, p, err := e.svc.Search(ctx, "78701", realty.SFR); err != nil || p.Source != outcome.Live {
				b.Fatal(p, err)
			}
			e.svc.Search(ctx, "78701", realty.SFR)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, p, err := e.svc.Search(ctx, "78701", realty.SFR); err != nil || p.Source != outcome.Cached {
					b.Fatal(p, err)
				}
			}
		})
	}
}
