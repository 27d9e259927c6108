package market

import (
	"context"
	"strconv"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/market/outcome"
	"realtybot/mock"
	"realtybot/realty"
)

// estimateCount is how many estimated properties a mock listing holds.
const estimateCount = 12

// loadListing climbs the ladder for one listing.
func (s *Service) loadListing(ctx context.Context, zip string, t realty.PropertyType, force bool) (answer[Listing], error) {
	in := s.Info(ctx, zip)
	return climb(ctx, s, rung[Listing]{
		tier: s.listings, key: listingKey(zip, t), what: "search",
		part:  func(*cache.Item[Listing]) Partition { return in.Partition },
		fetch: func(ctx context.Context) (*Listing, int, error) { return s.fetchListing(ctx, zip, t, in) },
		estimate: func(ctx context.Context, why outcome.Why) (answer[Listing], error) {
			l, at, from := s.estimateListing(ctx, zip, t, in)
			return estimated(l, at, from, why), nil
		},
	}, force)
}

// ListingCalls says what one live search asks ATTOM for. ATTOM takes one
// property type per call (or none), and a page holds at most 100 of the
// thousands of parcels of a ZIP. docs/listings.md weighs the two.
type ListingCalls string

const (
	// CallPerZIP asks for a mixed sample of the ZIP's parcels (no type
	// filter), which fills every type common enough to hold MinSample homes
	// of it; a rarer type asked for gets a call of its own.
	CallPerZIP ListingCalls = "zip"
	// CallPerType asks for 100 homes of the asked type.
	CallPerType ListingCalls = "type"
)

// MinSample is the fewest homes of a type a mixed sample of 100 must hold to
// stand as that type's listing (half a reply page); a rarer type is fetched
// on its own. A smaller sample needs proportionally fewer. docs/listings.md
// measures 1, 4 and 8.
const MinSample = 4

// MinSampleOf is MinSample for a sample of sampled parcels.
func MinSampleOf(sampled int) int { return min(MinSample, max(1, sampled*MinSample/100)) }

// fetchListing makes the live calls for a listing of t and stores every
// listing they fill. It returns the asked type's listing and the calls spent.
func (s *Service) fetchListing(ctx context.Context, zip string, t realty.PropertyType, in Info) (*Listing, int, error) {
	cost, mixed := 0, s.cfg.ListingCalls == CallPerZIP && s.sampleFor(ctx, zip, t)
	var byType map[realty.PropertyType]*Listing
	if mixed {
		page, err := s.cfg.Upstream.AVMSnapshot(ctx, attom.AreaQuery{ZIP: zip, PageSize: s.pageSize(ctx)})
		if err != nil {
			return nil, 0, err
		}
		cost += int(page.Cost) // one call, or the page's records (attom.PropertyPage.Cost)
		if len(page.Properties) == 0 {
			return s.storeNoData(ctx, zip, t), cost, nil
		}
		byType = splitSample(zip, page)
		if page.Untyped && byType[t] == nil { // none of the sample is a t: said so, and kept
			byType[t] = &Listing{ZIP: zip, Type: t, Total: int(page.Status.Total), Sampled: len(page.Properties), Mixed: true, Untyped: true}
		}
		if l := byType[t]; page.Untyped || l != nil && len(l.raw) >= MinSampleOf(l.Sampled) {
			return s.storeListings(ctx, zip, t, in, byType), cost, nil
		}
	}
	page, err := s.cfg.Upstream.AVMSnapshot(ctx, attom.AreaQuery{ZIP: zip, Type: t, PageSize: s.pageSize(ctx)})
	if err != nil {
		if cost > 0 { // keep what the mixed call paid for
			s.storeListings(ctx, zip, t, in, byType)
		}
		return nil, cost, err
	}
	cost += int(page.Cost)
	one := splitSample(zip, page)[t]
	if one == nil {
		one = &Listing{ZIP: zip, Type: t}
	}
	one.Mixed, one.Untyped, one.Total, one.Sampled = page.Untyped, page.Untyped, int(page.Status.Total), len(page.Properties)
	if byType == nil {
		byType = map[realty.PropertyType]*Listing{}
	}
	byType[t] = one
	return s.storeListings(ctx, zip, t, in, byType), cost, nil
}

// pageSize is the page a live search asks for; under record billing no
// more records than the day and the month have left, so the page fits.
func (s *Service) pageSize(ctx context.Context) int {
	if !s.cfg.Upstream.Unit().Records() {
		return s.cfg.PageSize
	}
	u, err := s.cfg.Quota.Usage(ctx)
	if err != nil {
		return s.cfg.PageSize // the reservation fails closed
	}
	left := min(u.Limits.Daily-u.Today, u.Limits.Monthly-u.ThisMonth)
	return int(max(1, min(int64(s.cfg.PageSize), left)))
}

// NoDataFor is how long a ZIP whose whole-ZIP sample came back empty (ATTOM
// does not know it, or holds no parcel there) is remembered: every type's
// listing is stored empty for it, in L2 and shared by replicas, so no type
// draws a call of its own and repeats ask ATTOM nothing.
const NoDataFor = 30 * 24 * time.Hour

// storeNoData remembers that zip has no data and returns t's (empty)
// listing.
func (s *Service) storeNoData(ctx context.Context, zip string, t realty.PropertyType) *Listing {
	now := s.now()
	fresh, stale := freshness(now, NoDataFor, true)
	for _, ty := range realty.PropertyTypes {
		item := &cache.Item[Listing]{Value: Listing{ZIP: zip, Type: ty, Mixed: true}, Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}
		if _, err := s.listings.Set(ctx, listingKey(zip, ty), item); err != nil {
			s.log.Warn("could not remember a ZIP without data; it will be asked again", "zip", zip, "type", ty, "err", err)
		}
	}
	return &Listing{ZIP: zip, Type: t, Mixed: true}
}

