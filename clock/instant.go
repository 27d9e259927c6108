package clock

import (
	"context"
	"time"
)

// A request's instant: the clock is read once, when the request comes in
// (the bot's intake, or the handler for a console line), and that one
// instant travels down in the context, so that every part of the answer
// (the handler's ages, the service's freshness, the cache's expiry) judges
// the same moment and the clock is not read again on the way.

type instantKey struct{}

// instantCtx carries a request's instant in one allocation, where
// context.WithValue would take two (the context and the boxed time): it is
// on every request's path.
type instantCtx struct {
	context.Context
	t time.Time
}

// Value answers for the instant and asks the parent for anything else.
func (c *instantCtx) Value(key any) any {
	if key == (instantKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// WithInstant returns ctx carrying t as its request's instant.
func WithInstant(ctx context.Context, t time.Time) context.Context {
	return &instantCtx{ctx, t}
}

// At is ctx's instant, or now() when ctx carries none.
func At(ctx context.Context, now func() time.Time) time.Time {
	if c, ok := ctx.Value(instantKey{}).(*instantCtx); ok {
		return c.t
	}
	return now()
}

// HasInstant reports whether ctx carries an instant.
func HasInstant(ctx context.Context) bool {
	_, ok := ctx.Value(instantKey{}).(*instantCtx)
	return ok
}
