package quota

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Reserve takes one unit from today's and this month's budget and one call
// from the agent's, or says which is spent; the function gives it all back.
// An empty agent is exempt from the per-agent cap.
func (l *Ledger) Reserve(ctx context.Context, agent string) (func(context.Context) error, error) {
	r, err := l.ReserveUnits(ctx, agent, 1)
	if err != nil {
		return nil, err
	}
	return r.Release, nil
}

// LimitError is a reservation the day's or the month's limit refused
// (errors.Is ErrDailyLimit or ErrMonthlyLimit): what was left, and what the
// call needed, in the ledger's unit. Under record billing a page can be
// refused with some of the day left.
type LimitError struct {
	Limit      error // ErrDailyLimit or ErrMonthlyLimit
	Left, Need int64
	Unit       Unit
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%v (%s left, %s needed)", e.Limit, e.Unit.N(e.Left), e.Unit.N(e.Need))
}

func (e *LimitError) Unwrap() error { return e.Limit }

// Reservation is what one call took from the budgets before it was sent:
// units of today's and this month's, and one of the agent's live calls.
// Exactly one of Release and Settle takes effect.
type Reservation struct {
	l     *Ledger
	k     ledgerKeys
	units int64
	done  atomic.Bool
}

// Units is how many units the reservation holds.
func (r *Reservation) Units() int64 { return r.units }

// Release gives everything back: ATTOM certainly did not bill the call.
func (r *Reservation) Release(ctx context.Context) error {
	if r.done.Swap(true) {
		return nil
	}
	return r.l.store.settle(ctx, r.k, r.units, true)
}

// Settle keeps what ATTOM billed for an answered call: the units it did not
// bill are given back (fewer records than the page asked), and units beyond
// the reservation are counted too, over the limit if need be, since ATTOM
// bills them all the same. The agent's live call stays counted.
func (r *Reservation) Settle(ctx context.Context, billed int64) error {
	if r.done.Swap(true) || billed == r.units {
		return nil
	}
	return r.l.store.settle(ctx, r.k, r.units-billed, false)
}

// ReserveUnits takes units from today's and this month's budget (a call's
// cost, or the most records its answer can carry) and one call from the
// agent's, or says which is spent. An empty agent is exempt from the
// per-agent cap.
func (l *Ledger) ReserveUnits(ctx context.Context, agent string, units int64) (*Reservation, error) {
	units = max(units, 1)
	if err := l.store.safety(ctx); errors.Is(err, errEvicting) {
		return nil, fmt.Errorf("%w: %w", ErrLedgerUnsafe, err)
	} else if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	lim := l.Limits()
	if c, ok := l.caps.Load(agent); ok {
		lim.AgentDaily = c.(int64)
	}
	for try := 0; ; try++ {
		k, err := l.keys(ctx, agent)
		if err != nil {
			return nil, err
		}
		res, err := l.store.reserve(ctx, k, lim, l.epochID(), l.journal.floor(k), units)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrLedgerDown, err)
		}
		switch res.r {
		case refusedWiped, refusedEpoch:
			if try > 0 {
				return nil, fmt.Errorf("%w: the epoch keeps changing", ErrLedgerDown)
			}
			if err := l.recoverEpoch(ctx, k); err != nil {
				return nil, err
			}
			continue
		case refusedUnconfirmed:
			return nil, ErrLedgerUnconfirmed
		case refusedDaily:
			return nil, &LimitError{Limit: ErrDailyLimit, Left: max(lim.Daily-res.day, 0), Need: units, Unit: lim.Unit}
		case refusedMonthly:
			return nil, &LimitError{Limit: ErrMonthlyLimit, Left: max(lim.Monthly-res.month, 0), Need: units, Unit: lim.Unit}
		case refusedAgent:
			return nil, ErrAgentLimit
		case refusedCooldown:
			return nil, &CooldownError{Until: time.UnixMilli(res.coolUntil).UTC()}
		}
		if err := l.journal.saw(k, res); err != nil {
			// The call is reserved; without the journal a later wipe could
			// forget it, so no call is made: give it back.
			l.store.settle(context.WithoutCancel(ctx), k, units, true)
			return nil, fmt.Errorf("%w: %w: %w", ErrLedgerDown, ErrJournal, err)
		}
		if res.replicas > l.journal.peerCount(k.now) {
			l.usage(ctx, "") // learn the new replica's id, for a hold after a loss
		}
		return &Reservation{l: l, k: k, units: units}, nil
	}
}
