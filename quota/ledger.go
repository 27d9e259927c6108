package quota

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
	// ErrCooldown means every replica waits: ATTOM throttled (429), kept
	// failing (5xx) or kept sending unusable answers; no call is made until
	// the cooldown ends (the error says when).
	ErrCooldown = errors.New("quota: live calls to ATTOM are paused")
	// ErrLedgerUnsafe means the store may drop the ledger's keys (an evicting
	// maxmemory-policy): no live call is made until it is fixed.
	ErrLedgerUnsafe = errors.New("quota: the store may evict the ledger; no live call made")
	// ErrJournal means this process could not write its quota journal in
	// DATA_DIR (permissions, a full or read-only disk): no live call is made,
	// since a later loss of the store could forget the call. It comes with
	// ErrLedgerDown.
	ErrJournal = errors.New("cannot write the quota journal in DATA_DIR")
	// ErrLedgerUnconfirmed means the store lost its data and the counts were
	// restored from the replicas' journals, but more than one replica was
	// spending: no live call is made until an admin confirms or sets them.
	ErrLedgerUnconfirmed = errors.New("quota: the ledger was restored after the store lost its data and awaits an admin's /quota")
)

// CooldownError is ErrCooldown with the time the cooldown ends.
type CooldownError struct{ Until time.Time }

func (e *CooldownError) Error() string {
	return ErrCooldown.Error() + " until " + e.Until.Format("15:04") + " UTC"
}

// Is makes errors.Is(err, ErrCooldown) true.
func (e *CooldownError) Is(target error) bool { return target == ErrCooldown }

// Limits are the ledger's caps on billable units (calls, or records under
// ATTOM_BILLING_UNIT=record); AgentDaily counts an agent's live calls.
type Limits struct {
	Daily      int64
	Monthly    int64
	AgentDaily int64
	Unit       Unit // what Daily and Monthly count; "" is a call
}

// Usage is what the ledger has counted.
type Usage struct {
	Day, Month       string // UTC, "2006-01-02" and "2006-01"
	Today, ThisMonth int64  // billable units counted (reserved and not given back)
	Reserved         int64  // units reserved today
	Released         int64  // units given back today (ATTOM did not bill them)
	Agent            int64  // the asked agent's live calls today (AgentUsed)
	// CooldownUntil is when the shared cooldown ends (ATTOM failed or
	// throttled us, seen by any replica); zero when none is in force.
	CooldownUntil time.Time
	Limits        Limits
	// Hold is why live calls are stopped whatever the counts (the ledger
	// waits for journals, or an admin, after a restore), "" when they are
	// not; HoldInfo is the same in parts.
	Hold     string
	HoldInfo *Hold
	// Replicas is how many processes used the ledger in the last two days
	// (since the store last lost its data), ReplicaIDs which.
	Replicas   int64
	ReplicaIDs []string
	// LastChange is the last change an admin made to the counts, nil when
	// none is recorded.
	LastChange *Change
}

type refusal int

const (
	granted refusal = iota
	refusedDaily
	refusedMonthly
	refusedAgent
	refusedCooldown
	refusedWiped       // the store has no epoch marker: it lost its data
	refusedEpoch       // the epoch changed: another replica restored the ledger
	refusedUnconfirmed // restored counts await an admin
)

// reservation is what the store says of a reservation: the refusal, and the
// counts it saw (after the increment when granted) for the journal.
type reservation struct {
	r                    refusal
	day, month, replicas int64
	reserved             int64 // reservations made today, released or not
	gen                  int64 // the counts' generation (see floor)
	coolUntil            int64 // refusedCooldown: when the cooldown ends (unix ms)
}

// floor is what this replica's journal saw of today's and this month's
// counts. A store whose count of today's reservations (which only grows) is
// below the journal's has gone back in time (restored from an older dump):
// a reservation first raises it to the floor, in the same atomic step, so
// the restore cannot grant calls this replica saw spent. In any other case
// nothing is raised, so other replicas' releases stay released. gen is the
// generation the counts belong to: an admin's lowering starts a new one
// (its time, unix ms), and a journal of an older generation raises nothing.
type floor struct{ day, month, reserved, gen int64 }

type ledgerKeys struct {
	ns                 string
	day, month, agent  string // agent is empty when exempt
	dayName, monthName string // "2006-01-02", "2006-01"
	cooldown, epoch    string
	hold, replicas     string
	gen, change        string // the counts' generation; the last admin change
	replica            string // this process, in the replicas set
	now                time.Time
	dayTTL, monthTTL   time.Duration
}

// Ledger counts billable ATTOM calls per UTC day and month, and live calls per
// agent per day, in L2. A call is reserved before it is made and released when
// ATTOM did not bill it; a process that dies mid-call leaves its reservation
// counted, which errs on the side of the bill. With a journal (Recover), each
// process also keeps the highest counts it saw on its own disk, so a store
// that loses its data is detected (its epoch marker is gone) and refilled.
type Ledger struct {
	store      Counters
	ns         string
	now        func() time.Time
	storeClock bool // the day and month come from the store's clock (Redis TIME)
	limits     atomic.Pointer[Limits]
	caps       sync.Map // agent -> int64: a daily cap other than AgentDaily
	journal    *journal // nil: no epoch checks (tests of the counts alone)
	replica    string   // this process's id (its journal's once Recover ran)
	single     bool     // the operator declared one replica (QUOTA_SINGLE_REPLICA): a restore never holds
}

