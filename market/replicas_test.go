package market_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/cache"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store"
	"realtybot/store/storetest"
)

type replica struct {
	svc    *market.Service
	store  store.Backend
	ledger *quota.Ledger
}

// replicas builds n services on one Redis namespace, each with its own
// client, L1, single-flight, ATTOM client and invalidation bus, as n
// processes would have.
func replicas(t *testing.T, n int, srv *attomtest.Server, clk *storetest.Clock) []replica {
	t.Helper()
	b := storetest.Redis(t)
	var out []replica
	for i := range n {
		store := b.Store
		if i > 0 {
			store = b.Open(t)
		}
		ledger := quota.NewLedger(storetest.Counters(t, store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, clk.Now)
		client := attom.New(srv.URL, attomtest.Key, attom.WithLedger(ledger), attom.WithRateLimit(60_000, 100),
			attom.WithRetries(2, time.Millisecond, 10*time.Millisecond), attom.WithTimeout(2*time.Second))
		bus := cache.NewBus(storetest.PubSub(store), nil)
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan struct{})
		go bus.Run(ctx, func() { close(ready) })
		<-ready
		t.Cleanup(cancel)
		svc, err := market.New(market.Config{Store: store, Quota: ledger, Upstream: client, Namespace: b.NS,
			DefaultType: market.Hot, Now: clk.Now, Bus: bus})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		out = append(out, replica{svc, store, ledger})
	}
	return out
}

func TestThreeReplicasOneColdKeyOneCall(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	srv.SetLatency(100 * time.Millisecond) // a realistic call, so the requests overlap
	rs := replicas(t, 3, srv, storetest.NewClock(t0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	sources := map[outcome.Source]int{}
	for i := range 1000 {
		wg.Go(func() {
			_, p, err := rs[i%3].svc.Search(context.Background(), "78701", realty.SFR)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			sources[p.Source]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if srv.Billable() != 1 || srv.Calls() != 1 {
		t.Fatalf("%d calls (%d billable) for one key across 3 replicas, want 1", srv.Calls(), srv.Billable())
	}
	if sources[outcome.Live]+sources[outcome.Cached] != 1000 {
		t.Fatalf("sources %v", sources)
	}
}

func TestThreeReplicasDistinctKeysShareTheDailyLimit(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	rs := replicas(t, 3, srv, storetest.NewClock(t0))
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			if _, _, err := rs[i%3].svc.Search(context.Background(), realty.Zip(fmt.Sprintf("%05d", 30001+i)), realty.SFR); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if srv.Billable() != 13 {
		t.Fatalf("%d billable calls across 3 replicas, want exactly 13", srv.Billable())
	}
	u, _ := rs[1].ledger.Usage(context.Background())
	if u.Today != 13 || u.Reserved != 13+u.Released {
		t.Fatalf("ledger %+v", u)
	}
}

func TestRefreshOnOneReplicaReachesTheOthersWithinASecond(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	clk := storetest.NewClock(t0)
	rs := replicas(t, 2, srv, clk)
	ctx := context.Background()
	rs[0].svc.Search(ctx, "78701", realty.SFR)
	rs[1].svc.Search(ctx, "78701", realty.SFR) // B now holds it in L1
	rs[1].svc.Listings().Wait()
	if _, p, _ := rs[1].svc.Search(ctx, "78701", realty.SFR); p.Tier != "L1" {
		t.Fatalf("B's second read came from %s, want L1", p.Tier)
	}
	clk.Advance(time.Hour)
	if _, p, err := rs[0].svc.AdminRefresh(ctx, "78701", realty.SFR); err != nil || p.Source != outcome.Live {
		t.Fatalf("refresh on A: %+v %v", p, err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		_, p, _ := rs[1].svc.Search(ctx, "78701", realty.SFR)
		if p.FetchedAt.Equal(clk.Now()) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("B still serves data fetched at %s a second after A's refresh", p.FetchedAt)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestADeadLeaseHolderIsTakenOverByExactlyOneReplica(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	rs := replicas(t, 3, srv, storetest.NewClock(t0))
	// A replica took the lease and died: nobody will release it.
	if _, ok, err := rs[0].store.Lease(context.Background(), "fetch:78701_sfr", 300*time.Millisecond); !ok || err != nil {
		t.Fatal(ok, err)
	}
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() { rs[i%3].svc.Search(context.Background(), "78701", realty.SFR) })
	}
	wg.Wait()
	if srv.Billable() != 1 {
		t.Fatalf("%d calls after the dead holder's lease expired, want exactly 1", srv.Billable())
	}
}

func TestACooldownStopsEveryReplica(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	clk := storetest.NewClock(t0)
	rs := replicas(t, 2, srv, clk)
	ctx := context.Background()
	srv.SetRetryAfter(30)
	srv.FailNext(1, attomtest.Status429)
	if _, p, _ := rs[0].svc.Search(ctx, "78701", realty.SFR); p.Source != outcome.Estimate {
		t.Fatalf("A after a 429: %+v", p)
	}
	calls := srv.Calls()
	_, p, _ := rs[1].svc.Search(ctx, "10001", realty.SFR)
	if p.Source != outcome.Estimate || p.Why.Kind != outcome.WhyCooldown || srv.Calls() != calls {
		t.Fatalf("B during the cooldown: %+v, %d new calls", p, srv.Calls()-calls)
	}
	clk.Advance(31 * time.Second)
	if _, p, _ := rs[1].svc.Search(ctx, "10001", realty.SFR); p.Source != outcome.Live {
		t.Fatalf("B after the cooldown: %+v", p)
	}
}

func TestThreeReplicasOneUncachedPropertyOneCall(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	srv.SetLatency(100 * time.Millisecond)
	rs := replicas(t, 3, srv, storetest.NewClock(t0))
	id := fmt.Sprint(attomtest.AttomID("78701", 3))
	var wg sync.WaitGroup
	for i := range 300 {
		wg.Go(func() {
			if _, _, err := rs[i%3].svc.Property(context.Background(), id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := srv.CallsTo(attom.PathAVMDetail); n != 1 {
		t.Fatalf("%d AVM calls for one property across 3 replicas, want 1", n)
	}
}
