package market

import (
	"context"
	"time"

	"realtybot/cache"
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
	// give; reason says why no real data.
	estimate func(ctx context.Context, reason string) (answer[V], error)
	missing  func() error
	// why turns a failed live call into the agent's sentence (default explain).
	why func(error) string
	// what names the value in logs.
	what string
}

// cachedAnswer is the answer of a cache hit.
func cachedAnswer[V any](it *cache.Item[V], tier cache.Tier, show func(*V) *V) answer[V] {
	v := &it.Value
	if show != nil {
		v = show(v)
	}
	return answer[V]{v, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}
}

// climb is the one fetch-through ladder, run once per key at a time (the
// single-flight): fresh from the cache; then, if the policy allows, a live
// fetch through the cross-replica lease; then stale data with its age; then
// the rung's estimate. force skips the freshness check and the pacing policy,
// never the ledger.
func climb[V any](ctx context.Context, s *Service, r rung[V], force bool) (answer[V], error) {
	it, tier, err := r.tier.GetUncounted(ctx, r.key)
	if err == nil && it.Fresh(s.now()) && !force {
		return cachedAnswer(it, tier, r.show), nil
	}
	var stale *cache.Item[V]
	fetchedAt := s.now()
	if err == nil {
		stale, fetchedAt = it, it.FetchedAt
	}
	reason := s.mayCallLive(ctx, r.part(stale), fetchedAt, stale != nil, force)
	if reason == "" {
		var v *V
		var cost int
		shared, err := s.live(ctx, r.key, newerInL2(s, r.tier, r.key, stale), func() (err error) {
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
			return answer[V]{v, Provenance{Source: Live, FetchedAt: s.now(), Cost: cost}}, nil
		}
		why := s.explainAt
		if r.why != nil {
			why = r.why
		}
		reason = why(err)
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
		if stale.Fresh(s.now()) {
			return answer[V]{v, Provenance{Source: Cached, FetchedAt: stale.FetchedAt, Tier: tier.String(),
				Reason: "the refresh failed (" + reason + "); this data is still within its freshness"}}, nil
		}
		return answer[V]{v, Provenance{Source: Stale, FetchedAt: stale.FetchedAt, Tier: tier.String(), Reason: reason}}, nil
	}
	return r.estimate(ctx, reason)
}

// estimated is the answer of an estimate made or cached at at.
func estimated[V any](v *V, at time.Time, from, reason string) answer[V] {
	return answer[V]{v, Provenance{Source: Estimate, FetchedAt: at, Tier: from, Reason: reason}}
}