// SingleReplica declares that this ledger has one replica (one process
// ever spends against its store), so a restore from its journal needs no
// other journal and no admin.
func (l *Ledger) SingleReplica(on bool) { l.single = on }

// SetAgentCap gives one caller its own daily cap (the maintenance
// scheduler's refresh budget) instead of MAX_AGENT_DAILY_CALLS.
func (l *Ledger) SetAgentCap(agent string, daily int64) { l.caps.Store(agent, daily) }

// NewLedger returns a ledger over a store's counters (InRedis, InBolt). now
// is its clock; see UseStoreClock for replicas.
func NewLedger(s Counters, ns string, l Limits, now func() time.Time) *Ledger {
	led := &Ledger{store: s, ns: ns, now: now, replica: randomID()}
	// One process owns an embedded store's file: its ledger has one replica.
	_, led.single = s.(*boltCounters)
	led.SetLimits(l)
	return led
}

// UseStoreClock makes the store's clock (the Redis server's TIME) decide the
// UTC day and month, so replicas with skewed clocks share one day.
func (l *Ledger) UseStoreClock() { l.storeClock = true }

// SetLimits changes the limits (configuration reload).
func (l *Ledger) SetLimits(lim Limits) { l.limits.Store(&lim) }

// Limits returns the current limits.
func (l *Ledger) Limits() Limits { return *l.limits.Load() }

func (l *Ledger) keys(ctx context.Context, agent string) (ledgerKeys, error) {
	now := l.now()
	if l.storeClock {
		t, err := l.store.clock(ctx)
		if err != nil {
			return ledgerKeys{}, fmt.Errorf("%w: reading the store's clock: %w", ErrLedgerDown, err)
		}
		if !t.IsZero() {
			now = t
		}
	}
	now = now.UTC()
	day, month := now.Format("2006-01-02"), now.Format("2006-01")
	// Hash tags keep the keys of one reservation in one Redis Cluster slot.
	q := l.ns + "{quota}:"
	k := ledgerKeys{
		ns:        l.ns,
		day:       q + "day:" + day,
		month:     q + "month:" + month,
		dayName:   day,
		monthName: month,
		cooldown:  q + "cooldown",
		epoch:     q + "epoch",
		hold:      q + "hold",
		replicas:  q + "replicas",
		gen:       q + "gen",
		change:    q + "lastchange",
		replica:   l.replica,
		now:       now,
		dayTTL:    40 * 24 * time.Hour, // a month of daily counts for /usage's chart
		monthTTL:  62 * 24 * time.Hour,
	}
	if agent != "" {
		k.agent = q + "agent:" + day + ":" + agent
	}
	return k, nil
}

// Cooldown stops every replica's calls for d (it never shortens one in
// force). The attom client sets it after a 429 or repeated 5xx.
func (l *Ledger) Cooldown(ctx context.Context, d time.Duration) error {
	k, err := l.keys(ctx, "")
	if err != nil {
		return err
	}
	return l.store.cooldown(ctx, k, k.now.Add(d), d)
}

// Usage reads today's and this month's counts.
func (l *Ledger) Usage(ctx context.Context) (Usage, error) {
	return l.usage(ctx, "")
}

func (l *Ledger) usage(ctx context.Context, agent string) (Usage, error) {
	k, err := l.keys(ctx, agent)
	if err != nil {
		return Usage{}, err
	}
	u, err := l.store.usage(ctx, k)
	if err != nil {
		return Usage{}, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	u.Day, u.Month, u.Limits = k.dayName, k.monthName, l.Limits()
	if u.HoldInfo != nil {
		u.Hold = u.HoldInfo.String()
	}
	if err := l.journal.sawReplicas(u.ReplicaIDs, k.now); err != nil {
		return Usage{}, fmt.Errorf("%w: %w: %w", ErrLedgerDown, ErrJournal, err)
	}
	return u, nil
}

// AgentUsed returns the live calls an agent's requests caused today.
func (l *Ledger) AgentUsed(ctx context.Context, agent string) (int64, error) {
	u, err := l.usage(ctx, agent)
	return u.Agent, err
}

// Safety says why the store is not safe for the ledger (an evicting
// maxmemory-policy), nil when it is.
func (l *Ledger) Safety(ctx context.Context) error { return l.store.safety(ctx) }

// MonthDays returns the calls counted on each day of the current UTC month
// so far (index 0 is the 1st), for /usage's chart.
func (l *Ledger) MonthDays(ctx context.Context) ([]int64, error) {
	k, err := l.keys(ctx, "")
	if err != nil {
		return nil, err
	}
	first := time.Date(k.now.Year(), k.now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var keys []string
	for d := first; !d.After(k.now); d = d.AddDate(0, 0, 1) {
		keys = append(keys, l.ns+"{quota}:day:"+d.Format("2006-01-02"))
	}
	out, err := l.store.days(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLedgerDown, err)
	}
	return out, nil
}
