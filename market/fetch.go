package market

import (
	"context"
	"strconv"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/mock"
)

// estimateCount is how many estimated properties a mock listing holds.
const estimateCount = 12

// loadListing runs once per key at a time (single-flight): re-check the
// cache, spend a live call if the policy allows, else serve stale data, else
// an estimate.
func (s *Service) loadListing(ctx context.Context, zip string, t attom.PropertyType, force bool) (answer[Listing], error) {
	key := listingKey(zip, t)
	it, tier, err := s.listings.Peek(ctx, key)
	if err == nil && it.Fresh(s.now()) && !force {
		return answer[Listing]{&it.Value, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}, nil
	}
	var stale *cache.Item[Listing]
	if err == nil {
		stale = it
	}
	in := s.Info(ctx, zip)
	var fetchedAt = s.now()
	if stale != nil {
		fetchedAt = stale.FetchedAt
	}
	reason := s.mayCallLive(ctx, in.Partition, fetchedAt, stale != nil, force)
	if reason == "" {
		var l *Listing
		var cost int
		shared, err := s.live(ctx, key, newerInL2(s, s.listings, key, stale), func() (err error) {
			l, cost, err = s.fetchListing(ctx, zip, t, in)
			return err
		})
		if shared { // another replica fetched it
			if it, tier, err := s.listings.Peek(ctx, key); err == nil {
				return answer[Listing]{&it.Value, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}, nil
			}
		}
		if err == nil && l != nil {
			return answer[Listing]{l, Provenance{Source: Live, FetchedAt: s.now(), Cost: cost}}, nil
		}
		reason = explain(err)
		s.log.Warn("live search failed; falling back", "zip", zip, "type", t, "err", err)
	}
	if stale != nil && !s.cfg.Naive {
		return answer[Listing]{&stale.Value, Provenance{Source: Stale, FetchedAt: stale.FetchedAt, Tier: tier.String(), Reason: reason}}, nil
	}
	l, at, from := s.estimateListing(ctx, zip, t, in)
	return answer[Listing]{l, Provenance{Source: Estimate, FetchedAt: at, Tier: from, Reason: reason}}, nil
}

// fetchListing fetches every type of the ZIP in one call and stores each
// type's listing, so a ZIP costs one call whatever types agents ask for
// next. When the page is incomplete (over 100 properties) and the asked type
// is not on it, a second, type-specific call fetches it. It returns the
// asked type's listing and the calls spent.
func (s *Service) fetchListing(ctx context.Context, zip string, t attom.PropertyType, in Info) (*Listing, int, error) {
	page, err := s.cfg.Upstream.SnapshotAll(ctx, zip, 1, s.cfg.PageSize)
	if err != nil {
		return nil, 0, err
	}
	cost := 1
	byType := map[attom.PropertyType][]attom.Property{}
	geo := ""
	for _, p := range page.Properties {
		if ty, ok := attom.TypeFromV1(string(p.Summary.PropType)); ok {
			byType[ty] = append(byType[ty], p)
		}
		if g := string(p.Location.GeoIDV4.ZI); g != "" && geo == "" {
			geo = g
		}
	}
	complete := int(page.Status.Total) <= len(page.Properties)
	if len(byType[t]) == 0 && !complete {
		one, err := s.cfg.Upstream.Snapshot(ctx, zip, t, 1, s.cfg.PageSize)
		if err != nil {
			return nil, cost, err
		}
		cost++
		byType[t] = one.Properties
	}
	md := s.scoringMarket(ctx, zip, in)
	now := s.now()
	fresh, stale := freshness(now, s.stretchTTL(ctx, s.propertyTTL(in.Type), in.Partition), true)
	var asked *Listing
	for _, ty := range attom.PropertyTypes {
		items := byType[ty]
		if len(items) == 0 && !complete && ty != t {
			continue // unknown: the page was cut before this type
		}
		recs := buildRecords(items, ty, md)
		l := &Listing{ZIP: zip, Type: ty, Total: len(items), GeoIDV4: geo, Items: summaries(recs)}
		item := &cache.Item[Listing]{Value: *l, Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}
		if _, err := s.listings.Set(ctx, listingKey(zip, ty), item); err != nil {
			s.log.Warn("could not store a live listing; it is served but not shared", "zip", zip, "type", ty, "err", err)
		}
		s.storeRecords(ctx, recs, item)
		if ty == t {
			asked = l
		}
	}
	return asked, cost, nil
}

// estimateRecords generates the estimated records of a ZIP and type. They are
// deterministic, so an estimate's record is made again rather than stored.
func estimateRecords(zip string, t attom.PropertyType, in Info) []Record {
	items := mock.Properties(zip, t, Profile(in.Type, in.Multipliers), estimateCount)
	md := &MarketData{ZIP: zip, Type: in.Type, Multipliers: in.Multipliers, Growth: in.Growth, Estimate: true}
	return buildRecords(items, t, md)
}

// storeRecords writes each record under prop_{id} and into the secondary
// index (market type + price).
func (s *Service) storeRecords(ctx context.Context, recs []Record, like *cache.Item[Listing]) {
	idx := make([]cache.IndexEntry, 0, len(recs))
	for _, r := range recs {
		id, err := strconv.ParseInt(r.ID, 10, 64)
		if err != nil || r.Estimate {
			continue
		}
		it := &cache.Item[Record]{Value: r, Source: like.Source, FetchedAt: like.FetchedAt, FreshUntil: like.FreshUntil, StaleUntil: like.StaleUntil}
		if _, err := s.records.Set(ctx, recordKey(id), it); err != nil {
			s.log.Warn("could not store a property record", "id", r.ID, "err", err)
			continue
		}
		if r.Basic.Price > 0 {
			idx = append(idx, cache.IndexEntry{Market: string(r.Market.Type), Price: int64(r.Basic.Price), ID: r.ID})
		}
	}
	if err := s.cfg.Store.IndexPut(ctx, idx); err != nil {
		s.log.Warn("could not update the market+price index", "err", err)
	}
}

// estimateListing returns the mock listing of {zip}_mock_{type}.
func (s *Service) estimateListing(ctx context.Context, zip string, t attom.PropertyType, in Info) (*Listing, time.Time, string) {
	return estimate(ctx, s, s.mocks, mockKey(zip, t), func(time.Time) *Listing {
		return &Listing{ZIP: zip, Type: t, Total: estimateCount, Items: summaries(estimateRecords(zip, t, in))}
	})
}

// estimate returns the estimate under key in the mock cache, generating and
// storing it when absent (lazy loading, 12 h). tier is where a cached
// estimate came from, "" when it was generated.
func estimate[V any](ctx context.Context, s *Service, mocks *cache.Tiered[V], key string, generate func(now time.Time) *V) (*V, time.Time, string) {
	if it, tier, err := mocks.Peek(ctx, key); err == nil && it.Fresh(s.now()) {
		return &it.Value, it.FetchedAt, tier.String()
	}
	now := s.now()
	v := generate(now)
	fresh, stale := freshness(now, MockTTL, false)
	if _, err := mocks.Set(ctx, key, &cache.Item[V]{Value: *v, Source: "mock", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}); err != nil {
		s.log.Debug("could not store an estimate; it will be generated again", "key", key, "err", err)
	}
	return v, now, ""
}
