package handlers

import (
	"context"
	"fmt"
	"strings"

	"realtybot/market"
)

// Threshold is a crossed health check: a stable name (for alerts sent once
// a day) and a sentence.
type Threshold struct{ Name, Text string }

// Thresholds returns the guide's health checks that r crosses: cache size
// over 90% of MAX_CACHE_ENTRIES, API calls over 80% of the daily limit, and a
// stale ratio above staleAlert; and an unreachable ledger or store.
func Thresholds(r market.Report, staleAlert float64) []Threshold {
	var out []Threshold
	if r.MaxEntries > 0 && float64(r.Health.Entries) > 0.9*float64(r.MaxEntries) {
		out = append(out, Threshold{"cache_size", fmt.Sprintf("cache size %d > 90%% of MAX_CACHE_ENTRIES (%d)", r.Health.Entries, r.MaxEntries)})
	}
	if l := r.Usage.Limits.Daily; r.UsageErr == nil && l > 0 && float64(r.Usage.Today) > 0.8*float64(l) {
		out = append(out, Threshold{"api_calls", fmt.Sprintf("API calls %d > 80%% of the daily limit (%d)", r.Usage.Today, l)})
	}
	if r.Health.Entries > 0 && r.Health.StaleRatio() > staleAlert {
		out = append(out, Threshold{"stale_ratio", fmt.Sprintf("stale ratio %.0f%% > %.0f%%", r.Health.StaleRatio()*100, staleAlert*100)})
	}
	if r.UsageErr != nil {
		out = append(out, Threshold{"ledger_down", "quota ledger unreachable: no live calls are made"})
	}
	if r.Unsafe != nil {
		out = append(out, Threshold{"ledger_unsafe", "no live calls: " + r.Unsafe.Error()})
	}
	if r.UsageErr == nil && r.Usage.Hold != "" {
		out = append(out, Threshold{"ledger_hold", "no live calls: " + r.Usage.Hold})
	}
	if r.HealthErr != nil {
		out = append(out, Threshold{"store_down", "cache store unreachable"})
	}
	return out
}

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
	if th := Thresholds(r, h.StaleAlert); len(th) > 0 {
		b.WriteString(h.f.Bold("Thresholds crossed") + "\n")
		for _, t := range th {
			b.WriteString("• " + h.f.Esc(t.Text) + "\n")
		}
	} else {
		b.WriteString("No health threshold crossed.\n")
	}
	return Reply{Text: strings.TrimRight(b.String(), "\n")}
}

func pctOf(a, b int64) float64 { return float64(a) / float64(b) * 100 }
