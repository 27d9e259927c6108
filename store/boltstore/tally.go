package boltstore

import (
	"realtybot/cache"
	"sync"
)

// tally keeps the embedded store's health counts as entries change: each
// key's freshness and storage ends, bucketed by hour and minute, so a count
// costs the number of hour buckets (at most a few hundred, whatever the
// entries) instead of a scan. The embedded store has one process, so memory is the
// whole truth; Redis keeps the same numbers in sorted sets (redis_counts.go).
type tally struct {
	mu           sync.Mutex
	at           map[string][2]int64 // key -> fresh, stale end (unix ms)
	fresh, stale hours
	corrupt      map[string]bool // keys whose header could not be read
}

func newTally() *tally {
	return &tally{at: map[string][2]int64{}, fresh: hours{}, stale: hours{}, corrupt: map[string]bool{}}
}

// hours buckets keys by the hour their end falls in, and within an hour
// by the minute: a count adds up whole hours, then the minutes of the
// boundary hour, and reads the keys of one minute only.
type hours map[int64]*hour

type hour struct {
	n    int
	mins map[int64]map[string]int64 // minute -> key -> end (unix ms)
}

func (h hours) add(key string, ms int64) {
	hr := h[ms/3_600_000]
	if hr == nil {
		hr = &hour{mins: map[int64]map[string]int64{}}
		h[ms/3_600_000] = hr
	}
	m := hr.mins[ms/60_000]
	if m == nil {
		m = map[string]int64{}
		hr.mins[ms/60_000] = m
	}
	m[key] = ms
	hr.n++
}

func (h hours) del(key string, ms int64) {
	hr := h[ms/3_600_000]
	if hr == nil {
		return
	}
	if m := hr.mins[ms/60_000]; m != nil {
		if _, ok := m[key]; ok {
			delete(m, key)
			hr.n--
		}
		if len(m) == 0 {
			delete(hr.mins, ms/60_000)
		}
	}
	if hr.n == 0 {
		delete(h, ms/3_600_000)
	}
}

// after counts the keys ending after ms.
func (h hours) after(ms int64) int64 {
	var n int64
	for hr, b := range h {
		switch {
		case hr > ms/3_600_000:
			n += int64(b.n)
		case hr == ms/3_600_000:
			for m, keys := range b.mins {
				switch {
				case m > ms/60_000:
					n += int64(len(keys))
				case m == ms/60_000:
					for _, end := range keys {
						if end > ms {
							n++
						}
					}
				}
			}
		}
	}
	return n
}

func (t *tally) put(key string, h cache.Header, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.dropLocked(key)
	if !ok {
		t.corrupt[key] = true
		return
	}
	f, s := h.FreshUntil.UnixMilli(), h.StaleUntil.UnixMilli()
	t.at[key] = [2]int64{f, s}
	t.fresh.add(key, f)
	t.stale.add(key, s)
}

func (t *tally) drop(key string) {
	t.mu.Lock()
	t.dropLocked(key)
	t.mu.Unlock()
}

func (t *tally) dropLocked(key string) {
	delete(t.corrupt, key)
	if e, ok := t.at[key]; ok {
		t.fresh.del(key, e[0])
		t.stale.del(key, e[1])
		delete(t.at, key)
	}
}

// health reads the counts at now (unix ms), as Inspect would find them.
func (t *tally) health(now int64) cache.Health {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := cache.Health{Entries: t.stale.after(now), Valid: t.fresh.after(now), Corrupt: int64(len(t.corrupt))}
	// An entry fresh for cache.NearWindow or more is within its storage window.
	h.NearExpiry = h.Entries - t.fresh.after(now+cache.NearWindow.Milliseconds()-1)
	return h
}

// endedBy lists the keys whose storage ended at or before now (unix ms).
func (t *tally) endedBy(now int64) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for hr, b := range t.stale {
		if hr > now/3_600_000 {
			continue
		}
		for _, keys := range b.mins {
			for key, end := range keys {
				if end <= now {
					out = append(out, key)
				}
			}
		}
	}
	return out
}
