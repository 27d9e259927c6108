package market

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/market/geo"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
)

// Upstream is what the service needs from ATTOM.
type Upstream interface {
	AVMSnapshot(ctx context.Context, q attom.AreaQuery) (*attom.PropertyPage, error)
	// SalesTrend reads a ZIP's yearly trend of one v4 type, or of each
	// (attom.V4All).
	SalesTrend(ctx context.Context, geoIDV4, v4Type string, startYear, endYear int) (*attom.Trend, error)
	AVM(ctx context.Context, attomID int64) (*attom.Property, error)
	// LookupZIP is a ZIP's geoIdV4 from ATTOM's free location lookup; ""
	// when ATTOM knows no such ZIP.
	LookupZIP(ctx context.Context, zip string) (string, error)
	// Health is how the calls went, as the client saw them (/usage).
	Health() attom.Health
	// Unit is what ATTOM bills: each call, or each record returned.
	Unit() quota.Unit
}

// Store is what the service needs of L2 (store/redisstore or
// store/boltstore): its tiers' entries, the market+price index, the
// cross-replica lease, and the tallies per day: demand (market/plan
// reads it) and answers.
type Store interface {
	cache.Entries
	cache.Index
	cache.Leaser
	cache.Tallies
	geo.Store // the ZIPs' geoIdV4s, kept for good (a small map, read whole)
}

// Quota is what the service reads of the ledger to pace its spending. The
// ledger itself enforces the limits when a call is reserved.
type Quota interface {
	Usage(ctx context.Context) (quota.Usage, error)
}

// QuotaAdmin is what admins may do to the ledger (quota.Ledger): after the
// store lost its data, confirm the restored counts or set them.
type QuotaAdmin interface {
	AgentUsed(ctx context.Context, agent string) (int64, error)
	MonthDays(ctx context.Context) ([]int64, error)
	Confirm(ctx context.Context, who string, force bool) (quota.Change, error)
	Raise(ctx context.Context, who string, today, month int64) (quota.Change, error)
	Lower(ctx context.Context, who, reason string, today, month int64) (quota.Change, error)
	Safety(ctx context.Context) error
}

// SchedulerAgent is the ledger's name for the scheduled refreshes, which
// have a daily budget of their own (REFRESH_BUDGET).
const SchedulerAgent = "~scheduler"

// QuotaAdmin returns the ledger's admin side, nil when there is none.
func (s *Service) QuotaAdmin() QuotaAdmin {
	q, _ := s.cfg.Quota.(QuotaAdmin)
	return q
}

// Config builds a Service.
type Config struct {
	Upstream    Upstream // nil: no live calls at all
	Quota       Quota
	Store       Store
	Namespace   string
	MaxEntries  int64
	DefaultType Type
	Overrides   map[string]Override
	// HotReserve is how many of the day's calls stable markets leave for hot
	// ones; OtherReserve how many other markets leave for hot and stable ones.
	HotReserve, OtherReserve int64
	PageSize                 int // properties per live search (0: 100 under call billing, 10 under record)
	// ListingCalls says whether a live search samples the whole ZIP or asks
	// for the one type (default CallPerZIP).
	ListingCalls ListingCalls
	Now          func() time.Time
	Logger       *slog.Logger
	// OnChange, when set, is given each live listing with the one it
	// replaced, at its fetch time (watch notifications).
	OnChange func(ctx context.Context, old, cur *Listing, at time.Time)
	// Bus carries L1 invalidations between replicas (Redis); nil: none.
	Bus *cache.Bus
	// Naive switches the policy off, for comparison (simulate --compare): a
	// plain cache with one TTL that spends a call on every miss until the
	// quota is gone, and serves no stale data.
	Naive bool
}

// NaiveTTL is the one freshness window of the naive policy.
const NaiveTTL = 24 * time.Hour

