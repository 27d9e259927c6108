package market

import (
	"context"
	"errors"
	"time"

	"realtybot/cache"
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

// errBusy means another replica held the key's lease for longer than
// leaseWait; the caller answers from stale data or an estimate.
var errBusy = errors.New("market: another replica is fetching this key")

// live runs fetch holding the key's lease. When another replica holds it,
// live waits until filled reports that replica's result in L2 (shared is
// then true and fetch did not run) or until the lease is free again (its
// holder failed or died), whichever comes first.
func (s *Service) live(ctx context.Context, key string, filled func(context.Context) bool, fetch func() error) (shared bool, err error) {
	// Waiting for another replica's call is patience with a remote
	// service: real elapsed time, whatever the product's clock says.
	waited := clock.Start()
	for {
		release, ok, err := s.cfg.Store.Lease(ctx, "fetch:"+key, leaseTTL)
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
			return false, errBusy
		}
	}
}

// newerInL2 is live's filled for values of tier: L2 holds a fresh value of
// key fetched after stale (nil: any), another replica's result.
func newerInL2[V any](s *Service, tier *cache.Tiered[V], key string, stale *cache.Item[V]) func(context.Context) bool {
	return func(ctx context.Context) bool {
		it, _, err := tier.ReadL2(ctx, key)
		return err == nil && it.Fresh(s.now()) && (stale == nil || it.FetchedAt.After(stale.FetchedAt))
	}
}
