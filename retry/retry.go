// Package retry is the one retry loop of the project: against Redis (a
// write's version check), ATTOM (answers known to be unbilled), Google
// Sheets (transient errors) and Telegram (a 429's retry_after). Each caller
// says, per attempt, whether to go on and how long to wait.
package retry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Stop is the wait that ends the retries: the attempt's error is final.
const Stop time.Duration = -1

// Do runs attempt until it returns a nil error, asks to Stop, or attempts
// are used (attempts ≤ 0: no limit). Between attempts it waits what the
// attempt asked, through sleep: clock.Pause for patience with a remote
// service, a clock's Sleep where the product's time decides. A wait cut
// short returns the last error with the reason it was cut.
func Do(ctx context.Context, attempts int, sleep func(context.Context, time.Duration) error, attempt func(n int) (time.Duration, error)) error {
	for n := 1; ; n++ {
		wait, err := attempt(n)
		if err == nil || wait < 0 || (attempts > 0 && n >= attempts) {
			return err
		}
		if serr := sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%w (gave up waiting to retry: %w)", err, serr)
		}
	}
}

// Backoff is the wait before retry n (1-based): base doubling each time, at
// most max (0: no cap), jittered between half the step and the whole step
// so replicas' retries spread out.
func Backoff(base, max time.Duration, n int) time.Duration {
	d := base << (n - 1)
	if d <= 0 || (max > 0 && d > max) {
		d = max
	}
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}
