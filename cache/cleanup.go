package cache

import (
	"context"
	"fmt"
	"time"
)

// Health is the maintenance index read as the health numbers
// ([metric-efficiency], [health-stale]).
type Health struct {
	Entries    int64 // total entries in L2
	Valid      int64 // entries within freshness
	NearExpiry int64 // entries stale or leaving freshness within NearWindow
	Corrupt    int64 // entries whose header could not be read
}

// NearWindow is how close to the end of freshness an entry counts as near
// expiry for the stale ratio.
const NearWindow = 2 * time.Hour

// Efficiency is valid / total entries.
func (h Health) Efficiency() float64 { return ratio(h.Valid, h.Entries) }

// StaleRatio is entries near expiry / total entries.
func (h Health) StaleRatio() float64 { return ratio(h.NearExpiry, h.Entries) }

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Inspect reads the maintenance index of every kind.
func Inspect(ctx context.Context, s Entries, now time.Time) (Health, error) {
	var h Health
	for _, k := range Kinds {
		err := s.Scan(ctx, k, func(_ string, hd Header, ok bool) bool {
			switch {
			case !ok:
				h.Corrupt++
				return true
			case !now.Before(hd.StaleUntil):
				return true // gone as far as readers are concerned; cleanup removes it
			}
			h.Entries++
			if now.Before(hd.FreshUntil) {
				h.Valid++
			}
			if hd.FreshUntil.Before(now.Add(NearWindow)) {
				h.NearExpiry++
			}
			return true
		})
		if err != nil {
			return h, fmt.Errorf("cache: inspecting %s entries: %w", k, err)
		}
	}
	return h, nil
}

// CleanupReport says what a cleanup removed.
type CleanupReport struct {
	Expired  int // entries past their storage window
	Dangling int // index members whose entry is gone
	Corrupt  int // entries whose header could not be read
}

// Cleanup removes entries of kind past their stale window, maintenance-index
// members whose entry is gone, and unreadable entries, holding the kind's
// lock so no other delete of that kind runs at the same time.
func Cleanup(ctx context.Context, s Entries, kind Kind, now time.Time) (CleanupReport, error) {
	var rep CleanupReport
	unlock, err := s.Lock(ctx, kind, time.Minute)
	if err != nil {
		return rep, err
	}
	defer unlock()
	var doomed []string
	err = s.Scan(ctx, kind, func(key string, h Header, ok bool) bool {
		switch {
		case !ok:
			// A missing key reads as an empty header in Redis: dangling.
			if raw, gerr := s.Get(ctx, kind, key); gerr != nil || len(raw) == 0 {
				rep.Dangling++
			} else {
				rep.Corrupt++
			}
			doomed = append(doomed, key)
		case !now.Before(h.StaleUntil):
			rep.Expired++
			doomed = append(doomed, key)
		}
		return true
	})
	if err != nil {
		return rep, fmt.Errorf("cache: scanning %s: %w", kind, err)
	}
	if err := s.Delete(ctx, kind, doomed...); err != nil {
		return rep, fmt.Errorf("cache: deleting %d %s entries: %w", len(doomed), kind, err)
	}
	return rep, nil
}

// CleanupIndex removes secondary-index members for which keep returns false
// (the record is gone or moved to another market type).
func CleanupIndex(ctx context.Context, s interface {
	Entries
	Index
}, keep func(market, id string) bool) (int, error) {
	unlock, err := s.Lock(ctx, KindRecord, time.Minute)
	if err != nil {
		return 0, err
	}
	defer unlock()
	drop := map[string][]string{}
	n := 0
	err = s.IndexScan(ctx, func(m, id string) bool {
		if !keep(m, id) {
			drop[m] = append(drop[m], id)
			n++
		}
		return true
	})
	if err != nil {
		return 0, err
	}
	for m, ids := range drop {
		if err := s.IndexRemove(ctx, m, ids...); err != nil {
			return 0, err
		}
	}
	return n, nil
}
