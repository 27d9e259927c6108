package cache

import "sync/atomic"

// Stats counts cache outcomes; one Stats is shared by the caches of a
// process. The zero value is ready.
type Stats struct {
	L1Hits    atomic.Int64 // served from memory
	L2Hits    atomic.Int64 // served from Redis or the embedded store
	Misses    atomic.Int64 // nothing usable in either tier
	StaleHits atomic.Int64 // a hit past its freshness (served or refreshed)
	Corrupt   atomic.Int64 // entries that could not be decoded
	L1Dropped atomic.Int64 // ristretto refused a Set (admission policy)
	L2Errors  atomic.Int64 // L2 unreachable or failing
}

// Snapshot is a point-in-time copy of Stats.
type Snapshot struct {
	L1Hits, L2Hits, Misses, StaleHits, Corrupt, L1Dropped, L2Errors int64
}

// Snapshot copies the counters.
func (s *Stats) Snapshot() Snapshot {
	return Snapshot{s.L1Hits.Load(), s.L2Hits.Load(), s.Misses.Load(), s.StaleHits.Load(),
		s.Corrupt.Load(), s.L1Dropped.Load(), s.L2Errors.Load()}
}

// HitRate is hits / (hits + misses), the definition of [metric-hit-rate]; stale hits count
// as hits of the tier that served them.
func (s Snapshot) HitRate() float64 {
	h := s.L1Hits + s.L2Hits
	if h+s.Misses == 0 {
		return 0
	}
	return float64(h) / float64(h+s.Misses)
}
