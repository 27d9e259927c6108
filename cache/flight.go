package cache

import (
	"context"
	"time"

	"golang.org/x/sync/singleflight"
)

// Flight collapses concurrent loads of one key in this process into one: the
// first caller runs the load, the others wait for its result.
type Flight struct {
	g       singleflight.Group
	timeout time.Duration
}

// NewFlight returns a Flight whose loads are bounded by timeout. A load runs
// detached from the first caller's cancellation, so one impatient agent
// cannot fail the others waiting on the same key.
func NewFlight(timeout time.Duration) *Flight { return &Flight{timeout: timeout} }

// Do runs fn once for concurrent callers with the same key. leader reports
// whether this caller's fn ran (the others shared its result), so a cost is
// reported once.
func (f *Flight) Do(ctx context.Context, key string, fn func(context.Context) (any, error)) (v any, leader bool, err error) {
	ran := false
	ch := f.g.DoChan(key, func() (any, error) {
		ran = true // read after the channel receive below, which orders it
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.timeout)
		defer cancel()
		return fn(lctx)
	})
	select {
	case r := <-ch:
		return r.Val, ran, r.Err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}
