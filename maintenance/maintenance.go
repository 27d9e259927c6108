package maintenance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"realtybot/chart"
	"realtybot/clock"
	"realtybot/health"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/plan"
	"realtybot/market/sweep"
	"realtybot/quota"
	"realtybot/realty"
)

// Notifier tells the admins something; photo, when not nil, is a PNG sent
// with it (the weekly report's chart).
type Notifier func(ctx context.Context, text string, photo []byte)

// Service is what the tasks ask of the market service.
type Service interface {
	ScheduledRefresh(ctx context.Context, zip realty.Zip, t realty.PropertyType) (*market.Listing, outcome.Provenance, error)
	ScheduledRefreshMarket(ctx context.Context, zip realty.Zip) (*market.MarketData, outcome.Provenance, error)
	Report(ctx context.Context) outcome.Report
	// Days is every replica's answers over the last n UTC days (L2).
	Days(ctx context.Context, n int) (outcome.Counts, error)
}

// Sweeper cleans the store (market/sweep): daily what expired, monthly a
// full scan.
type Sweeper interface {
	Daily(ctx context.Context) (sweep.Report, error)
	Full(ctx context.Context) (sweep.Report, error)
}

// Planner lists the refreshes worth a call (market/plan).
type Planner interface {
	Due(ctx context.Context, sc plan.Scope) ([]plan.Candidate, error)
}

// Ledger is what the tasks read of the quota ledger.
type Ledger interface {
	Usage(ctx context.Context) (quota.Usage, error)
	MonthDays(ctx context.Context) ([]int64, error)
}

// Claims make one replica run each task and send each alert (L2).
type Claims interface {
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Unclaim(ctx context.Context, key string) error
}

// Deps are what New needs.
type Deps struct {
	Service Service
	Planner Planner
	Sweeper Sweeper
	Ledger  Ledger
	Claims  Claims
	// Live says whether live calls are configured (an ATTOM key).
	Live bool
	// Compact rewrites the embedded store's file; nil with Redis.
	Compact func(ctx context.Context) (string, error)
	// RefreshBudget is the scheduled refreshes' calls per day, and At the
	// time of day of the tasks; both follow configuration reloads.
	RefreshBudget func() int64
	At            func() time.Duration
	StaleAlert    float64 // the stale-ratio alert threshold
	Clock         clock.Clock
	Log           *slog.Logger
	Notify        Notifier
	// Outcome is told each task run's outcome (ok, error, unclaimed).
	Outcome func(task, outcome string)
}

var allParts = []market.Partition{market.PartHot, market.PartStable, market.PartOther}

// Maintenance holds the daily, weekly and monthly tasks ([daily-tasks], [weekly-tasks], [monthly-tasks]) and the
// health alerts.
type Maintenance struct {
	d     Deps
	sched *scheduler
}

// New builds the tasks over d.
func New(d Deps) *Maintenance {
	m := &Maintenance{d: d}
	m.sched = &scheduler{claims: d.Claims, clk: d.Clock, at: d.At, log: d.Log,
		outcome: func(t task, outcome string) {
			if d.Outcome != nil {
				d.Outcome(t.name, outcome)
			}
		}}
	m.sched.tasks = []task{
		{name: "expire", every: daily, run: m.expire},
		// Hot markets daily, and any other key whose demand makes a call
		// worth more than a hot refresh ([daily-tasks]: "update hot market data"
		// with the budget shared out by gain).
		{name: "refresh-due", every: daily, run: func(ctx context.Context) (string, error) {
			return m.refresh(ctx, plan.Scope{Parts: allParts, Listings: true, MarketData: true, Days: 7, Horizon: 24 * time.Hour})
		}},
		{name: "usage-snapshot", every: daily, run: m.usageSnapshot},
		{name: "refresh-market-data", every: weekly, run: func(ctx context.Context) (string, error) {
			return m.refresh(ctx, plan.Scope{Parts: allParts, MarketData: true, Days: 7, Horizon: 7 * 24 * time.Hour})
		}},
		{name: "refresh-stable", every: weekly, run: func(ctx context.Context) (string, error) {
			return m.refresh(ctx, plan.Scope{Parts: []market.Partition{market.PartStable}, Listings: true, Days: 7, Horizon: 7 * 24 * time.Hour})
		}},
		{name: "cache-report", every: weekly, run: m.report},
		{name: "full-cleanup", every: monthly, run: m.fullCleanup, heavy: true},
		{name: "compact", every: monthly, run: m.compact, heavy: true},
	}
	return m
}

func (m *Maintenance) expire(ctx context.Context) (string, error) {
	rep, err := m.d.Sweeper.Daily(ctx)
	return rep.String(), err
}

