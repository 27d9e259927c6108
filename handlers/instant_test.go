package handlers_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"realtybot/access"
	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/quota"
	"realtybot/store/storetest"
)

// A search answered from the cache reads the clock once, whether it holds
// ATTOM's listing or an estimate: the handler gives the request its
// instant, and the service and the cache judge freshness at that instant
// instead of asking the clock again.
func TestACachedSearchReadsTheClockOnce(t *testing.T) {
	for _, live := range []bool{true, false} {
		clk := storetest.NewClock(time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC))
		var reads atomic.Int64
		now := func() time.Time { reads.Add(1); return clk.Now() }
		b := storetest.BoltOn(t, clk)
		cfg := market.Config{Store: b.Store, Namespace: b.NS, Now: now}
		if live {
			srv := attomtest.NewServer()
			defer srv.Close()
			cfg.Quota = quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, clk.Now)
			cfg.Upstream = attom.New(srv.URL, attomtest.Key, attom.WithLedger(cfg.Quota.(*quota.Ledger)), attom.WithClock(clk))
		}
		svc, err := market.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		h := handlers.New(svc, access.New(nil, []int64{agent}), reply.HTML, now, nil)
		req := handlers.Request{UserID: agent, ChatID: agent, Text: "/search 78701 sfr"}
		h.Handle(context.Background(), req) // live, or an estimate kept 12 h
		svc.WaitL1()
		reads.Store(0)
		if r := h.Handle(context.Background(), req); len(r.IDs) == 0 {
			t.Fatalf("live %v: no homes: %s", live, r.Text)
		}
		if n := reads.Load(); n != 1 {
			t.Fatalf("live %v: the clock was read %d times for one cached search, want once", live, n)
		}
	}
}
