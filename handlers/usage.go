package handlers

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"realtybot/chart"
	"realtybot/health"
	"realtybot/market"
)

func (h *Handler) usage(ctx context.Context, _ []string) Reply {
	r := h.svc.Report(ctx)
	var b strings.Builder
	b.WriteString(h.f.Bold("Usage") + "\n")
	if r.UsageErr != nil {
		b.WriteString("ATTOM calls: unknown, the ledger is unreachable (no live calls until it is back)\n")
	} else {
		u := r.Usage
		fmt.Fprintf(&b, "ATTOM calls today (%s UTC): %d / %d\n", u.Day, u.Today, u.Limits.Daily)
		fmt.Fprintf(&b, "ATTOM calls this month (%s): %d / %d\n", u.Month, u.ThisMonth, u.Limits.Monthly)
		fmt.Fprintf(&b, "Reservations today: %d made, %d released unbilled\n", u.Reserved, u.Released)
		fmt.Fprintf(&b, "Month-end forecast at this pace: %d of %d\n", Forecast(u.ThisMonth, h.now()), u.Limits.Monthly)
		b.WriteString(h.f.Esc(h.spendToday(ctx)) + "\n")
		if last := h.lastChangeWords(u.LastChange); last != "" {
			b.WriteString(h.f.Esc(last) + "\n")
		}
	}
	if r.LiveReason != "" {
		fmt.Fprintf(&b, "Live calls are off: %s\n", h.f.Esc(r.LiveReason))
	}
	if h.ConfigStatus != nil {
		fmt.Fprintf(&b, "Configuration: %s\n", h.f.Esc(h.ConfigStatus()))
	}
	c := r.Requests
	total := c.L1Hits + c.L2Hits + c.Misses
	fmt.Fprintf(&b, "%s\n", h.f.Bold("Cache"))
	fmt.Fprintf(&b, "Hit rate: %.1f%% of %d answers (L1 %d, L2 %d, misses %d)\n", c.HitRate()*100, total, c.L1Hits, c.L2Hits, c.Misses)
	if total > 0 {
		fmt.Fprintf(&b, "Per tier: L1 %.1f%%, L2 %.1f%%\n", pctOf(c.L1Hits, total), pctOf(c.L2Hits, total))
	}
	if r.HealthErr != nil {
		b.WriteString("Entries: unknown, the store is unreachable\n")
	} else {
		hl := r.Health
		fmt.Fprintf(&b, "Entries: %d (valid %d) · efficiency %.0f%% · stale ratio %.0f%%\n", hl.Entries, hl.Valid, hl.Efficiency()*100, hl.StaleRatio()*100)
	}
	if n := r.Cache.Corrupt; n > 0 {
		fmt.Fprintf(&b, "Unreadable entries seen: %d\n", n)
	}
	fmt.Fprintf(&b, "Answers: live %d, cached %d, stale %d, estimate %d\n",
		r.Answers[market.Live], r.Answers[market.Cached], r.Answers[market.Stale], r.Answers[market.Estimate])
	if th := health.Thresholds(r, h.StaleAlert); len(th) > 0 {
		b.WriteString(h.f.Bold("Thresholds crossed") + "\n")
		for _, t := range th {
			b.WriteString("• " + h.f.Esc(t.Text) + "\n")
		}
	} else {
		b.WriteString("No health threshold crossed.\n")
	}
	reply := Reply{Text: strings.TrimRight(b.String(), "\n")}
	if q := h.svc.QuotaAdmin(); h.Charts && q != nil && r.UsageErr == nil {
		if days, err := q.MonthDays(ctx); err == nil {
			if png, err := chart.Usage(days, r.Usage.Limits.Daily, r.Usage.Limits.Monthly, h.now()); err == nil {
				reply.Photo, reply.Caption = png, "ATTOM calls this month"
			}
		}
	}
	return reply
}

func pctOf(a, b int64) float64 { return float64(a) / float64(b) * 100 }

// Forecast is the month's calls at its end if it goes on at the pace so far.
func Forecast(thisMonth int64, now time.Time) int64 {
	now = now.UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	days := float64(start.AddDate(0, 1, 0).Sub(start)) / float64(24*time.Hour)
	elapsed := float64(now.Sub(start)) / float64(24*time.Hour)
	if elapsed < 0.5 { // too early in the month to extrapolate from hours
		elapsed = 0.5
	}
	return int64(math.Round(float64(thisMonth) * days / elapsed))
}

// spendToday says what the scheduled refreshes and each agent spent today.
func (h *Handler) spendToday(ctx context.Context) string {
	q := h.svc.QuotaAdmin()
	if q == nil {
		return "Spend today: unknown (no ledger)"
	}
	refresh, err := q.AgentUsed(ctx, market.SchedulerAgent)
	if err != nil {
		return "Spend today: unknown, the ledger is unreachable"
	}
	var agents []string
	for _, id := range h.access.Agents() {
		if n, err := q.AgentUsed(ctx, strconv.FormatInt(id, 10)); err == nil && n > 0 {
			agents = append(agents, fmt.Sprintf("%d: %d", id, n))
		}
	}
	who := "none"
	if len(agents) > 0 {
		who = strings.Join(agents, ", ")
	}
	return fmt.Sprintf("Spent today by scheduled refreshes: %d; by agents (live calls their requests caused): %s", refresh, who)
}
