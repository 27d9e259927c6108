// Package health holds the data layer's health checks: the thresholds that
// /usage flags, admins are alerted about (maintenance) and the Prometheus
// rules in deploy/ mirror.
package health

import (
	"fmt"
	"realtybot/attom"
	"realtybot/market/outcome"
)

// Threshold is a crossed health check: a stable name (for alerts sent once
// a day) and a sentence.
type Threshold struct{ Name, Text string }

// Thresholds returns the health checks ([health-cache-size],
// [health-api-calls], [health-stale]) that r crosses: the fullest in-memory
// tier over 90% of MAX_CACHE_ENTRIES, API calls over 80% of the daily limit, and a
// stale ratio above staleAlert; and an unreachable ledger or store.
func Thresholds(r outcome.Report, staleAlert float64) []Threshold {
	var out []Threshold
	// MAX_CACHE_ENTRIES is each in-memory tier's capacity: the check is of
	// the fullest tier against it. L2 (Redis or the file) holds what its
	// storage windows keep, and is not bounded by it.
	if r.MaxEntries > 0 && float64(r.L1Fullest) > 0.9*float64(r.MaxEntries) {
		out = append(out, Threshold{"cache_size", fmt.Sprintf("in-memory cache %d entries > 90%% of MAX_CACHE_ENTRIES (%d)", r.L1Fullest, r.MaxEntries)})
	}
	if l := r.Usage.Limits.Daily; r.UsageErr == nil && l > 0 && float64(r.Usage.Today) > 0.8*float64(l) {
		out = append(out, Threshold{"api_calls", fmt.Sprintf("API %s %d > 80%% of the daily limit (%d)", r.Usage.Limits.Unit.Plural(), r.Usage.Today, l)})
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
	// ATTOM failing: as this process saw its calls, or a cooldown any
	// replica set (shared through the ledger).
	paused := ""
	if u := r.Usage.CooldownUntil; r.UsageErr == nil && !u.IsZero() {
		paused = "; live calls paused on every replica until " + u.UTC().Format("15:04") + " UTC"
	}
	switch a := r.Attom; {
	case a.Failing():
		out = append(out, Threshold{"attom_failing", fmt.Sprintf("ATTOM failing since %s UTC (%d call(s) in a row; last error: %s)",
			a.FailingSince.UTC().Format("15:04"), a.Failures, a.LastError) + paused})
	case paused != "":
		out = append(out, Threshold{"attom_failing", "ATTOM failing or throttling (seen by another replica)" + paused})
	}
	for _, f := range r.Attom.Refused {
		what := "refuses " + attom.EndpointName(f.Endpoint) + " to the API key: the plan may not include it (ask ATTOM to add it)"
		if f.KeyRefused() {
			what = "refused the API key (check ATTOM_API_KEY)"
		}
		out = append(out, Threshold{"attom_refused", fmt.Sprintf("ATTOM %s, HTTP %d since %s UTC; not asked again until %s UTC or a restart",
			what, f.HTTPStatus, f.Since.UTC().Format("15:04"), f.Since.Add(attom.RefusalKept).UTC().Format("Jan 2 15:04"))})
	}
	return out
}
