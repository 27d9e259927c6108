package watch

import (
	"math"
	"time"

	"realtybot/market"
	"realtybot/realty"
)

// Change is what a live fetch found different in a listing it replaced:
// homes that were not in it, and homes whose value moved. Watches turn it
// into notifications.
type Change struct {
	ZIP   string
	Type  realty.PropertyType
	At    time.Time // the new listing's fetch time: with ZIP and Type, the change's identity
	New   []market.Summary
	Moved []Move
}

// Move is a home whose value changed.
type Move struct {
	market.Summary
	Was float64
}

// Empty reports whether nothing changed.
func (c *Change) Empty() bool { return len(c.New) == 0 && len(c.Moved) == 0 }

// MinMove is the smallest change of a value worth telling: AVMs wobble by
// a fraction of a percent from run to run.
const MinMove = 0.01

// Diff compares a listing with the one it replaces.
func Diff(old, cur *market.Listing, at time.Time) Change {
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
