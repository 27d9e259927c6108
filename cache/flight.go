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

// Do runs fn once for concurrent callers with the same key. shared reports
// whether the result was produced by another caller's call.
func (f *Flight) Do(ctx context.Context, key string, fn func(context.Context) (any, error)) (v any, shared bool, err error) {
	ch := f.g.DoChan(key, func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.timeout)
		defer cancel()
		return fn(lctx)
	})
	select {
	case r := <-ch:
		return r.Val, r.Shared, r.Err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}
