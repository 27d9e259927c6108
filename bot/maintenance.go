package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/handlers"
	"realtybot/market"
)

// schedulerAgent is the ledger identity of scheduled refreshes: its daily
// cap is the refresh budget.
const schedulerAgent = market.SchedulerAgent

// notifier sends a message to every admin.
// notifier tells the admins something; photo, when not nil, is a PNG sent
// with it (the weekly report's chart).
type notifier func(ctx context.Context, text string, photo []byte)

var allParts = []market.Partition{market.PartHot, market.PartStable, market.PartOther}

// maintenance holds the guide's daily, weekly and monthly tasks and the
// health alerts.
type maintenance struct {
	a      *App
	notify notifier
	sched  *scheduler
}

func newMaintenance(a *App, now func() time.Time, notify notifier) *maintenance {
	m := &maintenance{a: a, notify: notify}
	m.sched = &scheduler{store: a.Store, now: now, at: a.conf.maintenanceAt, log: a.Log,
		outcome: func(t task, outcome string) { a.Metrics.taskRun(t.name, outcome) }}
	m.sched.tasks = []task{
		{"expire", daily, m.expire},
		// Hot markets daily, and any other key whose demand makes a call
		// worth more than a hot refresh (the guide's "update hot market data"
		// with the budget shared out by gain).
		{"refresh-due", daily, func(ctx context.Context) (string, error) {
			return m.refresh(ctx, market.Scope{Parts: allParts, Listings: true, MarketData: true, Days: 7, Horizon: 24 * time.Hour})
		}},
		{"usage-snapshot", daily, m.usageSnapshot},
		{"refresh-market-data", weekly, func(ctx context.Context) (string, error) {
			return m.refresh(ctx, market.Scope{Parts: allParts, MarketData: true, Days: 7, Horizon: 7 * 24 * time.Hour})
		}},
		{"refresh-stable", weekly, func(ctx context.Context) (string, error) {
			return m.refresh(ctx, market.Scope{Parts: []market.Partition{market.PartStable}, Listings: true, Days: 7, Horizon: 7 * 24 * time.Hour})
		}},
		{"cache-report", weekly, m.report},
		{"full-cleanup", monthly, m.fullCleanup},
		{"compact", monthly, m.compact},
	}
	return m
}

func (m *maintenance) expire(ctx context.Context) (string, error) {
	rep, err := m.a.Service.Cleanup(ctx)
	return fmt.Sprintf("%+v", rep), err
}

// refresh spends the refresh budget on the keys agents asked for that are
// due, best gain first (market.RefreshDue). It stops when the budget
// is spent or when only the agents' reserve of today's calls is left.
func (m *maintenance) refresh(ctx context.Context, sc market.Scope) (string, error) {
	svc, led := m.a.Service, m.a.Ledger
	if m.a.Attom == nil {
		return "no live calls configured", nil
	}
	due, err := svc.RefreshDue(ctx, sc)
	if err != nil {
		return "", err
	}
	sctx := attom.WithAgent(ctx, schedulerAgent)
	refreshed, spent, why := 0, 0, "all due keys refreshed"
	for _, c := range due {
		u, err := led.Usage(ctx)
		if err != nil {
			return "", err
		}
		if reserve := u.Limits.Daily - m.a.conf.refreshBudget(); u.Limits.Daily-u.Today <= reserve {
			why = fmt.Sprintf("stopped: the last %d calls of the day are left to agents", reserve)
			break
		}
		var p market.Provenance
		if c.Type == "" {
			_, p, err = svc.ScheduledRefreshMarket(sctx, c.ZIP)
		} else {
			_, p, err = svc.ScheduledRefresh(sctx, c.ZIP, c.Type)
		}
		if err != nil {
			return "", err
		}
		spent += p.Cost
		if p.Source != market.Live {
			why = "stopped: " + p.Reason
			break
		}
		refreshed++
	}
	return fmt.Sprintf("%d of %d due keys refreshed for %d calls; %s", refreshed, len(due), spent, why), nil
}

func (m *maintenance) usageSnapshot(ctx context.Context) (string, error) {
	u, err := m.a.Ledger.Usage(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %d/%d calls today, %d/%d this month", u.Day, u.Today, u.Limits.Daily, u.ThisMonth, u.Limits.Monthly), nil
}

// report sends admins the weekly cache-performance report.
func (m *maintenance) report(ctx context.Context) (string, error) {
	r := m.a.Service.Report(ctx)
	c, h := r.Cache, r.Health
	answered := int64(0)
	for _, n := range r.Answers {
		answered += n
	}
	if answered == 0 && c.L1Hits+c.L2Hits+c.Misses == 0 && (r.UsageErr != nil || r.Usage.ThisMonth == 0) {
		return "not sent: nothing happened since the process started", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Weekly cache report\nHit rate %.1f%% (L1 %d, L2 %d, misses %d)\n", c.HitRate()*100, c.L1Hits, c.L2Hits, c.Misses)
	fmt.Fprintf(&b, "Entries %d, efficiency %.0f%%, stale ratio %.0f%%\n", h.Entries, h.Efficiency()*100, h.StaleRatio()*100)
	if r.UsageErr == nil {
		fmt.Fprintf(&b, "ATTOM calls this month: %d of %d\n", r.Usage.ThisMonth, r.Usage.Limits.Monthly)
	}
	fmt.Fprintf(&b, "Answers: live %d, cached %d, stale %d, estimate %d",
		r.Answers[market.Live], r.Answers[market.Cached], r.Answers[market.Stale], r.Answers[market.Estimate])
	var chart []byte
	if days, err := m.a.Ledger.MonthDays(ctx); err == nil && r.UsageErr == nil {
		chart, _ = handlers.UsageChart(days, r.Usage.Limits.Daily, r.Usage.Limits.Monthly, r.Requests.HitRate(), m.sched.now())
	}
	m.notify(ctx, b.String(), chart)
	return "sent", nil
}

// fullCleanup removes, besides expired entries, every entry that no longer
// decodes (an old schema) and dangling index members.
func (m *maintenance) fullCleanup(ctx context.Context) (string, error) {
	rep, err := m.a.Service.FullCleanup(ctx)
	return fmt.Sprintf("%+v", rep), err
}

func (m *maintenance) compact(ctx context.Context) (string, error) {
	b, ok := m.a.Store.(*cache.BoltStore)
	if !ok {
		return "nothing to do: Redis manages its own memory", nil
	}
	before, after, err := b.Compact(ctx)
	return fmt.Sprintf("embedded store %d → %d bytes", before, after), err
}

// checkHealth alerts admins once a day per crossed threshold, whichever
// replica sees it first.
func (m *maintenance) checkHealth(ctx context.Context) {
	r := m.a.Service.Report(ctx)
	day := m.sched.now().UTC().Format("2006-01-02")
	for _, th := range handlers.Thresholds(r, m.a.Cfg.StaleAlert) {
		ok, err := m.a.Store.Claim(ctx, "alert:"+th.Name+":"+day, 48*time.Hour)
		if err != nil && !errors.Is(err, context.Canceled) {
			m.a.Log.Warn("health alert not claimed", "threshold", th.Name, "err", err)
		}
		if ok {
			m.a.Log.Warn("health threshold crossed", "threshold", th.Name, "detail", th.Text)
			m.notify(ctx, "⚠ Health threshold crossed: "+th.Text, nil)
		}
	}
}
