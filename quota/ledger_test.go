package quota_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"realtybot/cache"
	"realtybot/clock"
	"realtybot/quota"
	"realtybot/store/boltstore"
	"realtybot/store/storetest"
)

func TestLedgerConcurrentReservationsNeverExceedTheDailyLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		clk := storetest.NewClock(t0)
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, clk.Now)
		var granted, refused atomic.Int64
		var wg sync.WaitGroup
		for range 200 {
			wg.Go(func() {
				_, err := l.Reserve(context.Background(), "")
				switch {
				case err == nil:
					granted.Add(1)
				case errors.Is(err, quota.ErrDailyLimit):
					refused.Add(1)
				default:
					t.Errorf("unexpected error: %v", err)
				}
			})
		}
		wg.Wait()
		if granted.Load() != 13 || refused.Load() != 187 {
			t.Fatalf("granted %d, refused %d; want 13 and 187", granted.Load(), refused.Load())
		}
		u, err := l.Usage(context.Background())
		if err != nil || u.Today != 13 || u.ThisMonth != 13 {
			t.Fatalf("usage %+v, %v; want 13 today and this month", u, err)
		}
	})
}

func TestLedgerReleaseAndUTCBoundaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC))
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 2, Monthly: 3, AgentDaily: 5}, clk.Now)
		rel, err := l.Reserve(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Reserve(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Reserve(ctx, ""); !errors.Is(err, quota.ErrDailyLimit) {
			t.Fatalf("third reservation: %v, want ErrDailyLimit", err)
		}
		// ATTOM did not bill the first: releasing it frees a call; releasing twice does not.
		if err := rel(ctx); err != nil {
			t.Fatal(err)
		}
		rel(ctx)
		u, _ := l.Usage(ctx)
		if u.Today != 1 || u.Reserved != 2 || u.Released != 1 {
			t.Fatalf("after release: %+v; want today 1, reserved 2, released 1", u)
		}
		// A new UTC day and month: both counters start over.
		clk.Advance(2 * time.Minute)
		u, _ = l.Usage(ctx)
		if u.Today != 0 || u.ThisMonth != 0 || u.Day != "2026-04-01" {
			t.Fatalf("new day: %+v", u)
		}
		for range 2 {
			if _, err := l.Reserve(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(24 * time.Hour)
		if _, err := l.Reserve(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Reserve(ctx, ""); !errors.Is(err, quota.ErrMonthlyLimit) {
			t.Fatalf("fourth call of the month: %v, want ErrMonthlyLimit", err)
		}
	})
}

func TestLedgerPerAgentCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, storetest.NewClock(t0).Now)
		for range 3 {
			if _, err := l.Reserve(ctx, "42"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Reserve(ctx, "42"); !errors.Is(err, quota.ErrAgentLimit) {
			t.Fatalf("agent's 4th call: %v, want ErrAgentLimit", err)
		}
		if _, err := l.Reserve(ctx, "43"); err != nil {
			t.Fatalf("another agent: %v", err)
		}
		if _, err := l.Reserve(ctx, ""); err != nil {
			t.Fatalf("an exempt caller: %v", err)
		}
		if n, _ := l.AgentUsed(ctx, "42"); n != 3 {
			t.Fatalf("agent 42 used %d, want 3", n)
		}
	})
}

func TestLedgerSurvivesRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		lim := quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, lim, clk.Now)
		for range 5 {
			if _, err := l.Reserve(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		l2 := quota.NewLedger(storetest.Counters(t, b.Open(t)), b.NS, lim, clk.Now)
		if u, err := l2.Usage(ctx); err != nil || u.Today != 5 {
			t.Fatalf("after restart: %+v, %v; want 5 today", u, err)
		}
	})
}

func TestLedgerFailsClosedWhenTheStoreIsGone(t *testing.T) {
	b := storetest.Bolt(t)
	l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, time.Now)
	b.Store.Close()
	if _, err := l.Reserve(context.Background(), ""); !errors.Is(err, quota.ErrLedgerDown) {
		t.Fatalf("reserve on a closed store: %v, want ErrLedgerDown", err)
	}
}

func TestASecondProcessOnTheEmbeddedStoreIsToldWhy(t *testing.T) {
	dir := t.TempDir()
	s, err := boltstore.Open(dir, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := boltstore.Open(dir, clock.Real); err == nil || !strings.Contains(err.Error(), "in use by another realtybot process") {
		t.Fatalf("second open: %v", err)
	}
}

func TestClaimsAreShared(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		other := b.Store
		if b.Name == "redis" {
			other = b.Open(t) // a second replica
		}
		if ok, err := b.Store.Claim(ctx, "daily:cleanup:2026-03-16", time.Hour); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if ok, _ := other.Claim(ctx, "daily:cleanup:2026-03-16", time.Hour); ok {
			t.Fatal("claimed twice")
		}
		other.Unclaim(ctx, "daily:cleanup:2026-03-16")
		if ok, _ := other.Claim(ctx, "daily:cleanup:2026-03-16", time.Hour); !ok {
			t.Fatal("not claimable after Unclaim")
		}
	})
}

func TestLedgerSpecialCap(t *testing.T) {
	b := storetest.Bolt(t)
	l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, storetest.NewClock(t0).Now)
	l.SetAgentCap("scheduler", 5)
	for range 5 {
		if _, err := l.Reserve(context.Background(), "scheduler"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Reserve(context.Background(), "scheduler"); !errors.Is(err, quota.ErrAgentLimit) {
		t.Fatalf("6th scheduled call: %v", err)
	}
}

func TestCompactKeepsTheDataAndShrinksTheFile(t *testing.T) {
	ctx := context.Background()
	b := storetest.Bolt(t)
	s := b.Store.(*boltstore.Store)
	blob := make([]byte, 4096)
	for i := range 500 {
		h := append([]byte(nil), []byte(strings.Repeat("0", cache.HeaderLen))...)
		s.SetIfNewer(ctx, cache.KindListing, fmt.Sprint("k", i), append(h, blob...), time.Hour)
	}
	for i := range 490 {
		s.Delete(ctx, cache.KindListing, fmt.Sprint("k", i))
	}
	c, err := s.Compact(ctx)
	if err != nil || c.Skipped || c.After >= c.Before {
		t.Fatalf("compact %+v: %v", c, err)
	}
	if c, err := s.Compact(ctx); err != nil || !c.Skipped || c.After != c.Before {
		t.Fatalf("a second compaction, with nothing to give back: %+v %v", c, err)
	}
	if v, err := s.Get(ctx, cache.KindListing, "k495"); err != nil || len(v) != cache.HeaderLen+4096 {
		t.Fatalf("after compaction: %d bytes, %v", len(v), err)
	}
}

// The shared cooldown shows in the usage every replica reads, until it ends.
func TestTheCooldownShowsInTheUsage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		clk := storetest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
		led := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400}, clk.Now)
		ctx := context.Background()
		if u, err := led.Usage(ctx); err != nil || !u.CooldownUntil.IsZero() {
			t.Fatalf("before: %+v %v", u.CooldownUntil, err)
		}
		if err := led.Cooldown(ctx, time.Minute); err != nil {
			t.Fatal(err)
		}
		if u, _ := led.Usage(ctx); !u.CooldownUntil.Equal(clk.Now().Add(time.Minute)) {
			t.Fatalf("during: %v, want %v", u.CooldownUntil, clk.Now().Add(time.Minute))
		}
		clk.Advance(2 * time.Minute)
		if u, _ := led.Usage(ctx); !u.CooldownUntil.IsZero() {
			t.Fatalf("after it ended: %v", u.CooldownUntil)
		}
	})
}
