package market

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"realtybot/attom"
)

// demand counts agents' requests per cache key in memory; FlushDemand adds
// them to L2 (shared by replicas, kept a fortnight), where the maintenance
// scheduler reads them. Counting costs an atomic add on the request path.
type demand struct {
	m sync.Map // key -> *atomic.Int64
}

func (d *demand) add(key string) {
	if c, ok := d.m.Load(key); ok {
		c.(*atomic.Int64).Add(1)
		return
	}
	c, _ := d.m.LoadOrStore(key, new(atomic.Int64))
	c.(*atomic.Int64).Add(1)
}

func (d *demand) take() map[string]int64 {
	out := map[string]int64{}
	d.m.Range(func(k, v any) bool {
		if n := v.(*atomic.Int64).Swap(0); n > 0 {
			out[k.(string)] = n
		}
		return true
	})
	return out
}

// FlushDemand writes the counts gathered since the last flush to L2.
func (s *Service) FlushDemand(ctx context.Context) error {
	counts := s.demand.take()
	if err := s.cfg.Store.AddDemand(ctx, s.now().UTC().Format("2006-01-02"), counts); err != nil {
		for k, n := range counts { // keep them for the next flush
			for range n {
				s.demand.add(k)
			}
		}
		return fmt.Errorf("market: saving demand: %w", err)
	}
	return nil
}

// Candidate is a scheduled refresh worth making: one ZIP's listings (every
// type comes in one call) or its market data.
type Candidate struct {
	ZIP       string
	Type      attom.PropertyType // the most asked-for type; empty for market data
	Partition Partition
	Demand    int64 // agents' requests in the look-back
	// Gain is what the call buys: requests per day times the days of answers
	// it improves over the week ahead (gainDays), weighted up in hot markets.
	Gain float64
}

func (c Candidate) String() string {
	if c.Type == "" {
		return c.ZIP + "_market"
	}
	return c.ZIP + "_" + string(c.Type)
}

// Scope is what a scheduled refresh may cover.
type Scope struct {
	Parts      []Partition
	Listings   bool
	MarketData bool
	Days       int           // demand look-back
	Horizon    time.Duration // time to the next run: keys fresh for half of it are not due
}

// A refresh is valued over the week ahead.
const gainAhead = 7 * 24 * time.Hour

// RefreshDue lists the refreshes agents' demand makes worth a call: keys
// asked for in the look-back whose data is missing or would go stale before
// half the horizon, best gain first. A key nobody asked for is never listed.
func (s *Service) RefreshDue(ctx context.Context, sc Scope) ([]Candidate, error) {
	if err := s.FlushDemand(ctx); err != nil {
		return nil, err
	}
	now := s.now()
	var ds []string
	for i := range sc.Days {
		ds = append(ds, now.UTC().AddDate(0, 0, -i).Format("2006-01-02"))
	}
	counts, err := s.cfg.Store.Demand(ctx, ds)
	if err != nil {
		return nil, fmt.Errorf("market: reading demand: %w", err)
	}
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
		in := s.Info(ctx, c.ZIP)
		if !partitionIn(in.Partition, sc.Parts) {
			continue
		}
		tol := in.Partition.Tolerance()
		fetched, freshUntil, found := s.realAge(ctx, key, c.Type == "")
		if c.Type == "" {
			tol = MarketTTL
		}
		id := c.ZIP
		if c.Type == "" {
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
		left := time.Duration(0)
		if found {
			left = max(0, fetched.Add(tol).Sub(now))
			if freshUntil.After(now.Add(sc.Horizon / 2)) {
				continue // fresh for most of the time until the next run
			}
		}
		due[id] = true
		gain := float64(n) / float64(max(sc.Days, 1)) * gainDays(found, tol, left, s.cfg.StaleWorth)
		if in.Partition == PartHot {
			gain *= s.cfg.HotWeight
		}
		agg.Gain += gain
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

// realAge returns when the real data under key was fetched and until when it
// is fresh; found is false when there is none (an estimate is not real).
func (s *Service) realAge(ctx context.Context, key string, marketData bool) (fetched, freshUntil time.Time, found bool) {
	if marketData {
		if it, _, err := s.markets.Peek(ctx, key); err == nil && !it.Value.Estimate {
			return it.FetchedAt, it.FreshUntil, true
		}
		return
	}
	if it, _, err := s.listings.Peek(ctx, key); err == nil {
		return it.FetchedAt, it.FreshUntil, true
	}
	return
}

// parseDemandKey reads "{zip}_{type}" or "{zip}_market"; anything else (a
// key from an older release) is ignored.
func parseDemandKey(key string) (Candidate, bool) {
	zip, rest, ok := strings.Cut(key, "_")
	if !ok {
		return Candidate{}, false
	}
	if z, err := ParseZIP(zip); err != nil || z != zip {
		return Candidate{}, false
	}
	if rest == "market" {
		return Candidate{ZIP: zip}, true
	}
	t := attom.PropertyType(rest)
	return Candidate{ZIP: zip, Type: t}, t.Valid()
}

func partitionIn(p Partition, ps []Partition) bool {
	for _, x := range ps {
		if p == x {
			return true
		}
	}
	return false
}

// stretchTTL is the guide's "smart TTL adjustment": while the month's
// spending is ahead of a straight line to the monthly limit, the freshness of
// lower-priority partitions stretches in proportion, up to the partition's
// tolerance (hot 24 h, stable 72 h, others 120 h). Hot markets never stretch.
func (s *Service) stretchTTL(ctx context.Context, ttl time.Duration, p Partition) time.Duration {
	if p == PartHot || s.cfg.Quota == nil || s.cfg.Naive {
		return ttl
	}
	u, err := s.cfg.Quota.Usage(ctx)
	if err != nil {
		return ttl
	}
	now := s.now().UTC()
	days := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	pace := float64(u.Limits.Monthly) * float64(now.Day()) / float64(days)
	if pace <= 0 || float64(u.ThisMonth) <= pace {
		return ttl
	}
	stretched := time.Duration(float64(ttl) * float64(u.ThisMonth) / pace)
	return max(ttl, min(stretched, p.Tolerance()))
}
