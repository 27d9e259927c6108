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
		shared, err := s.live(ctx, key, func(ctx context.Context) bool {
			it, _, err := s.listings.PeekL2(ctx, key)
			return err == nil && it.Fresh(s.now()) && (stale == nil || it.FetchedAt.After(stale.FetchedAt))
		}, func() (err error) {
			l, err = s.fetchListing(ctx, zip, t, in)
			return err
		})
		if shared { // another replica fetched it
			if it, tier, err := s.listings.Peek(ctx, key); err == nil {
				return answer[Listing]{&it.Value, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}, nil
			}
		}
		if err == nil && l != nil {
			return answer[Listing]{l, Provenance{Source: Live, FetchedAt: s.now(), Cost: 1}}, nil
		}
		reason = explain(err)
		s.log.Warn("live search failed; falling back", "zip", zip, "type", t, "err", err)
	}
	if stale != nil {
		return answer[Listing]{&stale.Value, Provenance{Source: Stale, FetchedAt: stale.FetchedAt, Tier: tier.String(), Reason: reason}}, nil
	}
	l, at := s.estimateListing(ctx, zip, t, in)
	return answer[Listing]{l, Provenance{Source: Estimate, FetchedAt: at, Reason: reason}}, nil
}

// fetchListing spends one call, computes the records and writes them through.
func (s *Service) fetchListing(ctx context.Context, zip string, t attom.PropertyType, in Info) (*Listing, error) {
	page, err := s.cfg.Upstream.Snapshot(ctx, zip, t, 1, s.cfg.PageSize)
	if err != nil {
		return nil, err
	}
	md := s.scoringMarket(ctx, zip, in)
	recs := buildRecords(page.Properties, t, md)
	l := &Listing{ZIP: zip, Type: t, Total: int(page.Status.Total), Items: summaries(recs)}
	for _, p := range page.Properties {
		if g := string(p.Location.GeoIDV4.ZI); g != "" {
			l.GeoIDV4 = g
			break
		}
	}
	now := s.now()
	fresh, stale := freshness(now, s.stretchTTL(ctx, s.propertyTTL(in.Type), in.Partition), true)
	item := &cache.Item[Listing]{Value: *l, Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}
	if _, err := s.listings.Set(ctx, listingKey(zip, t), item); err != nil {
		s.log.Warn("could not store a live listing; it is served but not shared", "zip", zip, "type", t, "err", err)
	}
	s.storeRecords(ctx, recs, item)
	return l, nil
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

// estimateListing returns the mock listing of {zip}_mock_{type}, generating
// and storing it when absent (lazy loading, 12 h).
func (s *Service) estimateListing(ctx context.Context, zip string, t attom.PropertyType, in Info) (*Listing, time.Time) {
	key := mockKey(zip, t)
	if it, _, err := s.mocks.Peek(ctx, key); err == nil && it.Fresh(s.now()) {
		return &it.Value, it.FetchedAt
	}
	l := &Listing{ZIP: zip, Type: t, Total: estimateCount, Items: summaries(estimateRecords(zip, t, in))}
	now := s.now()
	fresh, stale := freshness(now, MockTTL, false)
	if _, err := s.mocks.Set(ctx, key, &cache.Item[Listing]{Value: *l, Source: "mock", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}); err != nil {
		s.log.Debug("could not store an estimate; it will be generated again", "key", key, "err", err)
	}
	return l, now
}
