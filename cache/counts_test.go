package cache_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"realtybot/cache"
	"realtybot/store"
	"realtybot/store/storetest"
)

// The health numbers kept as entries change are the ones a scan finds, at
// every moment, after writes, overwrites, deletes and a reopen; Expire
// removes exactly the entries whose storage ended.
func TestCountsKeptAsEntriesChangeMatchAScan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		a := newTiered(t, b, cache.KindListing, clk, nil)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range 300 {
			fresh := time.Duration(rng.IntN(72*60)) * time.Minute
			stale := fresh + time.Duration(rng.IntN(96*60))*time.Minute
			key := fmt.Sprintf("k%d", rng.IntN(200)) // overwrites too
			at := clk.Now()
			a.Set(ctx, key, &cache.Item[listing]{FetchedAt: at.Add(time.Duration(i) * time.Millisecond), FreshUntil: at.Add(fresh), StaleUntil: at.Add(stale)})
			if i%10 == 0 {
				a.Delete(ctx, fmt.Sprintf("k%d", rng.IntN(200)))
			}
			if i%50 == 49 {
				clk.Advance(7 * time.Hour)
				same(t, ctx, b.Store, clk.Now())
			}
		}
		s := b.Open(t) // a new process: the embedded store's counts come from the file
		same(t, ctx, s, clk.Now())
		clk.Advance(3 * 24 * time.Hour)
		before, _ := cache.Inspect(ctx, s, clk.Now())
		gone, err := s.Expire(ctx, cache.KindListing, clk.Now())
		if err != nil || len(gone) == 0 {
			t.Fatalf("expire: %d, %v; want some entries removed", len(gone), err)
		}
		var left int
		s.Scan(ctx, cache.KindListing, func(string, cache.Header, bool) bool { left++; return true })
		if int64(left) != before.Entries {
			t.Fatalf("after expire %d entries stored, want the %d still in their storage window", left, before.Entries)
		}
		same(t, ctx, s, clk.Now())
	})
}

func same(t *testing.T, ctx context.Context, s store.Backend, now time.Time) {
	t.Helper()
	want, err := cache.Inspect(ctx, s, now)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Counts(ctx, now)
	if err != nil || got != want {
		t.Fatalf("counts %+v (%v), a scan finds %+v", got, err, want)
	}
}
