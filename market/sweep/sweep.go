package sweep

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"realtybot/cache"
	"realtybot/market"
)

// Store is what the sweeps need of L2: the entries and the market+price
// index.
type Store interface {
	cache.Entries
	cache.Index
}

// Market is what the sweeps ask of the market service.
type Market interface {
	// Decode reads the entry of kind under key (without the namespace) as
	// the service does; cache.ErrCorrupt means it no longer decodes.
	Decode(ctx context.Context, kind cache.Kind, key string) error
	// RecordMarket is the market type a cached record is filed under;
	// false when the record is not cached.
	RecordMarket(ctx context.Context, id int64) (string, bool)
}

// Config is what a Sweeper needs.
type Config struct {
	Store     Store
	Market    Market
	Namespace string
	Now       func() time.Time
}

// Sweeper removes what the cache no longer needs. It never calls ATTOM.
type Sweeper struct{ cfg Config }

// New builds a Sweeper.
func New(cfg Config) *Sweeper { return &Sweeper{cfg: cfg} }

// Report says what a sweep removed.
type Report struct {
	Expired, Dangling, Corrupt int // entries, over all kinds
	IndexRemoved               int // secondary-index members whose record is gone or moved
}

// String is the report as a log line says it.
func (r Report) String() string {
	return fmt.Sprintf("%d expired, %d dangling and %d unreadable entries removed, %d index members dropped",
		r.Expired, r.Dangling, r.Corrupt, r.IndexRemoved)
}

// Daily is the daily cleanup: the entries of every kind whose storage
// window ended are removed, found from the storage index without a scan
// (cache.Entries.Expire), and so are the expired records' members of the
// market+price index. Each kind is cleaned under its own lock. It never
// calls ATTOM.
func (s *Sweeper) Daily(ctx context.Context) (Report, error) {
	var rep Report
	now := s.cfg.Now()
	for _, k := range cache.Kinds {
		gone, err := s.expire(ctx, k, now)
		if err != nil {
			return rep, fmt.Errorf("market: cleaning %s entries: %w", k, err)
		}
		rep.Expired += len(gone)
		if k != cache.KindRecord || len(gone) == 0 {
			continue
		}
		ids := make([]string, len(gone))
		for i, key := range gone {
			ids[i] = strings.TrimPrefix(strings.TrimPrefix(key, s.cfg.Namespace), "prop_")
		}
		for _, t := range market.Types {
			if err := s.cfg.Store.IndexRemove(ctx, string(t), ids...); err != nil {
				return rep, fmt.Errorf("market: cleaning the market+price index: %w", err)
			}
		}
		rep.IndexRemoved += len(ids)
	}
	return rep, nil
}

func (s *Sweeper) expire(ctx context.Context, k cache.Kind, now time.Time) ([]string, error) {
	unlock, err := s.cfg.Store.Lock(ctx, k, time.Minute)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.cfg.Store.Expire(ctx, k, now)
}

// scan is the scanning cleanup the monthly one runs: expired and
// unreadable entries, dangling maintenance-index members, and market+price
// index members whose record is gone, expired, or in another market type.
func (s *Sweeper) scan(ctx context.Context) (Report, error) {
	var rep Report
	now := s.cfg.Now()
	for _, k := range cache.Kinds {
		r, err := cache.Cleanup(ctx, s.cfg.Store, k, now)
		if err != nil {
			return rep, fmt.Errorf("market: cleaning %s entries: %w", k, err)
		}
		rep.Expired, rep.Dangling, rep.Corrupt = rep.Expired+r.Expired, rep.Dangling+r.Dangling, rep.Corrupt+r.Corrupt
	}
	n, err := cache.CleanupIndex(ctx, s.cfg.Store, func(m, idText string) bool {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return false
		}
		mt, ok := s.cfg.Market.RecordMarket(ctx, id)
		return ok && mt == m
	})
	rep.IndexRemoved = n
	if err != nil {
		return rep, fmt.Errorf("market: cleaning the market+price index: %w", err)
	}
	return rep, nil
}

// Full is the monthly cleanup: a scan of every entry (scan),
// then every entry that no longer decodes (an old schema, a corrupt value)
// is removed, so it cannot linger until its storage TTL. The corrupt count
// it finds is what the health numbers report until the next one.
func (s *Sweeper) Full(ctx context.Context) (Report, error) {
	rep, err := s.scan(ctx)
	if err != nil {
		return rep, err
	}
	for _, kind := range cache.Kinds {
		var bad []string
		err := s.cfg.Store.Scan(ctx, kind, func(key string, _ cache.Header, _ bool) bool {
			if errors.Is(s.cfg.Market.Decode(ctx, kind, strings.TrimPrefix(key, s.cfg.Namespace)), cache.ErrCorrupt) {
				bad = append(bad, key)
			}
			return true
		})
		if err == nil {
			rep.Corrupt += len(bad)
			err = s.drop(ctx, kind, bad)
		}
		if err != nil {
			return rep, fmt.Errorf("market: removing undecodable %s entries: %w", kind, err)
		}
	}
	return rep, nil
}

// drop records how many entries of kind no longer decode (the health
// numbers report it until the next full sweep) and removes them.
func (s *Sweeper) drop(ctx context.Context, kind cache.Kind, bad []string) error {
	if err := s.cfg.Store.SetCorrupt(ctx, kind, len(bad)); err != nil {
		return err
	}
	unlock, err := s.cfg.Store.Lock(ctx, kind, time.Minute)
	if err != nil {
		return err
	}
	defer unlock()
	return s.cfg.Store.Delete(ctx, kind, bad...)
}
