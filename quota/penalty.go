package quota

import (
	"context"
	"fmt"
	"time"
)

// A billed answer that cannot be used (garbage, a cut body) is a failure
// that cost money. Its request waits before it is sent again: an hour after
// the first such answer of a UTC day, the rest of the day after the second,
// so garbage costs at most two billable calls per request per day. After
// UnusableCooldownAfter unusable answers in a day, every replica pauses
// live calls for UnusableCooldown.
const (
	UnusableFirstWait     = time.Hour
	UnusableCooldownAfter = 3
	UnusableCooldown      = time.Hour
)

func (k ledgerKeys) badCount(id string) string { return k.day + ":bad:" + id }
func (k ledgerKeys) badUntil(id string) string { return k.ns + "{quota}:badu:" + id }
func (k ledgerKeys) badDay() string            { return k.day + ":bad" }

// Penalty returns when the request's backoff ends, zero when it is in none.
func (l *Ledger) Penalty(ctx context.Context, id string) (time.Time, error) {
	k, err := l.keys(ctx, "")
	if err != nil {
		return time.Time{}, err
	}
	until, err := l.store.penalty(ctx, k, id)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	if until <= k.now.UnixMilli() {
		return time.Time{}, nil
	}
	return time.UnixMilli(until).UTC(), nil
}

// Unusable records a billed answer that could not be used and returns when
// the request's backoff ends.
func (l *Ledger) Unusable(ctx context.Context, id string) (time.Time, error) {
	k, err := l.keys(ctx, "")
	if err != nil {
		return time.Time{}, err
	}
	midnight := time.Date(k.now.Year(), k.now.Month(), k.now.Day()+1, 0, 0, 0, 0, time.UTC)
	until, total, err := l.store.penalize(ctx, k, id, UnusableFirstWait, midnight.Sub(k.now))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	if total >= UnusableCooldownAfter {
		if err := l.Cooldown(ctx, UnusableCooldown); err != nil {
			return time.Time{}, err
		}
	}
	return time.UnixMilli(until).UTC(), nil
}
