package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"realtybot/quota"
	"realtybot/simulate"
	"strings"
)

func runSimulate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("simulate", "Replays agent traffic through the real handlers, market policy, cache and quota\n"+
		"ledger, with a fake clock and the fake ATTOM (which counts billable calls), and\n"+
		"prints a per-day table and a summary. Example:\n"+
		"  realtybot simulate --scenario scenarios/standard.json --compare", stdout)
	spec := simulate.Standard
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
	billing := fs.String("billing", "", "what ATTOM bills: call or record (the same as --set ATTOM_BILLING_UNIT=…; default: call)")
	set := envSet{}
	fs.Var(set, "set", "NAME=VALUE: a setting of the simulated bot, repeatable, e.g. --set REFRESH_STALE_WORTH=1\n(the policy's variables below: MAX_*, *_RESERVE_CALLS, REFRESH_*, LISTING_CALLS, MAINTENANCE_AT, DEFAULT_MARKET_TYPE)")
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	spec.Seed = *seed
	if *billing != "" {
		if _, err := quota.ParseUnit(*billing); err != nil {
			fmt.Fprintf(stderr, "simulate: --billing %q: want call or record\n", *billing)
			return ErrUsage
		}
		set["ATTOM_BILLING_UNIT"] = *billing
	}
	var err error
	if *mix != "" {
		if spec.Mix, err = simulate.Weights(*mix); err != nil {
			fmt.Fprintf(stderr, "simulate: --mix: %v\n", err)
			return ErrUsage
		}
	}
	if *cmds != "" {
		if spec.Commands, err = simulate.Weights(*cmds); err != nil {
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
	events := []simulate.Event(nil)
	if *replay != "" {
		f, err := os.Open(*replay)
		if err != nil {
			return err
		}
		events, err = simulate.ReadReplay(f)
		f.Close()
		if err != nil {
			return err
		}
	} else {
		events = simulate.Generate(spec)
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
	var results []*simulate.Result
	for _, naive := range policies {
		r, err := simulate.Run(ctx, spec, events, naive, redisURL, set, progress)
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
	simulate.Print(stdout, spec, len(events), results)
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
	if !simulate.Settable(name) {
		return fmt.Errorf("%s is not a policy setting the simulation lets you change", name)
	}
	e[name] = val
	return nil
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
