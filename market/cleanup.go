package market

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"realtybot/cache"
)

// CleanupReport says what Cleanup removed.
type CleanupReport struct {
	Expired, Dangling, Corrupt int // entries, over all kinds
	IndexRemoved               int // secondary-index members whose record is gone or moved
}

// String is the report as a log line says it.
func (r CleanupReport) String() string {
	return fmt.Sprintf("%d expired, %d dangling and %d unreadable entries removed, %d index members dropped",
		r.Expired, r.Dangling, r.Corrupt, r.IndexRemoved)
}

// Cleanup is the daily cleanup: the entries of every kind whose storage
// window ended are removed, found from the storage index without a scan
// (cache.Entries.Expire), and so are the expired records' members of the
// market+price index. Each kind is cleaned under its own lock. It never
// calls ATTOM.
func (s *Service) Cleanup(ctx context.Context) (CleanupReport, error) {
	var rep CleanupReport
	now := s.now()
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
		for _, t := range Types {
			if err := s.cfg.Store.IndexRemove(ctx, string(t), ids...); err != nil {
				return rep, fmt.Errorf("market: cleaning the market+price index: %w", err)
			}
		}
		rep.IndexRemoved += len(ids)
	}
	return rep, nil
}

func (s *Service) expire(ctx context.Context, k cache.Kind, now time.Time) ([]string, error) {
	unlock, err := s.cfg.Store.Lock(ctx, k, time.Minute)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.cfg.Store.Expire(ctx, k, now)
}

// scanCleanup is the scanning cleanup the monthly one runs: expired and
// unreadable entries, dangling maintenance-index members, and market+price
// index members whose record is gone, expired, or in another market type.
func (s *Service) scanCleanup(ctx context.Context) (CleanupReport, error) {
	var rep CleanupReport
	now := s.now()
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
		it, _, err := s.records.GetUncounted(ctx, recordKey(id))
		return err == nil && string(it.Value.Market.Type) == m
	})
	rep.IndexRemoved = n
	if err != nil {
		return rep, fmt.Errorf("market: cleaning the market+price index: %w", err)
	}
	return rep, nil
}

// FullCleanup is the monthly cleanup: a scan of every entry (scanCleanup),
// then every entry that no longer decodes (an old schema, a corrupt value)
// is removed, so it cannot linger until its storage TTL. The corrupt count
// it finds is what the health numbers report until the next one.
func (s *Service) FullCleanup(ctx context.Context) (CleanupReport, error) {
	rep, err := s.scanCleanup(ctx)
	if err != nil {
		return rep, err
	}
	undecodable := func(kind cache.Kind, get func(string) error) error {
		var bad []string
		err := s.cfg.Store.Scan(ctx, kind, func(key string, _ cache.Header, _ bool) bool {
			if errors.Is(get(strings.TrimPrefix(key, s.cfg.Namespace)), cache.ErrCorrupt) {
				bad = append(bad, key)
			}
			return true
		})
		if err != nil {
			return err
		}
		rep.Corrupt += len(bad)
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
	for kind, get := range map[cache.Kind]func(string) error{
		cache.KindListing: func(k string) error { _, _, err := s.listings.GetUncounted(ctx, k); return err },
		cache.KindMock: func(k string) error {
			if strings.HasSuffix(k, mockMarketSuffix) {
				_, _, err := s.mockMarkets.GetUncounted(ctx, k)
				return err
			}
			_, _, err := s.mocks.GetUncounted(ctx, k)
			return err
		},
		cache.KindMarket: func(k string) error { _, _, err := s.markets.GetUncounted(ctx, k); return err },
		cache.KindRecord: func(k string) error { _, _, err := s.records.GetUncounted(ctx, k); return err },
	} {
		if err := undecodable(kind, get); err != nil {
			return rep, fmt.Errorf("market: removing undecodable %s entries: %w", kind, err)
		}
	}
	return rep, nil
}