// splitSample sorts a page's items by type. Parcels no agent asks for
// (commercial, exempt) are dropped; each listing keeps the page's totals.
func splitSample(zip string, page *attom.PropertyPage) map[realty.PropertyType]*Listing {
	out := map[realty.PropertyType]*Listing{}
	geo := attom.ZIPGeoIDV4(zip, page.Properties)
	for _, p := range page.Properties {
		ty, ok := attom.TypeOf(&p)
		if !ok {
			continue
		}
		l := out[ty]
		if l == nil {
			l = &Listing{ZIP: zip, Type: ty, Total: int(page.Status.Total), Sampled: len(page.Properties), Mixed: true, Untyped: page.Untyped, GeoIDV4: geo}
			out[ty] = l
		}
		l.raw = append(l.raw, p)
	}
	return out
}

// sampleFor says whether a live search for t samples the whole ZIP: yes when
// t's listing came from a sample (it is renewed the same way), no when it was
// fetched on its own (a rare type), or when a fresh sample of the ZIP lacked it.
func (s *Service) sampleFor(ctx context.Context, zip string, t realty.PropertyType) bool {
	if it, _, err := s.listings.GetUncounted(ctx, listingKey(zip, t)); err == nil {
		return it.Value.Mixed
	}
	for _, other := range realty.PropertyTypes {
		if it, _, err := s.listings.GetUncounted(ctx, listingKey(zip, other)); err == nil && it.Value.Mixed && it.Fresh(clock.At(ctx, s.now)) {
			return false
		}
	}
	return true
}

// IsRare reports whether the ZIP's listing of t was fetched on its own, so
// a scheduled refresh of the ZIP's sample does not renew it.
func (s *Service) IsRare(ctx context.Context, zip string, t realty.PropertyType) bool {
	it, _, err := s.listings.GetUncounted(ctx, listingKey(zip, t))
	return err == nil && !it.Value.Mixed
}

// storeListings builds the records of each fetched listing and stores them:
// a mixed listing only when it holds MinSample homes, or it is the one asked
// for. It returns the asked type's listing.
func (s *Service) storeListings(ctx context.Context, zip string, asked realty.PropertyType, in Info, byType map[realty.PropertyType]*Listing) *Listing {
	md := s.scoringMarket(ctx, zip, in)
	now := s.now()
	fresh, stale := freshness(now, s.stretchTTL(ctx, s.propertyTTL(in.Type), in.Partition), true)
	var out *Listing
	for _, ty := range realty.PropertyTypes {
		l := byType[ty]
		if l == nil || (l.Mixed && len(l.raw) < MinSampleOf(l.Sampled) && ty != asked) {
			continue
		}
		recs := buildRecords(l.raw, ty, md)
		l.raw = nil
		l.scored(recs)
		var old *Listing // what it replaces, for OnChange
		if s.cfg.OnChange != nil {
			if prev, _, err := s.listings.GetUncounted(ctx, listingKey(zip, ty)); err == nil {
				old = &prev.Value
			}
		}
		item := &cache.Item[Listing]{Value: *l, Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}
		if _, err := s.listings.Set(ctx, listingKey(zip, ty), item); err != nil {
			s.log.Warn("could not store a live listing; it is served but not shared", "zip", zip, "type", ty, "err", err)
		}
		s.tellChange(ctx, old, l, now)
		s.storeRecords(ctx, recs, item)
		if ty == asked {
			out = l
		}
	}
	if out == nil {
		out = &Listing{ZIP: zip, Type: asked}
	}
	return out
}

// estimateRecords generates the estimated records of a ZIP and type. They are
// deterministic, so an estimate's record is made again rather than stored.
func estimateRecords(zip string, t realty.PropertyType, in Info) []Record {
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
func (s *Service) estimateListing(ctx context.Context, zip string, t realty.PropertyType, in Info) (*Listing, time.Time, string) {
	return estimate(ctx, s, s.mocks, mockKey(zip, t), func(time.Time) *Listing {
		l := &Listing{ZIP: zip, Type: t, Total: estimateCount}
		l.scored(estimateRecords(zip, t, in))
		return l
	})
}

// estimate returns the estimate under key in the mock cache, generating and
// storing it when absent (lazy loading, 12 h). tier is where a cached
// estimate came from, "" when it was generated.
func estimate[V any](ctx context.Context, s *Service, mocks *cache.Tiered[V], key string, generate func(now time.Time) *V) (*V, time.Time, string) {
	if it, tier, err := mocks.GetUncounted(ctx, key); err == nil && it.Fresh(clock.At(ctx, s.now)) {
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

// RealAge returns when the real data under key was fetched and until when it
// is fresh; found is false when there is none (an estimate is not real).
func (s *Service) RealAge(ctx context.Context, key string, marketData bool) (fetched, freshUntil time.Time, found bool) {
	if marketData {
		if it, _, err := s.markets.GetUncounted(ctx, key); err == nil && !it.Value.Estimate {
			return it.FetchedAt, it.FreshUntil, true
		}
		return
	}
	if it, _, err := s.listings.GetUncounted(ctx, key); err == nil {
		return it.FetchedAt, it.FreshUntil, true
	}
	return
}
