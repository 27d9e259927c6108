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

// WithInstant returns ctx carrying t as its request's instant.
func WithInstant(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, instantKey{}, &t)
}

// At is ctx's instant, or now() when ctx carries none.
func At(ctx context.Context, now func() time.Time) time.Time {
	if t, ok := ctx.Value(instantKey{}).(*time.Time); ok {
		return *t
	}
	return now()
}

// HasInstant reports whether ctx carries an instant.
func HasInstant(ctx context.Context) bool {
	_, ok := ctx.Value(instantKey{}).(*time.Time)
	return ok
}
