package retry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"realtybot/retry"
)

// Do stops at success, at Stop, or when attempts are used, waits what each
// attempt asks, and says why a cut-short wait ended the retries.
func TestDo(t *testing.T) {
	var waits []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	boom := errors.New("boom")
	n := 0
	err := retry.Do(context.Background(), 5, sleep, func(i int) (time.Duration, error) {
		n = i
		if i < 3 {
			return time.Duration(i) * time.Second, boom
		}
		return 0, nil
	})
	if err != nil || n != 3 || len(waits) != 2 || waits[1] != 2*time.Second {
		t.Fatalf("success on the 3rd: %v after %d, waits %v", err, n, waits)
	}
	if err := retry.Do(context.Background(), 3, sleep, func(int) (time.Duration, error) { return time.Second, boom }); !errors.Is(err, boom) {
		t.Fatalf("attempts used: %v", err)
	}
	calls := 0
	if err := retry.Do(context.Background(), 0, sleep, func(int) (time.Duration, error) { calls++; return retry.Stop, boom }); !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("Stop: %v after %d calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cut := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	if err := retry.Do(ctx, 3, cut, func(int) (time.Duration, error) { return time.Second, boom }); !errors.Is(err, boom) || !errors.Is(err, context.Canceled) {
		t.Fatalf("a cut wait: %v", err)
	}
}

// Backoff doubles from base up to max, jittered within the upper half.
func TestBackoff(t *testing.T) {
	for n, step := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 9: time.Second} {
		for range 50 {
			if d := retry.Backoff(100*time.Millisecond, time.Second, n); d < step/2 || d > step {
				t.Fatalf("retry %d: %v, want within [%v, %v]", n, d, step/2, step)
			}
		}
	}
}