// Service answers searches, market questions and property lookups with
// provenance, through the cache, the policy and the fallbacks.
type Service struct {
	cfg         Config
	now         func() time.Time
	log         *slog.Logger
	listings    *cache.Tiered[Listing]
	mocks       *cache.Tiered[Listing]
	mockMarkets *cache.Tiered[MarketData]
	markets     *cache.Tiered[MarketData]
	records     *cache.Tiered[Record]
	flight      *cache.Flight
	stats       *cache.Stats
	settings    Settings      // what a configuration reload changes
	demand      *cache.PerKey // agents' requests per cache key, per day in L2
	tally       outcome.Tally // answers by tier and source, this process
	daily       *cache.Daily  // the same, per day in L2, every replica
	absent      sync.Map      // ZIP -> until when it is known to have no real market data (Info)
	geo         geo.Finder    // the ZIPs' geoIdV4s, at no billed cost
}

// New builds a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = clock.Real.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DefaultType == "" {
		cfg.DefaultType = Stable
	}
	switch {
	case cfg.PageSize > 0:
	case cfg.Upstream != nil && cfg.Upstream.Unit().Records(): // every record is billed: ATTOM's default page
		cfg.PageSize = attom.DefaultPageSize
	default: // one call whatever its size: the largest page
		cfg.PageSize = attom.MaxPageSize
	}
	if cfg.ListingCalls == "" {
		cfg.ListingCalls = CallPerZIP
	}
	if cfg.Upstream != nil && cfg.Quota == nil {
		return nil, fmt.Errorf("market: a live upstream needs the quota ledger")
	}
	s := &Service{cfg: cfg, now: cfg.Now, log: cfg.Logger, flight: cache.NewFlight(30 * time.Second), stats: &cache.Stats{}}
	s.geo = geo.Finder{Store: cfg.Store, Listed: s.listedGeo, Log: cfg.Logger}
	if cfg.Upstream != nil {
		s.geo.Lookup = cfg.Upstream.LookupZIP
	}
	s.demand = cache.NewPerKey(cfg.Store, DemandTally, cfg.Now)
	s.daily = cache.NewDaily(cfg.Store, AnswersTally, s.tally.Fields, cfg.Now)
	s.settings.SetOverrides(cfg.Overrides)
	s.settings.SetDefaultType(cfg.DefaultType)
	s.settings.SetTTLs(nil)
	s.settings.SetReserves(cfg.HotReserve, cfg.OtherReserve)
	o := cache.Options{Namespace: cfg.Namespace, MaxEntries: cfg.MaxEntries, Stats: s.stats, Now: cfg.Now, Logger: cfg.Logger, Bus: cfg.Bus}
	var err error
	if s.listings, err = cache.NewTiered[Listing](cache.KindListing, cfg.Store, o); err != nil {
		return nil, err
	}
	if s.mocks, err = cache.NewTiered[Listing](cache.KindMock, cfg.Store, o); err != nil {
		return nil, err
	}
	if s.mockMarkets, err = cache.NewTiered[MarketData](cache.KindMock, cfg.Store, o); err != nil {
		return nil, err
	}
	if s.markets, err = cache.NewTiered[MarketData](cache.KindMarket, cfg.Store, o); err != nil {
		return nil, err
	}
	if s.records, err = cache.NewTiered[Record](cache.KindRecord, cfg.Store, o); err != nil {
		return nil, err
	}
	return s, nil
}

// Listings gives maintenance and tests the listing cache.
func (s *Service) Listings() *cache.Tiered[Listing] { return s.listings }

// Close releases the in-memory tiers (the store is the caller's).
func (s *Service) Close() {
	s.listings.Close()
	s.mocks.Close()
	s.mockMarkets.Close()
	s.markets.Close()
	s.records.Close()
}

// answer is what a load returns through the single-flight.
type answer[V any] struct {
	v    *V
	prov outcome.Provenance
}

