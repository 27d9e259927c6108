package market

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
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

// stretchTTL is the smart TTL adjustment ([ttl-smart]): while the month's
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
	pace := monthPace(u, s.now())
	if pace <= 0 || float64(u.ThisMonth) <= pace {
		return ttl
	}
	stretched := time.Duration(float64(ttl) * float64(u.ThisMonth) / pace)
	return max(ttl, min(stretched, p.Tolerance()))
}
