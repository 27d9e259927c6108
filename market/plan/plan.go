package plan

import (
	"context"
	"fmt"
	"log/slog"
	"math"
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
	// HotWeight and StaleWorth share out scheduled refreshes (gain): what
	// a hot-market answer moved onto fresh data is worth, in agents' misses
	// ended (the requirement "hot first"; below 1 is 1), and, outside
	// hot markets, what an answer on real data past its tolerance is worth
	// against one within it (0 to 1).
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
	// Gain is what the call buys (gain): the misses it ends and the
	// answers it moves onto fresh data.
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

// coverDays is how many days of misses a key's first real data is
// credited with: real data is kept and served past its tolerance (stale
// beats an estimate), so one call ends the key's misses for at least the
// month ahead.
const coverDays = 30

// Due lists the refreshes agents' demand makes worth a call: keys
// asked for in the look-back whose data is missing or would go stale before
// half the horizon, best gain first. A key nobody asked for is never listed.
func (s *Planner) Due(ctx context.Context, sc Scope) ([]Candidate, error) {
	if err := s.cfg.Market.FlushCounts(ctx); err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	counts, span, err := s.demand(ctx, now, max(sc.Days, 1))
	if err != nil {
		return nil, err
	}
	s.addWatched(ctx, counts, span)
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
		if gain, ok := s.gain(ctx, key, c.Type == "", in.Partition, float64(n)/span, now, sc.Horizon); ok {
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

// demand reads the requests per key of the last `days` UTC days, today
// included, and the days they span: from the start of the oldest of those
// days that holds a request until now, at least one. A planner that runs
// early in the day, or a store only two days old, divides by the time the
// counts really cover, not by the look-back.
func (s *Planner) demand(ctx context.Context, now time.Time, days int) (map[string]int64, float64, error) {
	counts := map[string]int64{}
	today := now.UTC().Truncate(24 * time.Hour)
	oldest := -1
	for i := range days {
		m, err := s.cfg.Demand.Tally(ctx, market.DemandTally, []string{today.AddDate(0, 0, -i).Format("2006-01-02")})
		if err != nil {
			return nil, 0, fmt.Errorf("market: reading demand: %w", err)
		}
		for k, n := range m {
			counts[k] += n
		}
		if len(m) > 0 {
			oldest = i
		}
	}
	span := 1.0
	if oldest >= 0 {
		span = max(span, now.Sub(today.AddDate(0, 0, -oldest)).Hours()/24)
	}
	return counts, span, nil
}

// addWatched counts each watcher of a ZIP and type as a request a day over
// the days the demand spans: a watched ZIP is asked for even on a day
// nobody searches.
func (s *Planner) addWatched(ctx context.Context, counts map[string]int64, span float64) {
	if s.cfg.Watched == nil {
		return
	}
	w, err := s.cfg.Watched(ctx)
	if err != nil {
		s.cfg.Logger.Warn("watches are not counted as demand this run", "err", err)
		return
	}
	for key, n := range w {
		counts[key] += int64(math.Ceil(float64(n) * span))
	}
}

// gain is what refreshing key is worth at perDay requests a day, and false
// when its data stays fresh for most of the horizon (not due). It counts
// the two things a call buys, in agents' answers:
//   - misses ended: a key with no real data misses about once each day it
//     is asked (an estimate serves the next 12 h, a working day), so with r
//     requests a day it misses on 1 − e^−r of the days; real data, even
//     past its tolerance, never misses. Its first call is credited with
//     coverDays of those.
//   - fresh answers: the requests of the days the call adds within the
//     tolerance (what the current data has left does not count twice),
//     each worth HotWeight in a hot market, where data past 24 h does not
//     count as real, and 1 − StaleWorth elsewhere.
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
		left = min(tol, max(0, fetched.Add(tol).Sub(now)))
	}
	worth := 1 - s.cfg.StaleWorth
	if p == market.PartHot {
		worth = s.cfg.HotWeight
	}
	g := perDay * (tol - left).Hours() / 24 * worth
	if !found {
		g += (1 - math.Exp(-perDay)) * coverDays
	}
	return g, true
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
