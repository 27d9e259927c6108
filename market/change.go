package market

import (
	"context"
	"math"
	"realtybot/realty"
	"time"
)

// Change is what a live fetch found different in a listing it replaced:
// homes that were not in it, and homes whose value moved. Watches turn it
// into notifications.
type Change struct {
	ZIP   string
	Type  realty.PropertyType
	At    time.Time // the new listing's fetch time: with ZIP and Type, the change's identity
	New   []Summary
	Moved []Move
}

// Move is a home whose value changed.
type Move struct {
	Summary
	Was float64
}

// Empty reports whether nothing changed.
func (c *Change) Empty() bool { return len(c.New) == 0 && len(c.Moved) == 0 }

// MinMove is the smallest change of a value worth telling: AVMs wobble by
// a fraction of a percent from run to run.
const MinMove = 0.01

// diff compares a listing with the one it replaces.
func diff(old, cur *Listing, at time.Time) Change {
	c := Change{ZIP: cur.ZIP, Type: cur.Type, At: at}
	was := make(map[string]float64, len(old.Items))
	for _, s := range old.Items {
		was[s.ID] = s.Price
	}
	for _, s := range cur.Items {
		p, ok := was[s.ID]
		switch {
		case !ok:
			c.New = append(c.New, s)
		case p > 0 && s.Price > 0 && math.Abs(s.Price-p)/p >= MinMove:
			c.Moved = append(c.Moved, Move{Summary: s, Was: p})
		}
	}
	return c
}

// tellChange hands the change between a stored listing and its replacement
// to Config.OnChange. A first listing has nothing to compare with, and an
// estimate is not a listing: neither is a change.
func (s *Service) tellChange(ctx context.Context, old *Listing, cur *Listing, at time.Time) {
	if old == nil { // no OnChange, or nothing stored before
		return
	}
	if c := diff(old, cur, at); !c.Empty() {
		// The listing is stored whether or not the asker is still waiting;
		// so is the news of what it changed.
		s.cfg.OnChange(context.WithoutCancel(ctx), c)
	}
}
