package market

import (
	"context"
	"errors"
	"fmt"
	"time"

	"realtybot/market/outcome"
)

// The tallies the service keeps per UTC day in L2, shared by replicas.
const (
	DemandTally  = "demand"  // agents' requests per cache key (market/plan)
	AnswersTally = "answers" // answers by tier and source (outcome.Counts.Fields)
)

// FlushCounts adds the demand and the answers counted since the last flush
// to today's tallies; what could not be written is kept for the next.
func (s *Service) FlushCounts(ctx context.Context) error {
	var errs []error // each is tried whatever the other did
	if err := s.demand.Flush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("market: saving demand: %w", err))
	}
	if err := s.daily.Flush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("market: saving the answers' counts: %w", err))
	}
	return errors.Join(errs...)
}

// Days is the answers of the last n UTC days, today included, over every
// replica.
func (s *Service) Days(ctx context.Context, n int) (outcome.Counts, error) {
	m, err := s.daily.Days(ctx, n)
	return outcome.CountsOf(m), err
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
	pace := u.MonthPace(s.now())
	if pace <= 0 || float64(u.ThisMonth) <= pace {
		return ttl
	}
	stretched := time.Duration(float64(ttl) * float64(u.ThisMonth) / pace)
	return max(ttl, min(stretched, p.Tolerance()))
}
