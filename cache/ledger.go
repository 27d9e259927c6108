package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Quota refusals. They are errors a caller can test with errors.Is.
var (
	ErrDailyLimit   = errors.New("quota: daily ATTOM call limit reached")
	ErrMonthlyLimit = errors.New("quota: monthly ATTOM call limit reached")
	ErrAgentLimit   = errors.New("quota: this agent's daily live-call allowance is used up")
	// ErrLedgerDown means the ledger could not be read: no live call is made
	// (fail closed).
	ErrLedgerDown = errors.New("quota: ledger unreachable; no live call made")
	// ErrCooldown means ATTOM asked every replica to wait (a 429 or
	// repeated 5xx); no call is made until the cooldown ends.
	ErrCooldown = errors.New("quota: ATTOM cooldown in force")
)

// Limits are the ledger's caps on billable calls.
type Limits struct {
	Daily      int64
	Monthly    int64
	AgentDaily int64
}

// Usage is what the ledger has counted.
type Usage struct {
	Day, Month       string // UTC, "2006-01-02" and "2006-01"
	Today, ThisMonth int64  // billable calls counted (reserved and not released)
	Reserved         int64  // reservations made today
	Released         int64  // reservations released today (ATTOM did not bill)
	Agent            int64  // the asked agent's live calls today (AgentUsed)
	Limits           Limits
}

type refusal int

const (
	granted refusal = iota
	refusedDaily
	refusedMonthly
	refusedAgent
	refusedCooldown
)

type ledgerKeys struct {
	day, month, agent string // agent is empty when exempt
	cooldown          string
	now               time.Time
	dayTTL, monthTTL  time.Duration
}

// Ledger counts billable ATTOM calls per UTC day and month, and live calls per
// agent per day, in L2. A call is reserved before it is made and released when
// ATTOM did not bill it; a process that dies mid-call leaves its reservation
// counted, which errs on the side of the bill.
type Ledger struct {
	store  counters
	ns     string
	now    func() time.Time
	limits atomic.Pointer[Limits]
	caps   sync.Map // agent -> int64: a daily cap other than AgentDaily
}

// SetAgentCap gives one caller its own daily cap (the maintenance
// scheduler's refresh budget) instead of MAX_AGENT_DAILY_CALLS.
func (l *Ledger) SetAgentCap(agent string, daily int64) { l.caps.Store(agent, daily) }

// NewLedger returns a ledger over a store's counters.
func NewLedger(s Store, ns string, l Limits, now func() time.Time) *Ledger {
	led := &Ledger{store: s, ns: ns, now: now}
	led.SetLimits(l)
	return led
}

// SetLimits changes the limits (configuration reload).
func (l *Ledger) SetLimits(lim Limits) { l.limits.Store(&lim) }

// Limits returns the current limits.
func (l *Ledger) Limits() Limits { return *l.limits.Load() }

func (l *Ledger) keys(agent string) ledgerKeys {
	now := l.now().UTC()
	day, month := now.Format("2006-01-02"), now.Format("2006-01")
	// Hash tags keep the keys of one reservation in one Redis Cluster slot.
	k := ledgerKeys{
		day:      l.ns + "{quota}:day:" + day,
		month:    l.ns + "{quota}:month:" + month,
		cooldown: l.ns + "{quota}:cooldown",
		now:      now,
		dayTTL:   72 * time.Hour,
		monthTTL: 62 * 24 * time.Hour,
	}
	if agent != "" {
		k.agent = l.ns + "{quota}:agent:" + day + ":" + agent
	}
	return k
}

// Reserve takes one call from today's, this month's and the agent's budget,
// or says which is spent. An empty agent is exempt from the per-agent cap.
func (l *Ledger) Reserve(ctx context.Context, agent string) (func(context.Context) error, error) {
	k := l.keys(agent)
	lim := l.Limits()
	if c, ok := l.caps.Load(agent); ok {
		lim.AgentDaily = c.(int64)
	}
	r, err := l.store.reserve(ctx, k, lim)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLedgerDown, err)
	}
	switch r {
	case refusedDaily:
		return nil, ErrDailyLimit
	case refusedMonthly:
		return nil, ErrMonthlyLimit
	case refusedAgent:
		return nil, ErrAgentLimit
	case refusedCooldown:
		return nil, ErrCooldown
	}
	var done atomic.Bool
	return func(ctx context.Context) error {
		if done.Swap(true) {
			return nil
		}
		return l.store.release(ctx, k)
	}, nil
}

// Cooldown stops every replica's calls for d (it never shortens one in
// force). The attom client sets it after a 429 or repeated 5xx.
func (l *Ledger) Cooldown(ctx context.Context, d time.Duration) error {
	k := l.keys("")
	return l.store.cooldown(ctx, k, k.now.Add(d), d)
}

// Usage reads today's and this month's counts.
func (l *Ledger) Usage(ctx context.Context) (Usage, error) {
	k := l.keys("")
	u, err := l.store.usage(ctx, k)
	if err != nil {
		return Usage{}, fmt.Errorf("%w: %v", ErrLedgerDown, err)
	}
	now := l.now().UTC()
	u.Day, u.Month, u.Limits = now.Format("2006-01-02"), now.Format("2006-01"), l.Limits()
	return u, nil
}

// AgentUsed returns the live calls an agent's requests caused today.
func (l *Ledger) AgentUsed(ctx context.Context, agent string) (int64, error) {
	u, err := l.store.usage(ctx, l.keys(agent))
	return u.Agent, err
}
