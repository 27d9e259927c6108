package plan

import (
	"context"
	"fmt"
	"log/slog"
	"realtybot/market"
	"realtybot/realty"
	"sort"
	"strings"
	"time"
)

// Market is what the planner reads of the market service.
type Market interface {
	// FlushCounts writes the demand counted since the last flush to L2.
	FlushCounts(ctx context.Context) error
	Info(ctx context.Context, zip string) market.Info
	// IsRare reports whether the ZIP's listing of t was fetched on its own.
	IsRare(ctx context.Context, zip string, t realty.PropertyType) bool
	// RealAge says when the real data under key was fetched and until when
	// it is fresh; found is false when there is none.
	RealAge(ctx context.Context, key string, marketData bool) (fetched, freshUntil time.Time, found bool)
}

// Demand reads the agents' requests per cache key and UTC day: the L2
// tally market.DemandTally.
type Demand interface {
	Tally(ctx context.Context, name string, days []string) (map[string]int64, error)
}

// Config is what a Planner needs.
type Config struct {
	Market Market
	Demand Demand
	// ListingCalls says whether one call samples the whole ZIP (its common
	// types are one candidate) or asks for one type.
	ListingCalls market.ListingCalls
	// HotWeight and StaleWorth share out scheduled refreshes: how many
	// times a hot answer counts (the requirement "hot first"; below 1 is
	// 1), and what real data past its tolerance is worth between an
	// estimate (0) and fresh data (1).
	HotWeight, StaleWorth float64
	// Watched, when set, counts the watchers of each "{zip}_{type}": a
	// watcher counts as a request a day.
	Watched func(ctx context.Context) (map[string]int64, error)
	Now     func() time.Time
	Logger  *slog.Logger
}

// Planner chooses the scheduled refreshes: where agents' demand gains most
// from a call.
type Planner struct{ cfg Config }

// New builds a Planner.
func New(cfg Config) *Planner {
	cfg.HotWeight = max(cfg.HotWeight, 1)
	cfg.StaleWorth = min(max(cfg.StaleWorth, 0), 1)
	if cfg.ListingCalls == "" {
		cfg.ListingCalls = market.CallPerZIP
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Planner{cfg: cfg}
}

// Candidate is a scheduled refresh worth making: one ZIP's listings (every
// type comes in one call) or its market data.
type Candidate struct {
	ZIP       realty.Zip
	Type      realty.PropertyType // the most asked-for type; empty for market data
	Partition market.Partition
	Demand    int64 // agents' requests in the look-back
	// Gain is what the call buys: requests per day times the days of answers
	// it improves over the week ahead (gainDays), weighted up in hot markets.
	Gain float64
}

func (c Candidate) String() string {
	if c.Type == "" {
		return string(c.ZIP) + "_market"
	}
	return string(c.ZIP) + "_" + string(c.Type)
}

// Scope is what a scheduled refresh may cover.
type Scope struct {
	Parts      []market.Partition
	Listings   bool
	MarketData bool
	Days       int           // demand look-back
	Horizon    time.Duration // time to the next run: keys fresh for half of it are not due
}

// A refresh is valued over the week ahead.
const gainAhead = 7 * 24 * time.Hour

// Due lists the refreshes agents' demand makes worth a call: keys
// asked for in the look-back whose data is missing or would go stale before
// half the horizon, best gain first. A key nobody asked for is never listed.
func (s *Planner) Due(ctx context.Context, sc Scope) ([]Candidate, error) {
	if err := s.cfg.Market.FlushCounts(ctx); err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	var ds []string
	for i := range sc.Days {
		ds = append(ds, now.UTC().AddDate(0, 0, -i).Format("2006-01-02"))
	}
	counts, err := s.cfg.Demand.Tally(ctx, market.DemandTally, ds)
	if err != nil {
		return nil, fmt.Errorf("market: reading demand: %w", err)
	}
	if counts == nil {
		counts = map[string]int64{}
	}
	s.addWatched(ctx, counts, sc.Days)
	byKey := map[string]*Candidate{} // ZIP (listings) or ZIP_market
	due := map[string]bool{}
	top := map[string]int64{} // the demand of each ZIP's most asked-for type
	keys := make([]string, 0, len(counts))
	for key := range counts {
		keys = append(keys, key)
	}
	sort.Strings(keys) // sums in one order, so equal gains compare equal
	for _, key := range keys {
		n := counts[key]
		c, ok := parseDemandKey(key)
		if !ok || (c.Type == "" && !sc.MarketData) || (c.Type != "" && !sc.Listings) {
			continue
		}
		in := s.cfg.Market.Info(ctx, string(c.ZIP))
		if !partitionIn(in.Partition, sc.Parts) {
			continue
		}
		id := string(c.ZIP) // one sample of the ZIP fills its common types
		if c.Type == "" || s.cfg.ListingCalls == market.CallPerType || s.cfg.Market.IsRare(ctx, string(c.ZIP), c.Type) {
			id = key
		}
		agg := byKey[id]
		if agg == nil {
			agg = &Candidate{ZIP: c.ZIP, Type: c.Type, Partition: in.Partition}
			byKey[id] = agg
		}
		if n > top[id] || (n == top[id] && c.Type < agg.Type) {
			top[id], agg.Type = n, c.Type
		}
		agg.Demand += n
		if gain, ok := s.gain(ctx, key, c.Type == "", in.Partition, float64(n)/float64(max(sc.Days, 1)), now, sc.Horizon); ok {
			due[id] = true
			agg.Gain += gain
		}
	}
	var out []Candidate
	for id, c := range byKey {
		if due[id] {
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i], out[j]; a.Gain != b.Gain {
			return a.Gain > b.Gain
		}
		return out[i].String() < out[j].String()
	})
	return out, nil
}

