package maintenance

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"realtybot/clock"
)

// period is how often a task runs.
type period int

const (
	daily period = iota
	weekly
	monthly
)

func (p period) String() string { return [...]string{"daily", "weekly", "monthly"}[p] }

// task is one maintenance job.
type task struct {
	name  string
	every period
	run   func(ctx context.Context) (string, error)
	// heavy tasks read or rewrite the whole store: one a tick, so that
	// a start that catches up on them (a first start on a big store) does
	// not run them in the same minute.
	heavy bool
}

// scheduler runs tasks at their time on the injected clock: daily tasks at
// `at` (UTC), weekly ones on Mondays and monthly ones on the 1st at the same
// time. Each run of a period is claimed in L2 first, so with several replicas
// on one Redis exactly one runs it; a task whose time passed while no
// replica was up runs at the next tick. A failed run is unclaimed and tried
// again at the next tick.
type scheduler struct {
	claims  Claims
	clk     clock.Clock
	at      func() time.Duration
	tasks   []task
	log     *slog.Logger
	outcome func(t task, result string)
}

// occurrence is the latest scheduled instant of p at or before now.
func occurrence(p period, at time.Duration, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch p {
	case weekly:
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // back to Monday
		if t := day.Add(at); !t.After(now) {
			return t
		}
		return day.AddDate(0, 0, -7).Add(at)
	case monthly:
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		if t := first.Add(at); !t.After(now) {
			return t
		}
		return first.AddDate(0, -1, 0).Add(at)
	}
	if t := day.Add(at); !t.After(now) {
		return t
	}
	return day.AddDate(0, 0, -1).Add(at)
}

// Tick runs every task whose current occurrence has not run yet. It
// returns what ran, for tests and logs.
func (s *scheduler) Tick(ctx context.Context) []string {
	var ran []string
	now := s.clk.Now()
	heavyRan := false
	for _, t := range s.tasks {
		if t.heavy && heavyRan {
			continue // the next tick
		}
		occ := occurrence(t.every, s.at(), now)
		key := fmt.Sprintf("sched:%s:%s", t.name, occ.Format(time.RFC3339))
		ok, err := s.claims.Claim(ctx, key, 40*24*time.Hour)
		if err != nil {
			s.log.Warn("scheduler: cannot claim a task; will try again", "task", t.name, "err", err)
			s.outcome(t, "unclaimed")
			continue
		}
		if !ok {
			continue // this period's run is done or running elsewhere
		}
		sw := clock.Start()
		summary, err := t.run(ctx)
		if err != nil {
			s.claims.Unclaim(context.WithoutCancel(ctx), key)
			s.log.Error("maintenance task failed; it will run again", "task", t.name, "period", occ, "err", err)
			s.outcome(t, "error")
			continue
		}
		s.log.Info("maintenance task", "task", t.name, "period", occ, "duration", sw.Elapsed(), "result", summary)
		s.outcome(t, "ok")
		ran = append(ran, t.name+"@"+occ.Format("2006-01-02"))
		heavyRan = heavyRan || t.heavy
	}
	return ran
}

// loop ticks every minute on the clock until ctx ends. The first tick
// comes a minute after start, so start-up is done (and the first updates
// answered) before a missed weekly or monthly task runs.
func (s *scheduler) loop(ctx context.Context, extra func(context.Context)) {
	clock.Every(ctx, s.clk, time.Minute, func(ctx context.Context) {
		s.Tick(ctx)
		extra(ctx)
	})
}