// refresh spends the refresh budget on the keys agents asked for that are
// due, best gain first (market/plan). It stops when the budget
// is spent or when only the agents' reserve of today's calls is left.
func (m *Maintenance) refresh(ctx context.Context, sc plan.Scope) (string, error) {
	svc, led := m.d.Service, m.d.Ledger
	if !m.d.Live {
		return "no live calls configured", nil
	}
	due, err := m.d.Planner.Due(ctx, sc)
	if err != nil {
		return "", err
	}
	sctx := quota.WithAgent(ctx, market.SchedulerAgent)
	refreshed, spent, why := 0, 0, "all due keys refreshed"
	var unit quota.Unit
	for _, c := range due {
		u, err := led.Usage(ctx)
		if err != nil {
			return "", err
		}
		unit = u.Limits.Unit
		if reserve := u.Limits.Daily - m.d.RefreshBudget(); u.Limits.Daily-u.Today <= reserve {
			why = fmt.Sprintf("stopped: the last %s of the day are left to agents", u.Limits.Unit.N(reserve))
			break
		}
		var p outcome.Provenance
		if c.Type == "" {
			_, p, err = svc.ScheduledRefreshMarket(sctx, c.ZIP)
		} else {
			_, p, err = svc.ScheduledRefresh(sctx, c.ZIP, c.Type)
		}
		if err != nil {
			return "", err
		}
		spent += p.Cost
		if p.Source != outcome.Live {
			why = "stopped: " + p.Why.Kind.String()
			break
		}
		refreshed++
	}
	return fmt.Sprintf("%d of %d due keys refreshed for %s; %s", refreshed, len(due), unit.N(int64(spent)), why), nil
}

func (m *Maintenance) usageSnapshot(ctx context.Context) (string, error) {
	u, err := m.d.Ledger.Usage(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %d/%d %s today, %d/%d this month", u.Day, u.Today, u.Limits.Daily, u.Limits.Unit.Plural(), u.ThisMonth, u.Limits.Monthly), nil
}

// report sends admins the weekly cache-performance report.
func (m *Maintenance) report(ctx context.Context) (string, error) {
	r := m.d.Service.Report(ctx)
	h := r.Health
	week, window := r.Process, "since this bot process started (the week's counts are unreadable)"
	if w, err := m.d.Service.Days(ctx, 7); err == nil {
		week, window = w, "over the last 7 days, every replica"
	}
	if week.Total() == 0 && (r.UsageErr != nil || r.Usage.ThisMonth == 0) {
		return "not sent: no answer and no ATTOM call this week", nil
	}
	var b strings.Builder
	q := week.Requests
	fmt.Fprintf(&b, "Weekly cache report\nHit rate %s: %.1f%% of %d answers (L1 %d, L2 %d, misses %d)\n", window, q.HitRate()*100, week.Total(), q.L1Hits, q.L2Hits, q.Misses)
	fmt.Fprintf(&b, "Entries %d, efficiency %.0f%%, stale ratio %.0f%%\n", h.Entries, h.Efficiency()*100, h.StaleRatio()*100)
	if r.UsageErr == nil {
		fmt.Fprintf(&b, "ATTOM %s this month: %d of %d\n", r.Usage.Limits.Unit.Plural(), r.Usage.ThisMonth, r.Usage.Limits.Monthly)
	}
	fmt.Fprintf(&b, "Answers: live %d, cached %d, stale %d, estimate %d",
		week.Answers[outcome.Live], week.Answers[outcome.Cached], week.Answers[outcome.Stale], week.Answers[outcome.Estimate])
	var png []byte
	if days, err := m.d.Ledger.MonthDays(ctx); err == nil && r.UsageErr == nil {
		png, _ = chart.Usage(r.Usage.Limits.Unit.Plural(), days, r.Usage.Limits.Daily, r.Usage.Limits.Monthly, m.sched.clk.Now())
	}
	m.d.Notify(ctx, b.String(), png)
	return "sent", nil
}

// fullCleanup removes, besides expired entries, every entry that no longer
// decodes (an old schema) and dangling index members.
func (m *Maintenance) fullCleanup(ctx context.Context) (string, error) {
	rep, err := m.d.Sweeper.Full(ctx)
	return rep.String(), err
}

func (m *Maintenance) compact(ctx context.Context) (string, error) {
	if m.d.Compact == nil {
		return "nothing to do: Redis manages its own memory", nil
	}
	return m.d.Compact(ctx)
}

// CheckHealth alerts admins once a day per crossed threshold, whichever
// replica sees it first.
func (m *Maintenance) CheckHealth(ctx context.Context) {
	r := m.d.Service.Report(ctx)
	day := m.sched.clk.Now().UTC().Format("2006-01-02")
	for _, th := range health.Thresholds(r, m.d.StaleAlert) {
		ok, err := m.d.Claims.Claim(ctx, "alert:"+th.Name+":"+day, 48*time.Hour)
		if err != nil && !errors.Is(err, context.Canceled) {
			m.d.Log.Warn("health alert not claimed", "threshold", th.Name, "err", err)
		}
		if ok {
			m.d.Log.Warn("health threshold crossed", "threshold", th.Name, "detail", th.Text)
			m.d.Notify(ctx, "⚠ Health threshold crossed: "+th.Text, nil)
		}
	}
}

// Run ticks the scheduler every minute until ctx ends, then runs each
// minute's extra work (saving demand) and the health check.
func (m *Maintenance) Run(ctx context.Context, extra func(context.Context)) {
	m.sched.loop(ctx, func(ctx context.Context) {
		extra(ctx)
		m.CheckHealth(ctx)
	})
}

// Tick runs every task whose time has come and not yet run; it returns what
// ran.
func (m *Maintenance) Tick(ctx context.Context) []string { return m.sched.Tick(ctx) }
