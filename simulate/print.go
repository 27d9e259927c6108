package simulate

import (
	"fmt"
	"io"
	"realtybot/config"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Standard is the default traffic: the standard scenario of
// scenarios/standard.json.
var Standard = Spec{Agents: 50, Days: 30, Requests: 20, ZIPs: 200, Types: 4, Zipf: 1.1, Seed: 1,
	Mix:      map[string]float64{"hot": 0.2, "growing": 0.2, "stable": 0.3, "emerging": 0.15, "cooling": 0.15},
	Commands: map[string]float64{"search": 0.7, "market": 0.2, "property": 0.1}}

// Settable says whether --set may change a variable: the policy's own
// (the ones the simulation provides, store, ATTOM, agents, markets, are
// refused).
func Settable(name string) bool {
	switch name {
	case "DATA_DIR", "ATTOM_API_KEY", "ATTOM_BASE_URL", "ATTOM_RATE_PER_MIN", "AGENT_IDS", "ADMIN_IDS", "MARKETS_FILE":
		return false
	}
	for _, p := range []string{"MAX_", "HOT_RESERVE", "OTHER_RESERVE", "REFRESH_", "LISTING_CALLS", "MAINTENANCE_AT", "DEFAULT_MARKET_TYPE", "ATTOM_BILLING_UNIT"} {
		if strings.HasPrefix(name, p) {
			for _, v := range config.Vars {
				if v.Name == name {
					return true
				}
			}
		}
	}
	return false
}

// Weights reads "a=0.2,b=0.8".
func Weights(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		w, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || w < 0 {
			return nil, fmt.Errorf("%q: want name=weight", part)
		}
		out[k] = w
	}
	return out, nil
}

func pct(a, b int64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// Print writes the per-day tables and the side-by-side summary.
func Print(w io.Writer, spec Spec, events int, rs []*Result) {
	fmt.Fprintf(w, "Scenario: %d agents × %d requests × %d days (%d requests), %d ZIPs × %d types, Zipf %.2f, seed %d\n\n",
		spec.Agents, spec.Requests, spec.Days, events, spec.ZIPs, spec.Types, spec.Zipf, spec.Seed)
	for _, r := range rs {
		fmt.Fprintf(w, "Policy: %s\n", r.Policy)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "day\trequests\thit rate\tL1\tL2\tmisses\tATTOM calls\trecords\tlive\tcached\tstale\testimate\tviolations\t")
		for _, d := range r.Days {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", d.Day, d.Requests, pct(d.L1Hits+d.L2Hits, d.L1Hits+d.L2Hits+d.Misses),
				d.L1Hits, d.L2Hits, d.Misses, d.Calls, d.Records, d.Live, d.Cached, d.Stale, d.Estimate, d.Violations)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Summary")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name string, f func(*Result) string) {
		fmt.Fprintf(tw, "%s", name)
		for _, r := range rs {
			fmt.Fprintf(tw, "\t%s", f(r))
		}
		fmt.Fprintln(tw, "\t")
	}
	row("", func(r *Result) string { return r.Policy })
	row("requests", func(r *Result) string { return fmt.Sprint(r.Total.Requests) })
	row("hit rate (L1 / L2)", func(r *Result) string {
		t := r.Total
		n := t.L1Hits + t.L2Hits + t.Misses
		return fmt.Sprintf("%.1f%% (%s / %s; any policy ≤ %.1f%%)", r.HitRate*100, pct(t.L1Hits, n), pct(t.L2Hits, n), r.HitCeiling*100)
	})
	row("real-data hit rate (cached+stale / +live)", func(r *Result) string { return fmt.Sprintf("%.1f%%", r.RealHitRate*100) })
	held := map[bool]string{true: "held", false: "EXCEEDED"}
	row("billing unit (what the limits count)", func(r *Result) string { return r.Unit })
	row("ATTOM calls: total, max/day", func(r *Result) string {
		if r.Unit == "record" {
			return fmt.Sprintf("%d, %d", r.Total.Calls, r.MaxCalls)
		}
		return fmt.Sprintf("%d, %d (limit %d: %s)", r.Total.Calls, r.MaxCalls, r.DailyLimit, held[r.LimitsHeld])
	})
	row("records billed answers carried: total, max/day", func(r *Result) string {
		if r.Unit == "record" {
			return fmt.Sprintf("%d, %d (limit %d: %s)", r.Total.Records, r.MaxRecords, r.DailyLimit, held[r.LimitsHeld])
		}
		return fmt.Sprintf("%d, %d (billed if ATTOM bills records)", r.Total.Records, r.MaxRecords)
	})
	row("answers live/cached/stale/estimate", func(r *Result) string {
		t := r.Total
		return fmt.Sprintf("%d / %d / %d / %d", t.Live, t.Cached, t.Stale, t.Estimate)
	})
	row("freshness violations", func(r *Result) string { return fmt.Sprint(r.Total.Violations) })
	row("hot answers backed by real data", func(r *Result) string {
		return fmt.Sprintf("%.1f%% of %d (any policy ≤ %.1f%%)", r.HotRealShare*100, r.Total.HotAnswers, r.HotCeiling*100)
	})
	row("real homes per real /search answer", func(r *Result) string {
		t := r.Total
		return fmt.Sprintf("%.1f (%d answers)", float64(t.RealHomes)/float64(max(t.RealSearches, 1)), t.RealSearches)
	})
	row("handler latency p50 / p99", func(r *Result) string { return fmt.Sprintf("%.3f ms / %.3f ms", r.P50, r.P99) })
	tw.Flush()
}
