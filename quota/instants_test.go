package quota_test

import (
	"context"
	"testing"
	"time"

	"realtybot/quota"
	"realtybot/store/storetest"
)

// The ledger's UTC day and month turn exactly at midnight and on the 1st,
// across a year and a leap day, and not at the maintenance hour. The
// embedded store's "store clock" is the injected one.
func TestTheLedgersDayAndMonthTurnAtTheirInstants(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	cases := []struct {
		name          string
		before, after time.Time
		day, month    int64 // counts after one call at each instant
	}{
		{"Monday 03:00, a minute either side", utc(2026, 11, 30, 2, 59, 0), utc(2026, 11, 30, 3, 1, 0), 2, 2},
		{"the 1st of a month", utc(2026, 11, 30, 23, 59, 59), utc(2026, 12, 1, 0, 0, 0), 1, 1},
		{"31 December to 1 January", utc(2026, 12, 31, 23, 59, 59), utc(2027, 1, 1, 0, 0, 0), 1, 1},
		{"into 29 February", utc(2028, 2, 28, 23, 59, 59), utc(2028, 2, 29, 0, 0, 0), 1, 2},
		{"out of 29 February", utc(2028, 2, 29, 23, 59, 59), utc(2028, 3, 1, 0, 0, 0), 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				clk := storetest.NewClock(c.before)
				l := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
				if b.Name == "embedded" {
					l.UseStoreClock() // one node: its store's clock is the process's, the injected one
				}
				if _, err := l.Reserve(ctx, ""); err != nil {
					t.Fatal(err)
				}
				clk.Set(c.after)
				if _, err := l.Reserve(ctx, ""); err != nil {
					t.Fatal(err)
				}
				u, err := l.Usage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if u.Today != c.day || u.ThisMonth != c.month {
					t.Fatalf("after a call at %s and one at %s: %d today, %d this month; want %d and %d",
						c.before, c.after, u.Today, u.ThisMonth, c.day, c.month)
				}
			})
		})
	}
}
