package handlers

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"realtybot/attom"
	"realtybot/chart"
	"realtybot/handlers/words"
	"realtybot/health"
	"realtybot/market/outcome"
)

// upper is a word with its first letter capital.
func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func (h *Handler) usage(ctx context.Context, args []string) Reply {
	details := len(args) == 1 && strings.EqualFold(args[0], "details")
	if len(args) > 0 && !details {
		return Reply{Text: "Usage: " + h.f.Code("/usage") + " or " + h.f.Code("/usage details")}
	}
	r := h.svc.Report(ctx)
	var b strings.Builder
	b.WriteString(h.f.Bold("Usage") + "\n")
	// At a glance: what is left, where the month is heading, whether ATTOM
	// answers, whether live calls are on.
	if r.UsageErr != nil {
		b.WriteString("ATTOM usage: unknown, the ledger is unreachable (no live calls until it is back)\n")
	} else {
		u := r.Usage
		unit := u.Limits.Unit.Plural()
		if u.Limits.Unit.Records() {
			b.WriteString("ATTOM bills each record an answer carries (ATTOM_BILLING_UNIT=record): the budget counts records\n")
		}
		fmt.Fprintf(&b, "%s left today: %d (%d / %d used; the day resets at 00:00 UTC)\n", upper(unit), max(0, u.Limits.Daily-u.Today), u.Today, u.Limits.Daily)
		fmt.Fprintf(&b, "%s left this month: %d (%d / %d used)\n", upper(unit), max(0, u.Limits.Monthly-u.ThisMonth), u.ThisMonth, u.Limits.Monthly)
		f := Forecast(u.ThisMonth, h.now())
		verdict := "within the plan"
		if f > u.Limits.Monthly {
			verdict = "over the plan: the monthly limit will stop live calls before the month ends"
		}
		fmt.Fprintf(&b, "Month-end forecast at this pace: %d of the plan's %d, %s\n", f, u.Limits.Monthly, verdict)
	}
	b.WriteString(h.f.Esc(attomWords(r)) + "\n")
	b.WriteString(h.f.Esc(liveWords(r, h.w.Zone)) + "\n")
	if r.UsageErr == nil {
		b.WriteString(h.f.Esc(h.spendToday(ctx)) + "\n")
		if last := h.lastChangeWords(r.Usage.LastChange); last != "" {
			b.WriteString(h.f.Esc(last) + "\n")
		}
	}
	if h.ConfigStatus != nil {
		fmt.Fprintf(&b, "Configuration: %s\n", h.f.Esc(h.ConfigStatus()))
	}
	b.WriteString(answersWords(r) + "\n")
	if details {
		h.usageDetails(&b, r)
	} else {
		b.WriteString("Cache figures: " + h.f.Code("/usage details") + "\n")
	}
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
			if png, err := chart.Usage(r.Usage.Limits.Unit.Plural(), days, r.Usage.Limits.Daily, r.Usage.Limits.Monthly, h.now()); err == nil {
				reply.Photo, reply.Caption = png, "ATTOM "+r.Usage.Limits.Unit.Plural()+" this month"
			}
		}
	}
	return reply
}

// usageDetails is /usage details: the ledger's reservations and the cache's
// tiers, efficiency and staleness (also on /metrics).
func (h *Handler) usageDetails(b *strings.Builder, r outcome.Report) {
	b.WriteString(h.f.Bold("Details") + "\n")
	if r.UsageErr == nil {
		if u := r.Usage; u.Limits.Unit.Records() { // a reservation holds a page's records, not one call
			fmt.Fprintf(b, "Records reserved today: %d, %d given back because ATTOM did not bill them\n", u.Reserved, u.Released)
		} else {
			fmt.Fprintf(b, "Reservations today: %d made, %d given back because ATTOM did not bill them\n", u.Reserved, u.Released)
		}
	}
	if r.TodayErr == nil {
		b.WriteString(hitRateWords("today (every replica, since 00:00 UTC)", r.Today) + "\n")
	}
	b.WriteString(hitRateWords("since this bot process started", r.Process) + "\n")
	if r.HealthErr != nil {
		b.WriteString("Entries: unknown, the store is unreachable\n")
	} else {
		hl := r.Health
		fmt.Fprintf(b, "Entries: %d (valid %d) · efficiency %.0f%% · stale ratio %.0f%%\n", hl.Entries, hl.Valid, hl.Efficiency()*100, hl.StaleRatio()*100)
	}
	if n := r.Cache.Corrupt; n > 0 {
		fmt.Fprintf(b, "Unreadable entries seen: %d\n", n)
	}
}

// answersWords is /usage's line on the answers and how many the cache
// gave: every replica's today, read from L2; this process's when L2 cannot
// be read, and then it says so.
func answersWords(r outcome.Report) string {
	c, window := r.Today, "today (every replica, since 00:00 UTC)"
	if r.TodayErr != nil {
		c, window = r.Process, "since this bot process started (today's counts are unreadable: the store is unreachable)"
	}
	return fmt.Sprintf("Answers %s: %d, %.0f%% of them from the cache without a call", window, c.Total(), c.Requests.HitRate()*100)
}

// hitRateWords is the hit rate of c, by tier and by source, naming its
// window.
func hitRateWords(window string, c outcome.Counts) string {
	q, total := c.Requests, c.Total()
	s := fmt.Sprintf("Hit rate %s: %.1f%% of %d answers (L1 %d, L2 %d, misses %d)", window, q.HitRate()*100, total, q.L1Hits, q.L2Hits, q.Misses)
	if total > 0 {
		s += fmt.Sprintf("; live %d, cached %d, stale %d, estimate %d",
			c.Answers[outcome.Live], c.Answers[outcome.Cached], c.Answers[outcome.Stale], c.Answers[outcome.Estimate])
	}
	return s
}

// attomWords says whether ATTOM answers, as this process saw it.
func attomWords(r outcome.Report) string {
	noLive := words.Why(r.LiveOff, nil)
	a, cool := r.Attom, r.Usage.CooldownUntil
	paused := ""
	if !cool.IsZero() {
		paused = "; live calls paused on every replica until " + cool.UTC().Format("15:04") + " UTC"
	}
	switch {
	case noLive != "":
		return "ATTOM: not called (" + noLive + ")"
	case a.Failing():
		return fmt.Sprintf("ATTOM: failing since %s UTC (%d call(s) in a row; last error: %s)", a.FailingSince.UTC().Format("15:04"), a.Failures, a.LastError) + paused
	case paused != "":
		return "ATTOM: failing or throttling (seen by another replica)" + paused
	case a.Calls == 0:
		return "ATTOM: no call since this bot process started"
	}
	s := "ATTOM: answering (last answer " + a.LastOK.UTC().Format("15:04") + " UTC)"
	for _, f := range a.Refused {
		s += "; refuses " + attom.EndpointName(f.Endpoint) + " to this key (see below)"
	}
	return s
}

// liveWords is whether live calls are on, and why not: the one reading
// (outcome.Report.LiveCalls) that /usage, /quota, /readyz and /metrics say.
func liveWords(r outcome.Report, zone *time.Location) string {
	why := r.LiveCalls()
	switch why.Kind {
	case outcome.WhyNone:
		return "Live calls are on."
	case outcome.WhyUnsafe:
		return "Live calls are off: " + r.Unsafe.Error()
	case outcome.WhyUnconfirmed:
		return "Live calls are off: " + r.Usage.Hold
	}
	return "Live calls are off: " + words.Why(why, zone) + "."
}

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
