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

// Under ATTOM_BILLING_UNIT=record a reservation holds the most records an
// answer can carry and settles to the records it carried: the day's limit
// is never passed by what was reserved, and what was not billed comes back.
func TestRecordReservationsSettleToTheRecordsReturned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 5, Unit: quota.UnitRecord}, storetest.NewClock(t0).Now)
		r, err := l.ReserveUnits(ctx, "agent", 10)
		if err != nil || r.Units() != 10 {
			t.Fatalf("first page of 10: %v", err)
		}
		_, err = l.ReserveUnits(ctx, "agent", 10)
		var le *quota.LimitError
		if !errors.Is(err, quota.ErrDailyLimit) || !errors.As(err, &le) || le.Left != 3 || le.Need != 10 || le.Unit != quota.UnitRecord {
			t.Fatalf("a second page of 10 with 3 left: %v, want ErrDailyLimit saying 3 left and 10 needed", err)
		}
		if err := r.Settle(ctx, 4); err != nil { // ATTOM returned 4 records
			t.Fatal(err)
		}
		r.Settle(ctx, 0) // settled once only
		u, _ := l.Usage(ctx)
		if u.Today != 4 || u.ThisMonth != 4 || u.Reserved != 10 || u.Released != 6 {
			t.Fatalf("after settling to 4: %+v; want 4 today and this month, 10 reserved, 6 given back", u)
		}
		if n, _ := l.AgentUsed(ctx, "agent"); n != 1 {
			t.Fatalf("the agent's live calls: %d, want 1 (an answered call stays counted)", n)
		}
		// A refused or unanswered call gives everything back, the agent's call too.
		r2, err := l.ReserveUnits(ctx, "agent", 9)
		if err != nil {
			t.Fatal(err)
		}
		if err := r2.Release(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := l.AgentUsed(ctx, "agent"); n != 1 {
			t.Fatalf("after a release the agent's live calls: %d, want 1", n)
		}
		// An answer that carried more than reserved is counted whole, as ATTOM bills it.
		r3, err := l.ReserveUnits(ctx, "", 5)
		if err != nil {
			t.Fatal(err)
		}
		r3.Settle(ctx, 7)
		u, _ = l.Usage(ctx)
		if u.Today != 11 || u.ThisMonth != 11 {
			t.Fatalf("after 4 + 7 records: %+v", u)
		}
		if _, err := l.ReserveUnits(ctx, "", 3); !errors.Is(err, quota.ErrDailyLimit) {
			t.Fatalf("3 records with 2 left: %v, want ErrDailyLimit", err)
		}
		if _, err := l.ReserveUnits(ctx, "", 2); err != nil {
			t.Fatalf("2 records with 2 left: %v", err)
		}
	})
}

// Concurrent reservations of pages never hold more records than the day's
// limit, whatever their sizes.
func TestConcurrentRecordReservationsStayWithinTheDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 100, Unit: quota.UnitRecord}, storetest.NewClock(t0).Now)
		var held atomic.Int64
		var wg sync.WaitGroup
		for i := range 60 {
			wg.Go(func() {
				n := int64(1 + i%4)
				if _, err := l.ReserveUnits(context.Background(), "", n); err == nil {
					held.Add(n)
				} else if !errors.Is(err, quota.ErrDailyLimit) {
					t.Errorf("unexpected error: %v", err)
				}
			})
		}
		wg.Wait()
		u, err := l.Usage(context.Background())
		if err != nil || held.Load() > 13 || u.Today != held.Load() {
			t.Fatalf("held %d records, the ledger counts %d (%v); want the same, at most 13", held.Load(), u.Today, err)
		}
	})
}

func TestUnitWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int64
		want string
	}{{"", 1, "1 call"}, {"call", 13, "13 calls"}, {"record", 1, "1 record"}, {"record", 10, "10 records"}} {
		u, err := quota.ParseUnit(c.in)
		if err != nil || u.N(c.n) != c.want {
			t.Errorf("ParseUnit(%q).N(%d) = %q, %v; want %q", c.in, c.n, u.N(c.n), err, c.want)
		}
	}
	if _, err := quota.ParseUnit("records"); err == nil {
		t.Error("ATTOM_BILLING_UNIT=records was accepted; want an error naming call and record")
	}
}
