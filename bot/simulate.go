package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"realtybot/config"
)

// standardSpec is the default traffic: the standard scenario of
// scenarios/standard.json.
var standardSpec = simSpec{Agents: 50, Days: 30, Requests: 20, ZIPs: 200, Types: 4, Zipf: 1.1, Seed: 1,
	Mix:      map[string]float64{"hot": 0.2, "growing": 0.2, "stable": 0.3, "emerging": 0.15, "cooling": 0.15},
	Commands: map[string]float64{"search": 0.7, "market": 0.2, "property": 0.1}}

func runSimulate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("simulate", "Replays agent traffic through the real handlers, market policy, cache and quota\n"+
		"ledger, with a fake clock and the fake ATTOM (which counts billable calls), and\n"+
		"prints a per-day table and a summary. Example:\n"+
		"  realtybot simulate --scenario scenarios/standard.json --compare", stdout)
	spec := standardSpec
	if path := scenarioArg(args); path != "" {
		raw, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(raw, &spec)
		}
		if err != nil {
			fmt.Fprintf(stderr, "simulate: --scenario %s: %v\n", path, err)
			return ErrUsage
		}
	}
	fs.String("scenario", "", "JSON file of the traffic (see scenarios/standard.json); other flags override it")
	fs.IntVar(&spec.Agents, "agents", spec.Agents, "agents")
	fs.IntVar(&spec.Days, "days", spec.Days, "simulated days")
	fs.IntVar(&spec.Requests, "requests", spec.Requests, "requests per agent per day")
	fs.IntVar(&spec.ZIPs, "zips", spec.ZIPs, "distinct ZIPs")
	fs.IntVar(&spec.Types, "types", spec.Types, "property types asked for (1-6)")
	fs.Float64Var(&spec.Zipf, "zipf", spec.Zipf, "Zipf skew of ZIP popularity (> 1)")
	mix := fs.String("mix", "", "market-type mix, e.g. hot=0.2,stable=0.8 (default: the standard mix)")
	cmds := fs.String("commands", "", "command mix, e.g. search=0.7,market=0.2,property=0.1")
	seed := fs.Uint64("seed", spec.Seed, "random seed; the same seed gives the same traffic and results")
	replay := fs.String("replay", "", "JSONL file of {\"time\",\"user\",\"text\"} to replay instead of synthetic traffic")
	store := fs.String("store", "embedded", "L2 of the run: embedded or redis (REDIS_URL, or 127.0.0.1:6379)")
	policy := fs.String("policy", "project", "project (the bot's policy) or naive (a plain TTL cache that calls on every miss)")
	compare := fs.Bool("compare", false, "run the project's policy and the naive baseline on the same traffic, side by side")
	asJSON := fs.Bool("json", false, "print JSON for machines")
	set := envSet{}
	fs.Var(set, "set", "NAME=VALUE: a setting of the simulated bot, repeatable, e.g. --set REFRESH_STALE_WORTH=1\n(the policy's variables below: MAX_*, *_RESERVE_CALLS, REFRESH_*, LISTING_CALLS, MAINTENANCE_AT, DEFAULT_MARKET_TYPE)")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	spec.Seed = *seed
	var err error
	if *mix != "" {
		if spec.Mix, err = weights(*mix); err != nil {
			fmt.Fprintf(stderr, "simulate: --mix: %v\n", err)
			return ErrUsage
		}
	}
	if *cmds != "" {
		if spec.Commands, err = weights(*cmds); err != nil {
			fmt.Fprintf(stderr, "simulate: --commands: %v\n", err)
			return ErrUsage
		}
	}
	if spec.Agents < 1 || spec.Days < 1 || spec.Requests < 1 || spec.ZIPs < 2 || spec.Zipf <= 1 {
		fmt.Fprintln(stderr, "simulate: agents, days and requests must be ≥ 1, zips ≥ 2 and zipf > 1")
		return ErrUsage
	}
	redisURL := ""
	switch *store {
	case "embedded":
	case "redis":
		if redisURL = getenv("REDIS_URL"); redisURL == "" {
			redisURL = "redis://127.0.0.1:6379/0"
		}
	default:
		fmt.Fprintf(stderr, "simulate: --store %q: want embedded or redis\n", *store)
		return ErrUsage
	}
	events := []event(nil)
	if *replay != "" {
		f, err := os.Open(*replay)
		if err != nil {
			return err
		}
		events, err = readReplay(f)
		f.Close()
		if err != nil {
			return err
		}
	} else {
		events = generate(spec)
	}
	var policies []bool // naive?
	switch {
	case *compare:
		policies = []bool{false, true}
	case *policy == "project":
		policies = []bool{false}
	case *policy == "naive":
		policies = []bool{true}
	default:
		fmt.Fprintf(stderr, "simulate: --policy %q: want project or naive\n", *policy)
		return ErrUsage
	}
	progress := func(s string) { fmt.Fprintln(stderr, s) }
	if *asJSON {
		progress = nil
	}
	var results []*simResult
	for _, naive := range policies {
		r, err := simulate(ctx, spec, events, naive, redisURL, set, progress)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"scenario": spec, "events": len(events), "results": results})
	}
	printResults(stdout, spec, len(events), results)
	return nil
}

