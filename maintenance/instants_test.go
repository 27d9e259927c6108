package maintenance

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"realtybot/clock"
	"realtybot/store/storetest"
)

// recorder is a scheduler whose tasks only record that they ran, with its
// claims in a real store on the same manual clock.
func recorder(t *testing.T, clk *clock.Manual, at time.Duration) (*scheduler, *[]string) {
	t.Helper()
	ran := &[]string{}
	s := &scheduler{claims: storetest.BoltOn(t, clk).Store, clk: clk, at: func() time.Duration { return at },
		log: slog.New(slog.DiscardHandler), outcome: func(task, string) {}}
	for _, tk := range []struct {
		name  string
		every period
	}{{"daily", daily}, {"weekly", weekly}, {"monthly", monthly}} {
		s.tasks = append(s.tasks, task{name: tk.name, every: tk.every, run: func(context.Context) (string, error) {
			*ran = append(*ran, tk.name)
			return "", nil
		}})
	}
	return s, ran
}

func utc(y int, m time.Month, d, h, min, sec int) time.Time {
	return time.Date(y, m, d, h, min, sec, 0, time.UTC)
}

// The instants where date logic breaks: each task runs at its own time,
// once, and not a minute (or a second) early.
func TestTheScheduleHoldsAtTheInstantsWhereDatesBreak(t *testing.T) {
	const three = 3 * time.Hour
	cases := []struct {
		name    string
		at      time.Duration // MAINTENANCE_AT
		instant time.Time     // a scheduled time
		before  time.Duration // how long before it the last tick came
		want    []string      // what runs at the instant
	}{
		{"Monday 03:00", three, utc(2026, 11, 30, 3, 0, 0), time.Minute, []string{"daily", "weekly"}},
		{"the 1st of a month", three, utc(2026, 12, 1, 3, 0, 0), time.Minute, []string{"daily", "monthly"}},
		{"a Monday the 1st", three, utc(2027, 2, 1, 3, 0, 0), time.Minute, []string{"daily", "weekly", "monthly"}},
		{"New Year at midnight", 0, utc(2027, 1, 1, 0, 0, 0), time.Second, []string{"daily", "monthly"}},
		{"New Year at 03:00", three, utc(2027, 1, 1, 3, 0, 0), time.Minute, []string{"daily", "monthly"}},
		{"29 February", three, utc(2028, 2, 29, 3, 0, 0), time.Minute, []string{"daily"}},
		{"1 March after 29 February", three, utc(2028, 3, 1, 3, 0, 0), time.Minute, []string{"daily", "monthly"}},
		{"a Monday 29 February", three, utc(2016, 2, 29, 3, 0, 0), time.Minute, []string{"daily", "weekly"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			clk := clock.NewManual(c.instant.Add(-c.before))
			s, ran := recorder(t, clk, c.at)
			s.Tick(ctx) // a process that has been running: the last occurrences are done
			*ran = nil
			clk.Set(c.instant.Add(-time.Nanosecond))
			if s.Tick(ctx); len(*ran) != 0 {
				t.Fatalf("ran %v just before %s", *ran, c.instant)
			}
			clk.Set(c.instant)
			if s.Tick(ctx); !slices.Equal(*ran, c.want) {
				t.Fatalf("at %s ran %v, want %v", c.instant, *ran, c.want)
			}
			*ran = nil
			clk.Set(c.instant.Add(time.Minute))
			if s.Tick(ctx); len(*ran) != 0 {
				t.Fatalf("ran %v again a minute after %s", *ran, c.instant)
			}
		})
	}
}

// A process that starts after a missed weekly and monthly run answers
// first: nothing runs until the first tick, a minute after start; then each
// missed task runs once, for its latest occurrence.
func TestAProcessStartingAfterMissedRunsCatchesUpOnceAfterAMinute(t *testing.T) {
	start := utc(2026, 12, 2, 10, 17, 0) // a Wednesday: Monday's weekly and the 1st's monthly were missed
	clk := clock.NewManual(start)
	s, ran := recorder(t, clk, 3*time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.loop(ctx, func(context.Context) {}) }()
	for clk.Tickers() == 0 { // the loop has started
		time.Sleep(time.Millisecond)
	}
	if len(*ran) != 0 {
		t.Fatal("ran at start")
	}
	clk.Advance(time.Minute) // the first tick, handed over to the loop
	clk.Advance(time.Minute) // handed over once the first tick's work is done
	cancel()
	<-done
	if want := []string{"daily", "weekly", "monthly"}; !slices.Equal(*ran, want) {
		t.Fatalf("after start ran %v, want each missed task once: %v", *ran, want)
	}
	for p, want := range map[period]time.Time{daily: utc(2026, 12, 2, 3, 0, 0), weekly: utc(2026, 11, 30, 3, 0, 0), monthly: utc(2026, 12, 1, 3, 0, 0)} {
		if got := occurrence(p, 3*time.Hour, start); !got.Equal(want) {
			t.Errorf("%s occurrence before %s: %s, want %s", p, start, got, want)
		}
	}
}
