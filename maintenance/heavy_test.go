package maintenance

import (
	"context"
	"slices"
	"testing"
	"time"

	"realtybot/clock"
)

// A start that catches up on the month's tasks runs the ones that read or
// rewrite the whole store (the full cleanup, the compaction) a minute
// apart, never in the same tick; the light ones do not wait.
func TestHeavyTasksRunATickApart(t *testing.T) {
	clk := clock.NewManual(utc(2026, 12, 6, 12, 0, 0))
	s, ran := recorder(t, clk, 3*time.Hour)
	for _, name := range []string{"full-cleanup", "compact"} {
		s.tasks = append(s.tasks, task{name: name, every: monthly, heavy: true, run: func(context.Context) (string, error) {
			*ran = append(*ran, name)
			return "", nil
		}})
	}
	ctx := context.Background()
	s.Tick(ctx)
	if want := []string{"daily", "weekly", "monthly", "full-cleanup"}; !slices.Equal(*ran, want) {
		t.Fatalf("first tick ran %v, want %v", *ran, want)
	}
	clk.Advance(time.Minute)
	s.Tick(ctx)
	if want := []string{"daily", "weekly", "monthly", "full-cleanup", "compact"}; !slices.Equal(*ran, want) {
		t.Fatalf("second tick: %v, want %v", *ran, want)
	}
	clk.Advance(time.Minute)
	if s.Tick(ctx); len(*ran) != 5 {
		t.Fatalf("a third tick ran again: %v", *ran)
	}
}
