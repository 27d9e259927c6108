// Package clock is realtybot's one source of time. Production code reads
// the time, waits and ticks only through a Clock built once in app, so a
// test owns its instant: the quota's day and month, the maintenance
// schedule, the sender's pacing, claims, leases and the watch pacing all
// follow the clock a test sets (clocktest.Fake).
//
// Two waits are not the product's time and stay on real elapsed time:
// the patience between retries of a failed request to a remote service
// (Pause) and the measured latency of a call (Stopwatch). A fake clock that
// does not move must not stall a retry against a real Redis.
package clock

import (
	"context"
	"time"
)

// Clock tells the time and waits on it.
type Clock interface {
	Now() time.Time
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
	// NewTicker ticks every d until stopped; like time.Ticker, a tick
	// that nobody takes is dropped.
	NewTicker(d time.Duration) Ticker
	// Sleep waits d, or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
}

// Ticker is a Clock's ticker.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Real is the wall clock.
var Real Clock = wall{}

type wall struct{}

func (wall) Now() time.Time                         { return time.Now() }
func (wall) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (wall) NewTicker(d time.Duration) Ticker       { return wallTicker{time.NewTicker(d)} }
func (wall) Sleep(ctx context.Context, d time.Duration) error {
	return Pause(ctx, d)
}

type wallTicker struct{ t *time.Ticker }

func (w wallTicker) C() <-chan time.Time { return w.t.C }
func (w wallTicker) Stop()               { w.t.Stop() }

// Pause waits d of real elapsed time, or until ctx ends (then it returns
// ctx's error). It is the backoff between retries of a request to a remote
// service, whose patience is real time whatever the product's clock says.
func Pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Stopwatch measures real elapsed time, for latency in logs and metrics.
type Stopwatch struct{ start time.Time }

// Start starts a stopwatch.
func Start() Stopwatch { return Stopwatch{time.Now()} }

// Elapsed is the real time since Start.
func (s Stopwatch) Elapsed() time.Duration { return time.Since(s.start) }
