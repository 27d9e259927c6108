package quota

import (
	"context"
	"time"
)

// Counters are the ledger's operations, atomic in each backend: Redis
// (InRedis) or the embedded store's file (InBolt).
type Counters interface {
	// reserve checks the epoch (when epoch is not empty), the hold, the
	// cooldown and the limits, and counts n units and one agent's call.
	// It first raises the counts to f (see floor).
	reserve(ctx context.Context, k ledgerKeys, l Limits, epoch string, f floor, n int64) (reservation, error)
	// settle gives back units of a reservation (more units are counted when
	// back is negative), and the agent's call when agent is true.
	settle(ctx context.Context, k ledgerKeys, back int64, agent bool) error
	cooldown(ctx context.Context, k ledgerKeys, until time.Time, ttl time.Duration) error
	usage(ctx context.Context, k ledgerKeys) (Usage, error)
	// days reads the calls counted under each day key.
	days(ctx context.Context, dayKeys []string) ([]int64, error)
	// penalty and penalize keep the backoff of requests whose billed answer
	// could not be used (penalty.go).
	penalty(ctx context.Context, k ledgerKeys, id string) (untilMs int64, err error)
	penalize(ctx context.Context, k ledgerKeys, id string, first, later time.Duration) (untilMs, dayTotal int64, err error)
	// epochOf sets the epoch marker to id when there is none, and returns
	// the marker in force and whether it was set now.
	epochOf(ctx context.Context, k ledgerKeys, id string) (cur string, created bool, err error)
	// restore raises today's and this month's counts to at least day and
	// month, and sets the hold when hold is not nil.
	restore(ctx context.Context, k ledgerKeys, day, month int64, hold *Hold) error
	// updateHold replaces the hold by what fn makes of it (nil: none), in
	// one atomic step.
	updateHold(ctx context.Context, k ledgerKeys, fn func(*Hold) *Hold) error
	// adjust makes an admin's change of the counts in one atomic step and
	// returns them before and after, and whether it lifted a hold
	// (adjust.go).
	adjust(ctx context.Context, k ledgerKeys, a adjustment) (before, after counts, lifted bool, err error)
	// setChange records the last admin change (JSON).
	setChange(ctx context.Context, k ledgerKeys, raw []byte) error
	// safety says why the store may lose the ledger's keys, nil when it
	// may not; clock is its time (the local clock for the embedded store).
	safety(ctx context.Context) error
	clock(ctx context.Context) (time.Time, error)
}
