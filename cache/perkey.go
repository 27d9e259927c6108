package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// PerKey counts per key in memory, and Flush adds the counts to the day's
// L2 tally, shared by replicas (market's demand: agents' requests per
// cache key, which the refresh planner reads). Counting costs an atomic add
// on the request path.
type PerKey struct {
	m     sync.Map // key -> *atomic.Int64
	store Tallies
	name  string
	now   func() time.Time
}

// NewPerKey counts into the tally name of store.
func NewPerKey(store Tallies, name string, now func() time.Time) *PerKey {
	return &PerKey{store: store, name: name, now: now}
}

// Add counts one for key.
func (c *PerKey) Add(key string) { c.addN(key, 1) }

func (c *PerKey) addN(key string, n int64) {
	if v, ok := c.m.Load(key); ok {
		v.(*atomic.Int64).Add(n)
		return
	}
	v, _ := c.m.LoadOrStore(key, new(atomic.Int64))
	v.(*atomic.Int64).Add(n)
}

// Flush adds the counts made since the last flush to today's tally. On
// failure they are kept for the next flush.
func (c *PerKey) Flush(ctx context.Context) error {
	counts := map[string]int64{}
	c.m.Range(func(k, v any) bool {
		if n := v.(*atomic.Int64).Swap(0); n > 0 {
			counts[k.(string)] = n
		}
		return true
	})
	if len(counts) == 0 {
		return nil
	}
	if err := c.store.AddTally(ctx, c.name, Day(c.now()), counts); err != nil {
		for k, n := range counts {
			c.addN(k, n)
		}
		return err
	}
	return nil
}
