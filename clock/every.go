package clock

import (
	"context"
	"time"
)

// Every calls fn every d of c's time until ctx ends; the first call comes
// d after Every starts. It is the one ticker loop of the scheduled work
// (maintenance, the inbox keeper, the command menus, the watch flush), so
// a test moves it with its clock.
func Every(ctx context.Context, c Clock, d time.Duration, fn func(ctx context.Context)) {
	t := c.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
			fn(ctx)
		}
	}
}