// envSet collects --set NAME=VALUE: settings of the simulated bot. The ones
// the simulation itself provides (store, ATTOM, agents, markets) are refused.
type envSet map[string]string

func (e envSet) String() string { return "" }

func (e envSet) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q: want NAME=VALUE", s)
	}
	if !simSettable(name) {
		return fmt.Errorf("%s is not a policy setting the simulation lets you change", name)
	}
	e[name] = val
	return nil
}

func simSettable(name string) bool {
	switch name {
	case "DATA_DIR", "ATTOM_API_KEY", "ATTOM_BASE_URL", "ATTOM_RATE_PER_MIN", "AGENT_IDS", "ADMIN_IDS", "MARKETS_FILE":
		return false
	}
	for _, p := range []string{"MAX_", "HOT_RESERVE", "OTHER_RESERVE", "REFRESH_", "LISTING_CALLS", "MAINTENANCE_AT", "DEFAULT_MARKET_TYPE"} {
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

// scenarioArg finds --scenario in args before the flags are defined, so the
// file's values become the flags' defaults and any flag given wins.
func scenarioArg(args []string) string {
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "scenario" && strings.HasPrefix(a, "-") {
			if hasVal {
				return val
			}
			if i+1 < len(args) {
				return args[i+1]
			}
		}
	}
	return ""
}

// weights reads "a=0.2,b=0.8".
func weights(s string) (map[string]float64, error) {
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

func printResults(w io.Writer, spec simSpec, events int, rs []*simResult) {
	fmt.Fprintf(w, "Scenario: %d agents × %d requests × %d days (%d requests), %d ZIPs × %d types, Zipf %.2f, seed %d\n\n",
		spec.Agents, spec.Requests, spec.Days, events, spec.ZIPs, spec.Types, spec.Zipf, spec.Seed)
	for _, r := range rs {
		fmt.Fprintf(w, "Policy: %s\n", r.Policy)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "day\trequests\thit rate\tL1\tL2\tmisses\tATTOM calls\tlive\tcached\tstale\testimate\tviolations\t")
		for _, d := range r.Days {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", d.Day, d.Requests, pct(d.L1Hits+d.L2Hits, d.L1Hits+d.L2Hits+d.Misses),
				d.L1Hits, d.L2Hits, d.Misses, d.Calls, d.Live, d.Cached, d.Stale, d.Estimate, d.Violations)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Summary")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name string, f func(*simResult) string) {
		fmt.Fprintf(tw, "%s", name)
		for _, r := range rs {
			fmt.Fprintf(tw, "\t%s", f(r))
		}
		fmt.Fprintln(tw, "\t")
	}
	row("", func(r *simResult) string { return r.Policy })
	row("requests", func(r *simResult) string { return fmt.Sprint(r.Total.Requests) })
	row("hit rate (L1 / L2)", func(r *simResult) string {
		t := r.Total
		n := t.L1Hits + t.L2Hits + t.Misses
		return fmt.Sprintf("%.1f%% (%s / %s; any policy ≤ %.1f%%)", r.HitRate*100, pct(t.L1Hits, n), pct(t.L2Hits, n), r.HitCeiling*100)
	})
	row("real-data hit rate (cached+stale / +live)", func(r *simResult) string { return fmt.Sprintf("%.1f%%", r.RealHitRate*100) })
	row("ATTOM calls: total, max/day", func(r *simResult) string {
		return fmt.Sprintf("%d, %d (limit %d: %s)", r.Total.Calls, r.MaxCalls, r.DailyLimit, map[bool]string{true: "held", false: "EXCEEDED"}[r.LimitsHeld])
	})
	row("answers live/cached/stale/estimate", func(r *simResult) string {
		t := r.Total
		return fmt.Sprintf("%d / %d / %d / %d", t.Live, t.Cached, t.Stale, t.Estimate)
	})
	row("freshness violations", func(r *simResult) string { return fmt.Sprint(r.Total.Violations) })
	row("hot answers backed by real data", func(r *simResult) string {
		return fmt.Sprintf("%.1f%% of %d (any policy ≤ %.1f%%)", r.HotRealShare*100, r.Total.HotAnswers, r.HotCeiling*100)
	})
	row("real homes per real /search answer", func(r *simResult) string {
		t := r.Total
		return fmt.Sprintf("%.1f (%d answers)", float64(t.RealHomes)/float64(max(t.RealSearches, 1)), t.RealSearches)
	})
	row("handler latency p50 / p99", func(r *simResult) string { return fmt.Sprintf("%.3f ms / %.3f ms", r.P50, r.P99) })
	tw.Flush()
}
