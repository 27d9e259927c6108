package outcome

import (
	"sync/atomic"

	"realtybot/cache"
)

// Tally counts answered requests by the tier that served them (a hit is
// one served from a cache tier, real data or a cached estimate; a miss was
// fetched or generated: the hit rate, [metric-hit-rate]) and by source.
// The zero value is ready; counting is two atomic adds.
type Tally struct {
	tiers   cache.Stats // L1Hits, L2Hits and Misses only
	sources [Estimate + 1]atomic.Int64
}

// Count tallies the answer p describes and returns p.
func (t *Tally) Count(p Provenance) Provenance {
	t.sources[p.Source].Add(1)
	switch p.Tier {
	case "L1":
		t.tiers.L1Hits.Add(1)
	case "L2":
		t.tiers.L2Hits.Add(1)
	default:
		t.tiers.Misses.Add(1)
	}
	return p
}

// Counts is what this process counted since it started.
func (t *Tally) Counts() Counts {
	c := Counts{Requests: t.tiers.Snapshot(), Answers: map[Source]int64{}}
	for src := Live; src <= Estimate; src++ {
		c.Answers[src] = t.sources[src].Load()
	}
	return c
}

// Fields is Counts as the daily tally keeps them (cache.Daily).
func (t *Tally) Fields() map[string]int64 { return t.Counts().Fields() }

// Counts are answered requests: by tier (Requests: L1Hits, L2Hits and
// Misses) and by source.
type Counts struct {
	Requests cache.Snapshot
	Answers  map[Source]int64
}

// Total is the number of answers counted.
func (c Counts) Total() int64 { return c.Requests.L1Hits + c.Requests.L2Hits + c.Requests.Misses }

// Fields names each count for a tally.
func (c Counts) Fields() map[string]int64 {
	m := map[string]int64{"l1": c.Requests.L1Hits, "l2": c.Requests.L2Hits, "miss": c.Requests.Misses}
	for src, n := range c.Answers {
		m[src.String()] = n
	}
	return m
}

// CountsOf reads Fields back.
func CountsOf(m map[string]int64) Counts {
	c := Counts{Requests: cache.Snapshot{L1Hits: m["l1"], L2Hits: m["l2"], Misses: m["miss"]}, Answers: map[Source]int64{}}
	for src := Live; src <= Estimate; src++ {
		c.Answers[src] = m[src.String()]
	}
	return c
}
