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

// Candidate is a cache key worth a scheduled refresh.
type Candidate struct {
	ZIP       string
	Type      attom.PropertyType // empty for market data
	Partition Partition
	Demand    int64   // agents' requests in the look-back
	Staleness float64 // age / freshness window; > 1 is stale; missing keys count as 2
}

func (c Candidate) String() string {
	if c.Type == "" {
		return c.ZIP + "_market"
	}
	return c.ZIP + "_" + string(c.Type)
}

// RefreshDue lists the keys agents asked for in the last `days` days whose
// data is missing or would be stale for more than half of `horizon` (the
// time to the next run), in the given
// partitions (market data when marketData, listings otherwise). Hot markets
// come first, then demand × staleness. A key nobody asked for is never
// listed.
func (s *Service) RefreshDue(ctx context.Context, parts []Partition, marketData bool, days int, horizon time.Duration) ([]Candidate, error) {
	if err := s.FlushDemand(ctx); err != nil {
		return nil, err
	}
	now := s.now()
	var ds []string
	for i := range days {
		ds = append(ds, now.UTC().AddDate(0, 0, -i).Format("2006-01-02"))
	}
	counts, err := s.cfg.Store.Demand(ctx, ds)
	if err != nil {
		return nil, fmt.Errorf("market: reading demand: %w", err)
	}
	var out []Candidate
	for key, n := range counts {
		c, ok := parseDemandKey(key)
		if !ok || (c.Type == "") != marketData {
			continue
		}
		in := s.Info(ctx, c.ZIP)
		if !partitionIn(in.Partition, parts) {
			continue
		}
		c.Partition, c.Demand, c.Staleness = in.Partition, n, 2
		var fetched, freshUntil time.Time
		var found bool
		if marketData {
			if it, _, err := s.markets.Peek(ctx, key); err == nil && !it.Value.Estimate {
				fetched, freshUntil, found = it.FetchedAt, it.FreshUntil, true
			}
		} else if it, _, err := s.listings.Peek(ctx, key); err == nil {
			fetched, freshUntil, found = it.FetchedAt, it.FreshUntil, true
		}
		if found {
			if freshUntil.After(now.Add(horizon / 2)) {
				continue // fresh for most of the time until the next run
			}
			c.Staleness = now.Sub(fetched).Hours() / max(freshUntil.Sub(fetched).Hours(), 1)
		}
		out = append(out, c)
	}
	rank := map[Partition]int{PartHot: 0, PartStable: 1, PartOther: 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Partition] != rank[b.Partition] {
			return rank[a.Partition] < rank[b.Partition]
		}
		if pa, pb := float64(a.Demand)*a.Staleness, float64(b.Demand)*b.Staleness; pa != pb {
			return pa > pb
		}
		return a.String() < b.String()
	})
	return out, nil
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
