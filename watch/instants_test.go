package watch_test

import (
	"context"
	"testing"
	"time"

	"realtybot/clock"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/realty"
	"realtybot/store/storetest"
	"realtybot/watch"
)

// A chat is told at most once per watch.DefaultEvery, and the pace holds
// across the instants where dates break: it is neither reset by a new day,
// month or year nor stretched by it.
func TestWatchPacingHoldsAcrossDateTurns(t *testing.T) {
	for _, turn := range []time.Time{
		time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), // Monday at the maintenance hour
		time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),  // the 1st of a month
		time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),   // New Year
		time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),  // a leap day
		time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC),   // the day after it
	} {
		for _, on := range []func(testing.TB, clock.Clock) storetest.Backend{storetest.RedisOn, storetest.BoltOn} {
			clk := storetest.NewClock(turn.Add(-time.Second))
			b := on(t, clk)
			t.Run(turn.Format(time.DateTime)+"/"+b.Name, func(t *testing.T) {
				ctx := context.Background()
				if _, err := watch.NewBook(b.Store, nil).Add(ctx, watch.Watch{User: 1, Chat: 10, ZIP: "78701", Type: realty.SFR}); err != nil {
					t.Fatal(err)
				}
				out := &sent{msgs: map[int64][]string{}}
				n := watch.NewNotifier(watch.NewBook(b.Store, nil), b.Store, words.WatchNews, clk, nil)
				n.SetSend(out.send)
				change := func(id string) {
					tellNew(ctx, n, "78701", clk.Now(), market.Summary{ID: id, Address: id + " MAIN ST", Price: 400_000})
					n.Flush(ctx)
				}
				first := clk.Now()
				change("1")
				for _, c := range []struct {
					at   time.Time
					want int
				}{
					{turn, 1},
					{turn.Add(time.Second), 1},
					{first.Add(watch.DefaultEvery - time.Second), 1},
					{first.Add(watch.DefaultEvery), 2},
				} {
					clk.Set(c.at)
					if c.at.Equal(turn) {
						change("2")
					} else {
						n.Flush(ctx)
					}
					if got := len(out.to(10)); got != c.want {
						t.Fatalf("at %s: %d messages, want %d", c.at, got, c.want)
					}
				}
			})
		}
	}
}
