package quota

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// An admin's levers on the counts. None can overspend by accident: a
// plain set only raises, lowering takes a word and a reason, counts are
// bounded, and each change is one atomic step in the store, recorded with
// who made it and the counts before and after.

// ErrBadCounts refuses counts out of range or a lowering without a reason.
var ErrBadCounts = errors.New("quota: counts not accepted")

// MaxFactor bounds the counts an admin may set: at most this many times the
// limit.
const MaxFactor = 10

// Change is an admin's change of the counts, as the ledger made it.
type Change struct {
	Who         string    `json:"who"`
	At          time.Time `json:"at"`
	Kind        string    `json:"kind"` // "raise", "lower" or "confirm"
	Reason      string    `json:"reason,omitempty"`
	DayBefore   int64     `json:"day_before"`
	MonthBefore int64     `json:"month_before"`
	DayAfter    int64     `json:"day_after"`
	MonthAfter  int64     `json:"month_after"`
	Lifted      bool      `json:"lifted,omitempty"` // a hold on live calls was lifted
}

// counts are a day's and a month's billable calls.
type counts struct{ day, month int64 }

// adjustment is one change, made atomically by the store: raise takes the
// larger of each count (month < 0 leaves the month but at least the day);
// lower sets both and starts generation gen; both lift the hold.
type adjustment struct {
	lower      bool
	day, month int64
	gen        int64
}

// Raise raises today's count, and this month's when month >= 0, to at
// least the values given; it never lowers either. It lifts a hold: the
// admin has stated the counts (from ATTOM's own usage page).
func (l *Ledger) Raise(ctx context.Context, who string, today, month int64) (Change, error) {
	lim := l.Limits()
	if today < 0 || today > MaxFactor*lim.Daily || month > MaxFactor*lim.Monthly || month >= 0 && month < today {
		return Change{}, fmt.Errorf("%w: want 0 ≤ today ≤ %d and today ≤ month ≤ %d", ErrBadCounts, MaxFactor*lim.Daily, MaxFactor*lim.Monthly)
	}
	return l.adjust(ctx, who, "raise", "", adjustment{day: today, month: month})
}

// Lower sets the counts, below what they are if need be: an admin's
// correction with a reason (ATTOM billed fewer calls). It starts a new
// generation, so no journal raises the store back to what it saw before.
func (l *Ledger) Lower(ctx context.Context, who, reason string, today, month int64) (Change, error) {
	lim := l.Limits()
	switch {
	case reason == "":
		return Change{}, fmt.Errorf("%w: lowering the counts needs a reason", ErrBadCounts)
	case today < 0 || month < today || today > MaxFactor*lim.Daily || month > MaxFactor*lim.Monthly:
		return Change{}, fmt.Errorf("%w: want 0 ≤ today ≤ month, today ≤ %d, month ≤ %d", ErrBadCounts, MaxFactor*lim.Daily, MaxFactor*lim.Monthly)
	}
	k, err := l.keys(ctx, "")
	if err != nil {
		return Change{}, err
	}
	return l.adjust(ctx, who, "lower", reason, adjustment{lower: true, day: today, month: month, gen: k.now.UnixMilli()})
}

// ErrJournalsMissing refuses to confirm a hold while replicas expected to
// report have not (MissingJournalsError says which).
var ErrJournalsMissing = errors.New("quota: replicas' journals have not reported")

// MissingJournalsError is ErrJournalsMissing with the replicas and the
// calls they could still hold uncounted: what is left of today's and this
// month's limits.
type MissingJournalsError struct {
	Missing    []string
	Day, Month int64
}

func (e *MissingJournalsError) Error() string {
	return fmt.Sprintf("%v: %s; they could still hold up to %d calls today and %d this month", ErrJournalsMissing,
		strings.Join(e.Missing, ", "), e.Day, e.Month)
}

// Is makes errors.Is(err, ErrJournalsMissing) true.
func (e *MissingJournalsError) Is(target error) bool { return target == ErrJournalsMissing }

// Confirm lifts a hold and keeps the restored counts, raised (never
// lowered) to what this replica's journal saw, in one atomic step: a
// reservation made meanwhile is kept. While replicas expected to report
// have not, it refuses unless force.
func (l *Ledger) Confirm(ctx context.Context, who string, force bool) (Change, error) {
	k, err := l.keys(ctx, "")
	if err != nil {
		return Change{}, err
	}
	u, err := l.store.usage(ctx, k)
	if err != nil {
		return Change{}, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	if h := u.HoldInfo; h != nil && len(h.Missing()) > 0 && !force {
		lim := l.Limits()
		return Change{}, &MissingJournalsError{Missing: h.Missing(), Day: max(0, lim.Daily-u.Today), Month: max(0, lim.Monthly-u.ThisMonth)}
	}
	f := l.journal.floor(k)
	return l.adjust(ctx, who, "confirm", "", adjustment{day: f.day, month: f.month})
}

func (l *Ledger) adjust(ctx context.Context, who, kind, reason string, a adjustment) (Change, error) {
	k, err := l.keys(ctx, "")
	if err != nil {
		return Change{}, err
	}
	before, after, lifted, err := l.store.adjust(ctx, k, a)
	if err != nil {
		return Change{}, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	if err := l.journal.set(k, after.day, after.month, a.gen); err != nil {
		return Change{}, fmt.Errorf("%w: %w: %w", ErrLedgerDown, ErrJournal, err)
	}
	c := Change{Who: who, At: k.now, Kind: kind, Reason: reason, DayBefore: before.day, MonthBefore: before.month,
		DayAfter: after.day, MonthAfter: after.month, Lifted: lifted}
	raw, _ := json.Marshal(c)
	if err := l.store.setChange(ctx, k, raw); err != nil {
		return c, fmt.Errorf("%w: the change was made but not recorded for /usage: %w", ErrLedgerDown, err)
	}
	return c, nil
}

// decodeChange reads a recorded change; nil when there is none or it does
// not decode.
func decodeChange(raw []byte) *Change {
	if len(raw) == 0 {
		return nil
	}
	var c Change
	if json.Unmarshal(raw, &c) != nil {
		return nil
	}
	return &c
}
