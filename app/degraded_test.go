package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/market/outcome"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// Redis stopped mid-traffic: warm keys answer from L1, cold ones as
// estimates, no live call is made, and full service returns with Redis.
func TestRedisStoppedMidTrafficThenBack(t *testing.T) {
	rp := storetest.NewRedisServer(t)
	atm := attomtest.NewServer()
	defer atm.Close()
	clk := storetest.NewClock(appInstant)
	app, _ := replica(t, rp.URL(), atm.URL, clk, nil)
	ctx := context.Background()
	for _, z := range []string{"78701", "10001"} {
		if _, p, err := app.Service.Search(ctx, realty.Zip(z), realty.SFR); err != nil || p.Source != outcome.Live {
			t.Fatalf("warm-up %s: %+v %v", z, p, err)
		}
	}
	app.Service.Listings().Wait()
	rp.Stop()
	calls := atm.Calls()
	// Traffic while Redis is away: warm keys from L1, cold ones as estimates.
	var wg sync.WaitGroup
	var mu sync.Mutex
	sources := map[string]int{}
	for i := range 40 {
		wg.Go(func() {
			zip := []string{"78701", "10001", "60601", "94105"}[i%4]
			_, p, err := app.Service.Search(ctx, realty.Zip(zip), realty.SFR)
			if err != nil {
				t.Errorf("%s: %v", zip, err)
				return
			}
			mu.Lock()
			sources[zip+":"+p.Source.String()]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if sources["78701:cached"] != 10 || sources["10001:cached"] != 10 || sources["60601:estimate"] != 10 || sources["94105:estimate"] != 10 {
		t.Fatalf("answers while Redis is down: %v", sources)
	}
	if atm.Calls() != calls {
		t.Fatalf("%d live calls while the ledger was unreachable", atm.Calls()-calls)
	}
	if _, err := app.Ready(ctx); err == nil {
		t.Fatal("ready without Redis")
	}
	if r := app.Service.Report(ctx); r.TodayErr == nil || r.Process.Total() != 42 {
		t.Fatalf("today's counts read without Redis (%v), or this process's are not %d: %+v", r.TodayErr, 42, r.Process)
	}
	if err := app.Service.FlushCounts(ctx); err == nil {
		t.Fatal("the counts were flushed without Redis")
	}
	rp.Start(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := app.Ready(ctx); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not ready after Redis came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The answers counted while Redis was away are kept for it.
	if err := app.Service.FlushCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if r := app.Service.Report(ctx); r.TodayErr != nil || r.Today.Total() != 42 {
		t.Fatalf("today after Redis came back: %+v %v; want the 42 answers", r.Today, r.TodayErr)
	}
	// Full service again. (This Redis kept nothing on disk: the ledger starts over.)
	if _, p, err := app.Service.Search(ctx, "60601", realty.Condo); err != nil || p.Source != outcome.Live {
		t.Fatalf("after recovery: %+v %v", p, err)
	}
}
