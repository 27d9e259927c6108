package market

import (
	"context"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/market/outcome"
	"realtybot/market/trend"
	"realtybot/mock"
	"realtybot/realty"
)

// TrendYears is how many yearly points a market answer shows: one trend
// call asks for that many years.
const TrendYears = 5

// Market returns the market data of a ZIP: type, median price, trend and
// multipliers.
func (s *Service) Market(ctx context.Context, zipIn realty.Zip) (*MarketData, outcome.Provenance, error) {
	zip, err := zipOf(zipIn)
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	key := marketKey(zip)
	s.demand.Add(key)
	if it, tier, err := s.markets.GetCounted(ctx, key); err == nil && it.Fresh(clock.At(ctx, s.now)) {
		a := cachedAnswer(it, tier, func(md *MarketData) *MarketData { return withInfo(*md, s.resolve(zip, md)) })
		return a.v, s.tally.Count(a.prov), nil
	}
	return load(ctx, s, key, func(ctx context.Context) (answer[MarketData], error) { return s.loadMarket(ctx, zip, false) })
}

// ScheduledRefreshMarket forces a live fetch of a ZIP's market data (maintenance):
// it skips the pacing policy but not the ledger, and is not counted as an
// agent's answer.
func (s *Service) ScheduledRefreshMarket(ctx context.Context, zipIn realty.Zip) (*MarketData, outcome.Provenance, error) {
	zip, err := zipOf(zipIn)
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	v, _, err := s.flight.Do(ctx, "refresh:"+marketKey(zip), func(ctx context.Context) (any, error) { return s.loadMarket(ctx, zip, true) })
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	a := v.(answer[MarketData])
	return a.v, a.prov, nil
}

func (s *Service) loadMarket(ctx context.Context, zip string, force bool) (answer[MarketData], error) {
	in := s.Info(ctx, zip)
	return climb(ctx, s, rung[MarketData]{
		tier: s.markets, key: marketKey(zip), what: "market lookup",
		part:    func(*cache.Item[MarketData]) Partition { return in.Partition },
		fetch:   func(ctx context.Context) (*MarketData, int, error) { return s.fetchMarket(ctx, zip, force) },
		missing: func() error { return outcome.ErrUnknownZIP },
		show:    func(md *MarketData) *MarketData { return withInfo(*md, s.resolve(zip, md)) },
		estimate: func(ctx context.Context, why outcome.Why) (answer[MarketData], error) {
			md, at, from := s.estimateMarket(ctx, zip, in)
			return estimated(withInfo(*md, in), at, from, why), nil
		},
	}, force)
}

// estimateMarket returns the estimated market data of {zip}_mock_market.
func (s *Service) estimateMarket(ctx context.Context, zip string, in Info) (*MarketData, time.Time, string) {
	return estimate(ctx, s, s.mockMarkets, mockMarketKey(zip), func(now time.Time) *MarketData {
		md := &MarketData{ZIP: zip, Estimate: true, Trend: trend.Of(mock.SalesTrend(zip, Profile(in.Type, in.Multipliers), now.Year()-TrendYears+1, now.Year()), "", now)}
		summarize(md)
		return md
	})
}

// fetchMarket finds the ZIP's geoIdV4 (from a cached real listing, the
// lookups kept in L2, or ATTOM's free location lookup; a live sfr search
// only when the lookup fails) and fetches the trend of every type: one
// billable call.
func (s *Service) fetchMarket(ctx context.Context, zip string, force bool) (*MarketData, int, error) {
	cost := 0
	geo, unknown := s.geo.Find(ctx, zip)
	if unknown {
		return nil, 0, nil // missing: ATTOM knows no such ZIP
	}
	if geo == "" { // the lookup failed: a listing call locates the market
		v, _, err := s.flight.Do(ctx, listingKey(zip, realty.SFR), func(ctx context.Context) (any, error) {
			return s.loadListing(ctx, zip, realty.SFR, force)
		})
		if err != nil {
			return nil, 0, err
		}
		a := v.(answer[Listing])
		cost += a.prov.Cost
		if a.prov.Source == outcome.Estimate || a.v.GeoIDV4 == "" {
			return nil, cost, outcome.ErrNoGeo
		}
		geo = a.v.GeoIDV4
	}
	now := s.now()
	// One call reads every type's series. Under record billing each
	// interval of each series is a billed record, so only the series the
	// reading needs is asked.
	v4 := attom.V4All
	if s.cfg.Upstream.Unit().Records() {
		v4 = attom.V4(realty.SFR)
	}
	tr, err := s.cfg.Upstream.SalesTrend(ctx, geo, v4, now.Year()-TrendYears+1, now.Year())
	if tr != nil {
		cost += int(tr.Cost)
	}
	if err != nil {
		return nil, cost, err
	}
	all := trend.All(tr.Items, now)
	md := &MarketData{ZIP: zip, Trend: trend.Main(all, attom.V4(realty.SFR)), Types: all, AllTypes: v4 == attom.V4All}
	summarize(md)
	fresh, stale := freshness(now, s.marketTTL(), true)
	if _, err := s.markets.Set(ctx, marketKey(zip), &cache.Item[MarketData]{Value: *md, Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale}); err != nil {
		s.log.Warn("could not store market data", "zip", zip, "err", err)
	}
	s.absent.Delete(zip)
	return md, cost, nil
}

// summarize fills the medians, changes and classification from the trend.
func summarize(md *MarketData) {
	if n := len(md.Trend); n > 0 {
		md.MedianPrice = md.Trend[n-1].Median
	}
	md.Growth, md.SalesChange, _ = trend.Change(md.Trend)
	md.Classified, _ = Classify(md.Trend)
}

// listedGeo is the geoIdV4 of any cached real listing of the ZIP.
func (s *Service) listedGeo(ctx context.Context, zip string) string {
	for _, t := range realty.PropertyTypes {
		if it, _, err := s.listings.GetUncounted(ctx, listingKey(zip, t)); err == nil && it.Value.GeoIDV4 != "" {
			return it.Value.GeoIDV4
		}
	}
	return ""
}
