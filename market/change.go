package market

import (
	"context"
	"time"
)

// tellChange hands a stored listing and its replacement to Config.OnChange
// (watch compares them). A first listing has nothing to compare with, and
// an estimate is not a listing: neither is a change.
func (s *Service) tellChange(ctx context.Context, old *Listing, cur *Listing, at time.Time) {
	if old == nil { // no OnChange, or nothing stored before
		return
	}
	// The listing is stored whether or not the asker is still waiting; so
	// is the news of what it changed.
	s.cfg.OnChange(context.WithoutCancel(ctx), old, cur, at)
}
