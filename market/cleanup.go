package market

import (
	"context"
	"fmt"
	"strconv"

	"realtybot/cache"
)

// CleanupReport says what Cleanup removed.
type CleanupReport struct {
	Expired, Dangling, Corrupt int // entries, over all kinds
	IndexRemoved               int // secondary-index members whose record is gone or moved
}

// Cleanup removes entries past their stale window and dangling maintenance
// index members of every kind, then secondary-index members whose record is
// gone, expired, or now in another market type. Each kind is cleaned under
// its own lock. Maintenance (the scheduler) calls it; it never calls ATTOM.
func (s *Service) Cleanup(ctx context.Context) (CleanupReport, error) {
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
		it, _, err := s.records.Peek(ctx, recordKey(id))
		return err == nil && !it.Expired(now) && string(it.Value.Market.Type) == m
	})
	rep.IndexRemoved = n
	if err != nil {
		return rep, fmt.Errorf("market: cleaning the market+price index: %w", err)
	}
	return rep, nil
}
