package cache

import (
	"context"
	"errors"
	"time"

	"realtybot/clock"
)

// Cross-replica single-flight: one replica fetches a key while the others
// wait for its result in L2 instead of calling ATTOM too.
const (
	// leaseTTL bounds one live fetch (retries included); the lease of a
	// replica that died mid-call expires after it and a waiter takes over.
	leaseTTL = 45 * time.Second
	// leaseWait bounds how long a replica waits for another's result.
	leaseWait = 60 * time.Second
	leasePoll = 25 * time.Millisecond
)

// ErrBusy means another replica held the key's lease for longer than
// leaseWait; the caller answers from stale data or an estimate.
var ErrBusy = errors.New("cache: another replica is fetching this key")

// Leaser takes cross-replica leases: one holder at a time, released by the
// holder only; a holder that dies leaves it to expire (store/redisstore,
// store/boltstore).
type Leaser interface {
	Lease(ctx context.Context, key string, ttl time.Duration) (release func(), ok bool, err error)
}

// Lead runs fetch holding the key's lease, so one replica calls upstream
// for a key while the others wait for its result in L2. When another
// replica holds the lease, Lead waits until filled reports that replica's
// result (shared is then true and fetch did not run) or until the lease is
// free again (its holder failed or died), whichever comes first.
func Lead(ctx context.Context, l Leaser, key string, filled func(context.Context) bool, fetch func() error) (shared bool, err error) {
	// Waiting for another replica's call is patience with a remote
	// service: real elapsed time, whatever the product's clock says.
	waited := clock.Start()
	for {
		release, ok, err := l.Lease(ctx, "fetch:"+key, leaseTTL)
		if err != nil {
			return false, err
		}
		if ok {
			defer release()
			// Another replica may have finished between our miss and the
			// lease: check once more before spending a call.
			if filled(ctx) {
				return true, nil
			}
			return false, fetch()
		}
		if err := clock.Pause(ctx, leasePoll); err != nil {
			return false, err
		}
		if filled(ctx) {
			return true, nil
		}
		if waited.Elapsed() > leaseWait {
			return false, ErrBusy
		}
	}
}