// addWatched counts each watcher of a ZIP and type as a request a day over
// the look-back: a watched ZIP is asked for even on a day nobody searches.
func (s *Planner) addWatched(ctx context.Context, counts map[string]int64, days int) {
	if s.cfg.Watched == nil {
		return
	}
	w, err := s.cfg.Watched(ctx)
	if err != nil {
		s.cfg.Logger.Warn("watches are not counted as demand this run", "err", err)
		return
	}
	for key, n := range w {
		counts[key] += n * int64(max(days, 1))
	}
}

// gain is what refreshing key is worth at perDay requests a day, and false
// when its data stays fresh for most of the horizon (not due).
func (s *Planner) gain(ctx context.Context, key string, marketData bool, p market.Partition, perDay float64, now time.Time, horizon time.Duration) (float64, bool) {
	tol := p.Tolerance()
	if marketData {
		tol = market.MarketTTL
	}
	fetched, freshUntil, found := s.cfg.Market.RealAge(ctx, key, marketData)
	left := time.Duration(0)
	if found {
		if freshUntil.After(now.Add(horizon / 2)) {
			return 0, false
		}
		left = max(0, fetched.Add(tol).Sub(now))
	}
	g := perDay * gainDays(found, tol, left, s.cfg.StaleWorth)
	if p == market.PartHot {
		g *= s.cfg.HotWeight
	}
	return g, true
}

// gainDays is what one refresh is worth per daily request, in days of
// answers: data within tolerance counts 1 a day, real data past it
// staleWorth, an estimate 0, over a look-ahead of gainAhead. A refresh
// replaces what is left of the current data's tolerance with a whole one;
// data past tolerance is still served (stale beats mock), so a key with no
// real data gains most.
func gainDays(found bool, tol, left time.Duration, staleWorth float64) float64 {
	ahead, t, l := gainAhead.Hours()/24, min(tol, gainAhead).Hours()/24, left.Hours()/24
	after := (ahead - t) * staleWorth // past tolerance, until the look-ahead ends
	if !found {
		return t + after
	}
	before := l + (ahead-l)*staleWorth // what the current data is worth
	return t + after - before
}

// parseDemandKey reads "{zip}_{type}" or "{zip}_market"; anything else (a
// key from an older release) is ignored.
func parseDemandKey(key string) (Candidate, bool) {
	zip, rest, ok := strings.Cut(key, "_")
	if !ok {
		return Candidate{}, false
	}
	z := realty.Zip(zip)
	if !z.Valid() {
		return Candidate{}, false
	}
	if rest == "market" {
		return Candidate{ZIP: z}, true
	}
	t := realty.PropertyType(rest)
	return Candidate{ZIP: z, Type: t}, t.Valid()
}

func partitionIn(p market.Partition, ps []market.Partition) bool {
	for _, x := range ps {
		if p == x {
			return true
		}
	}
	return false
}
