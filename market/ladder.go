package market

import (
	"context"
	"time"

	"realtybot/cache"
	"realtybot/clock"
	"realtybot/market/outcome"
)

// rung describes one kind of value for the fetch-through ladder: where it is
// cached, how it is fetched live, and what stands in for it when neither
// fresh nor stale data can be had.
type rung[V any] struct {
	tier *cache.Tiered[V]
	key  string
	// part is the partition the policy judges the key by (stale may be nil).
	part func(stale *cache.Item[V]) Partition
	// fetch makes the live calls and stores the result; a nil value with no
	// error means ATTOM has no such thing (missing is then returned).
	fetch func(ctx context.Context) (*V, int, error)
	// show adapts a value to the configuration in force (nil: as stored).
	show func(*V) *V
	// estimate answers when there is no real data, or returns the error to
	// give; why says why no real data.
	estimate func(ctx context.Context, why outcome.Why) (answer[V], error)
	missing  func() error
	// what names the value in logs.
	what string
}

// cachedAnswer is the answer of a cache hit.
func cachedAnswer[V any](it *cache.Item[V], tier cache.Tier, show func(*V) *V) answer[V] {
	v := &it.Value
	if show != nil {
		v = show(v)
	}
	return answer[V]{v, outcome.Provenance{Source: outcome.Cached, FetchedAt: it.FetchedAt, Tier: tier.String(), Fresh: true}}
}

// climb is the one fetch-through ladder, run once per key at a time (the
// single-flight): fresh from the cache; then, if the policy allows, a live
// fetch through the cross-replica lease; then stale data with its age; then
// the rung's estimate. force skips the freshness check and the pacing policy,
// never the ledger.
func climb[V any](ctx context.Context, s *Service, r rung[V], force bool) (answer[V], error) {
	it, tier, err := r.tier.GetUncounted(ctx, r.key)
	if err == nil && it.Fresh(clock.At(ctx, s.now)) && !force {
		return cachedAnswer(it, tier, r.show), nil
	}
	var stale *cache.Item[V]
	fetchedAt := clock.At(ctx, s.now)
	if err == nil {
		stale, fetchedAt = it, it.FetchedAt
	}
	why := s.mayCallLive(ctx, r.part(stale), fetchedAt, stale != nil, force)
	if why.Kind == outcome.WhyNone {
		var v *V
		var cost int
		shared, err := cache.Lead(ctx, s.cfg.Store, r.key, newerInL2(s, r.tier, r.key, stale), func() (err error) {
			v, cost, err = r.fetch(ctx)
			return err
		})
		switch {
		case shared: // another replica fetched it
			if it, tier, err := r.tier.GetUncounted(ctx, r.key); err == nil {
				return cachedAnswer(it, tier, r.show), nil
			}
		case err == nil && v == nil:
			return answer[V]{}, r.missing()
		case err == nil:
			if r.show != nil {
				v = r.show(v)
			}
			return answer[V]{v, outcome.Provenance{Source: outcome.Live, FetchedAt: s.now(), Cost: cost, Unit: s.cfg.Upstream.Unit(), Fresh: true}}, nil
		}
		why = outcome.Of(err, s.now())
		s.log.Warn("live "+r.what+" failed; falling back", "key", r.key, "err", err)
	}
	if stale != nil && !s.cfg.Naive {
		v := &stale.Value
		if r.show != nil {
			v = r.show(v)
		}
		// A forced refresh that failed leaves data that may still be within
		// its freshness: cached, not stale, and the reason says the refresh
		// failed.
		if stale.Fresh(clock.At(ctx, s.now)) {
			why.RefreshFailed = true
			return answer[V]{v, outcome.Provenance{Source: outcome.Cached, FetchedAt: stale.FetchedAt, Tier: tier.String(), Why: why, Fresh: true}}, nil
		}
		return answer[V]{v, outcome.Provenance{Source: outcome.Stale, FetchedAt: stale.FetchedAt, Tier: tier.String(), Why: why}}, nil
	}
	return r.estimate(ctx, why)
}

// estimated is the answer of an estimate made or cached at at.
func estimated[V any](v *V, at time.Time, from string, why outcome.Why) answer[V] {
	return answer[V]{v, outcome.Provenance{Source: outcome.Estimate, FetchedAt: at, Tier: from, Why: why, Fresh: true}}
}

// newerInL2 is cache.Lead's filled for values of tier: L2 holds a fresh value of
// key fetched after stale (nil: any), another replica's result.
func newerInL2[V any](s *Service, tier *cache.Tiered[V], key string, stale *cache.Item[V]) func(context.Context) bool {
	return func(ctx context.Context) bool {
		it, _, err := tier.ReadL2(ctx, key)
		return err == nil && it.Fresh(clock.At(ctx, s.now)) && (stale == nil || it.FetchedAt.After(stale.FetchedAt))
	}
}