// Search returns the properties of type t in zip.
func (s *Service) Search(ctx context.Context, zipIn realty.Zip, t realty.PropertyType) (*Listing, outcome.Provenance, error) {
	zip, err := zipOf(zipIn)
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	if !t.Valid() {
		return nil, outcome.Provenance{}, ErrBadType
	}
	key := listingKey(zip, t)
	s.demand.Add(key)
	if it, tier, err := s.listings.GetCounted(ctx, key); err == nil && it.Fresh(clock.At(ctx, s.now)) {
		a := cachedAnswer(it, tier, nil)
		return s.judged(ctx, a.v, s.tally.Count(a.prov))
	}
	l, p, err := load(ctx, s, key, func(ctx context.Context) (answer[Listing], error) {
		return s.loadListing(ctx, zip, t, false)
	})
	if err != nil {
		return nil, p, err
	}
	return s.judged(ctx, l, p)
}

// load runs fn once for concurrent callers of key (single-flight) and counts
// the answer; only the caller whose fn ran reports its cost, and only its
// answer is live.
func load[V any](ctx context.Context, s *Service, key string, fn func(context.Context) (answer[V], error)) (*V, outcome.Provenance, error) {
	v, leader, err := s.flight.Do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	a := v.(answer[V])
	if !leader {
		// Joined another request's call: nothing was billed for this one, so
		// it is not live; the data is ATTOM's, fetched just now.
		a.prov.Cost = 0
		if a.prov.Source == outcome.Live {
			a.prov.Source = outcome.Cached
		}
	}
	return a.v, s.tally.Count(a.prov), nil
}

// AdminRefresh forces a live fetch of a listing for an admin's /refresh: it
// skips the pacing policy but not the ledger, and counts as an answer.
func (s *Service) AdminRefresh(ctx context.Context, zip realty.Zip, t realty.PropertyType) (*Listing, outcome.Provenance, error) {
	l, p, err := s.ScheduledRefresh(ctx, zip, t)
	if err == nil {
		l, p, _ = s.judged(ctx, l, s.tally.Count(p))
	}
	return l, p, err
}

// ScheduledRefresh is AdminRefresh for maintenance: the same fetch, not
// counted as an answer.
func (s *Service) ScheduledRefresh(ctx context.Context, zipIn realty.Zip, t realty.PropertyType) (*Listing, outcome.Provenance, error) {
	zip, err := zipOf(zipIn)
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	if !t.Valid() {
		return nil, outcome.Provenance{}, ErrBadType
	}
	v, _, err := s.flight.Do(ctx, "refresh:"+listingKey(zip, t), func(ctx context.Context) (any, error) {
		return s.loadListing(ctx, zip, t, true)
	})
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	a := v.(answer[Listing])
	return a.v, a.prov, nil
}

// WaitL1 waits until the in-memory tier has applied its pending writes
// (ristretto buffers them): simulations call it to be deterministic.
func (s *Service) WaitL1() {
	s.listings.Wait()
	s.mocks.Wait()
	s.mockMarkets.Wait()
	s.markets.Wait()
	s.records.Wait()
}

// Report gathers usage, cache statistics and health.
func (s *Service) Report(ctx context.Context) outcome.Report {
	r := outcome.Report{Cache: s.stats.Snapshot(), Process: s.tally.Counts(), MaxEntries: s.cfg.MaxEntries, At: s.now(),
		L1Fullest: max(s.listings.L1Len(), s.mocks.L1Len(), s.mockMarkets.L1Len(), s.markets.L1Len(), s.records.L1Len())}
	if s.cfg.Upstream != nil {
		r.Attom = s.cfg.Upstream.Health()
	}
	if s.cfg.Quota != nil {
		r.Usage, r.UsageErr = s.cfg.Quota.Usage(ctx)
		if q, ok := s.cfg.Quota.(QuotaAdmin); ok && r.UsageErr == nil {
			r.Unsafe = q.Safety(ctx)
		}
	}
	if s.cfg.Upstream == nil {
		r.LiveOff = outcome.Why{Kind: outcome.WhyNoKey}
	}
	r.Health, r.HealthErr = s.cfg.Store.Counts(ctx, s.now())
	r.Today, r.TodayErr = s.Days(ctx, 1)
	return r
}
