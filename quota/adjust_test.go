package quota_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"realtybot/quota"
	"realtybot/store/storetest"
)

// ledgerWithJournal is one process's ledger over b, with its own journal.
func ledgerWithJournal(t *testing.T, b storetest.Backend, clk *storetest.Clock) *quota.Ledger {
	t.Helper()
	l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
	if _, err := l.Recover(context.Background(), t.TempDir()); err != nil {
		t.Fatal(err)
	}
	return l
}

func spend(t *testing.T, l *quota.Ledger, n int) int {
	t.Helper()
	for i := range n {
		if _, err := l.Reserve(context.Background(), ""); err != nil {
			return i
		}
	}
	return n
}

// An admin's plain set only raises: "/quota set 0 0" after the day is
// spent changes nothing, "/quota set 13" leaves the month alone, and a huge
// count is refused at once.
func TestAPlainSetOnlyRaisesAndIsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		l := ledgerWithJournal(t, b, storetest.NewClock(t0))
		if _, err := l.Raise(ctx, "admin 1", 0, 350); err != nil {
			t.Fatal(err)
		}
		spend(t, l, 13)
		c, err := l.Raise(ctx, "admin 1", 0, 0)
		if err != nil || c.DayAfter != 13 || c.MonthAfter != 363 || c.DayBefore != 13 {
			t.Fatalf("set 0 0: %+v %v", c, err)
		}
		if n := spend(t, l, 5); n != 0 {
			t.Fatalf("after set 0 0: %d more calls granted", n)
		}
		if c, err := l.Raise(ctx, "admin 1", 13, -1); err != nil || c.MonthAfter != 363 {
			t.Fatalf("set 13 changed the month: %+v %v", c, err)
		}
		for _, huge := range [][2]int64{{9223372036854775807, -1}, {131, -1}, {0, 4001}, {-1, -1}, {20, 10}} {
			if _, err := l.Raise(ctx, "admin 1", huge[0], huge[1]); !errors.Is(err, quota.ErrBadCounts) {
				t.Fatalf("set %v: %v, want ErrBadCounts", huge, err)
			}
		}
		u, _ := l.Usage(ctx)
		if u.Today != 13 || u.ThisMonth != 363 || u.LastChange == nil || u.LastChange.Who != "admin 1" || u.LastChange.Kind != "raise" {
			t.Fatalf("usage %+v, last change %+v", u, u.LastChange)
		}
	})
}

// Lowering takes a reason, and starts a generation: a journal that saw
// more before does not raise the counts back.
func TestLoweringNeedsAReasonAndHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		a, other := ledgerWithJournal(t, b, clk), ledgerWithJournal(t, b, clk)
		spend(t, a, 8)
		spend(t, other, 5) // other's journal saw 13
		if _, err := a.Lower(ctx, "admin 1", "", 5, 40); !errors.Is(err, quota.ErrBadCounts) {
			t.Fatalf("lower without a reason: %v", err)
		}
		c, err := a.Lower(ctx, "admin 1", "billing fixed by ATTOM", 5, 40)
		if err != nil || c.DayBefore != 13 || c.DayAfter != 5 || c.MonthAfter != 40 || c.Reason != "billing fixed by ATTOM" {
			t.Fatalf("lower: %+v %v", c, err)
		}
		if n := spend(t, other, 20) + spend(t, a, 20); n != 8 {
			t.Fatalf("after lowering to 5: %d granted, want 8", n)
		}
		if u, _ := a.Usage(ctx); u.LastChange == nil || u.LastChange.Kind != "lower" || u.LastChange.MonthBefore != 13 {
			t.Fatalf("last change %+v", u.LastChange)
		}
	})
}

// Confirm is one raise-only merge: reservations made while it runs are
// all kept.
func TestConfirmKeepsReservationsMadeMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		l := ledgerWithJournal(t, b, storetest.NewClock(t0))
		var granted atomic.Int64
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := l.Reserve(ctx, ""); err == nil {
					granted.Add(1)
				}
			})
			wg.Go(func() {
				if _, err := l.Confirm(ctx, "admin 1", false); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if u, _ := l.Usage(ctx); u.Today != 13 || granted.Load() != 13 {
			t.Fatalf("%d granted, ledger says %d: want 13 and 13", granted.Load(), u.Today)
		}
	})
}

// The journal's floor raises nothing in ordinary running: a call another
// replica released stays released.
func TestAnotherReplicasReleaseStaysReleased(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		a, other := ledgerWithJournal(t, b, clk), ledgerWithJournal(t, b, clk)
		release, err := other.Reserve(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		spend(t, a, 1) // a's journal saw 2
		if err := release(ctx); err != nil {
			t.Fatal(err)
		}
		spend(t, a, 1)
		if u, _ := a.Usage(ctx); u.Today != 2 {
			t.Fatalf("%d counted today, want 2: the released call came back", u.Today)
		}
	})
}
