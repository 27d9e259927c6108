package simulate

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/app"
	"realtybot/attom"
	"realtybot/attom/synth"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/maintenance"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/store/redisstore"
)

// DayStats is one simulated day (or the total).
type DayStats struct {
	Day        int   `json:"day"`
	Requests   int64 `json:"requests"`
	Answers    int64 `json:"answers"` // requests answered with data (not an error or a refusal)
	L1Hits     int64 `json:"l1_hits"`
	L2Hits     int64 `json:"l2_hits"`
	Misses     int64 `json:"misses"`
	Calls      int64 `json:"attom_calls"`
	Records    int64 `json:"attom_records"` // the records billed answers carried
	Live       int64 `json:"live"`
	Cached     int64 `json:"cached"`
	Stale      int64 `json:"stale"`
	Estimate   int64 `json:"estimate"`
	Violations int64 `json:"freshness_violations"`
	HotAnswers int64 `json:"hot_answers"`
	HotReal    int64 `json:"hot_real"`
	// RealSearches are /search answers on real data; RealHomes the homes of
	// the asked type they held (a sample's share of that type, or a page).
	RealSearches int64 `json:"real_searches"`
	RealHomes    int64 `json:"real_homes"`
}

func (d *DayStats) add(o DayStats) {
	d.Requests += o.Requests
	d.Answers += o.Answers
	d.L1Hits += o.L1Hits
	d.L2Hits += o.L2Hits
	d.Misses += o.Misses
	d.Calls += o.Calls
	d.Records += o.Records
	d.Live += o.Live
	d.Cached += o.Cached
	d.Stale += o.Stale
	d.Estimate += o.Estimate
	d.Violations += o.Violations
	d.HotAnswers += o.HotAnswers
	d.HotReal += o.HotReal
	d.RealSearches += o.RealSearches
	d.RealHomes += o.RealHomes
}

// Result is one policy's run.
type Result struct {
	Policy  string     `json:"policy"`
	Days    []DayStats `json:"days"`
	Total   DayStats   `json:"total"`
	HitRate float64    `json:"hit_rate"`
	// RealHitRate counts only answers that needed real data: (cached +
	// stale) / (cached + stale + live); estimates are neither.
	RealHitRate  float64 `json:"real_data_hit_rate"`
	MaxCalls     int64   `json:"max_calls_per_day"`
	MaxRecords   int64   `json:"max_records_per_day"`
	Unit         string  `json:"billing_unit"` // what the limits count: call or record
	DailyLimit   int64   `json:"daily_limit"`
	LimitsHeld   bool    `json:"limits_held"`
	HotRealShare float64 `json:"hot_real_share"`
	// HotCeiling bounds HotRealShare for any policy on the same traffic
	// and calls (hotCeiling).
	HotCeiling float64 `json:"hot_real_share_ceiling"`
	// HitCeiling bounds HitRate for any policy with the lazy 12 h ([ttl-mock])
	// estimates on the same traffic and limits (hitCeiling).
	HitCeiling float64 `json:"hit_rate_ceiling"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
}

// simKey is the simulated ATTOM's API key.
const simKey = "simulated-attom-key"

// Run replays events through the real handlers, market policy, cache
// and ledger, with the fake ATTOM and a fake clock.
func Run(ctx context.Context, spec Spec, events []Event, naive bool, redisURL string, set map[string]string, progress func(string)) (*Result, error) {
	clk := clock.NewManual(simStart)
	// The upstream is ATTOM's documented API over synthetic data, in process
	// (over loopback HTTP, so the real client, throttle and ledger run).
	atm := synth.New(simKey)
	atm.SetClock(clk.Now)
	atmSrv, err := startUpstream(atm)
	if err != nil {
		return nil, err
	}
	defer atmSrv.Close()
	dir, err := os.MkdirTemp("", "realtybot-sim-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	zips, types := zipsOf(spec)
	var csv strings.Builder
	csv.WriteString("zip,market_type\n")
	for _, z := range zips {
		fmt.Fprintf(&csv, "%s,%s\n", z, types[z])
	}
	agents := map[int64]bool{}
	for _, e := range events {
		agents[e.User] = true
	}
	var ids []string
	for id := range agents {
		ids = append(ids, fmt.Sprint(id))
	}
	markets := filepath.Join(dir, "markets.csv")
	if err := os.WriteFile(markets, []byte(csv.String()), 0o600); err != nil {
		return nil, err
	}
	env := map[string]string{"DATA_DIR": dir, "ATTOM_API_KEY": simKey, "ATTOM_BASE_URL": atmSrv.URL,
		"AGENT_IDS": strings.Join(ids, ","), "MARKETS_FILE": markets, "ATTOM_RATE_PER_MIN": "100000", "REDIS_URL": redisURL}
	for k, v := range set {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	ns := fmt.Sprintf("rbsim:%x:", rand.Uint64())
	if redisURL != "" {
		defer dropNamespace(redisURL, ns)
	}
	policy := "project"
	if naive {
		policy = "naive"
	}
	a, err := app.BuildWith(ctx, cfg, slog.New(slog.DiscardHandler), clk, app.Options{Namespace: ns, Naive: naive})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	h := handlers.New(a.Service, a.Access, reply.Plain, clk.Now, nil)
	var maint *maintenance.Maintenance
	if !naive {
		maint = a.Maintenance(func(context.Context, string, []byte) {})
	}
	unit, err := quota.ParseUnit(cfg.BillingUnit)
	if err != nil {
		return nil, err
	}
	res := &Result{Policy: policy, DailyLimit: cfg.MaxDaily, Unit: string(unit)}
	seen := map[string][]string{} // zip type -> real ids an agent saw
	var lat []time.Duration
	var asks []ask
	nextTick := simStart
	day, cur := -1, DayStats{}
	var prevCache, prevCalls, prevRecords = a.Service.Report(ctx).Process.Requests, atm.Billable(), atm.BillableRecords()
	closeDay := func() {
		if day < 0 {
			return
		}
		c := a.Service.Report(ctx).Process.Requests
		cur.L1Hits, cur.L2Hits, cur.Misses = c.L1Hits-prevCache.L1Hits, c.L2Hits-prevCache.L2Hits, c.Misses-prevCache.Misses
		cur.Calls, cur.Records = atm.Billable()-prevCalls, atm.BillableRecords()-prevRecords
		prevCache, prevCalls, prevRecords = c, atm.Billable(), atm.BillableRecords()
		res.Days = append(res.Days, cur)
		if progress != nil {
			progress(fmt.Sprintf("%s: day %d: %d requests, %d ATTOM calls", policy, cur.Day, cur.Requests, cur.Calls))
		}
	}
	// at moves the clock, closing the day it leaves, so each day's calls
	// (agents' and maintenance's) are counted on the day they happen.
	at := func(t time.Time) {
		if d := int(t.Sub(simStart).Hours() / 24); d != day {
			closeDay()
			day, cur = d, DayStats{Day: d + 1}
		}
		clk.Set(t)
	}
	for _, ev := range events {
		for maint != nil && !nextTick.After(ev.At) {
			at(nextTick)
			maint.Tick(ctx)
			nextTick = nextTick.Add(time.Hour)
		}
		at(ev.At)
		text, zip := resolve(ev.Text, seen)
		sw := clock.Start()
		r := h.Handle(ctx, handlers.Request{UserID: ev.User, ChatID: ev.User, Text: text})
		lat = append(lat, sw.Elapsed())
		a.Service.WaitL1()
		cur.Requests++
		if r.Source != 0 {
			cur.Answers++
		}
		switch r.Source {
		case outcome.Live:
			cur.Live++
		case outcome.Cached:
			cur.Cached++
		case outcome.Stale:
			cur.Stale++
		case outcome.Estimate:
			cur.Estimate++
		}
		if strings.HasPrefix(text, "/search ") && r.Source != outcome.Estimate && r.Source != 0 {
			f := strings.Fields(text)
			seen[f[1]+" "+f[2]] = r.IDs
			cur.RealSearches++
			cur.RealHomes += int64(r.Homes)
		}
		mt, _ := market.ParseType(types[zip])
		// The freshness bounds ([freshness-bound]) are for property data; market data is
		// fresh for a week (its TTL).
		tol := mt.Partition().Tolerance()
		if strings.HasPrefix(text, "/market ") {
			tol = market.MarketTTL
		}
		age := ev.At.Sub(r.Fetched)
		fromCache := r.Source == outcome.Cached || r.Source == outcome.Stale
		if fromCache && age > tol {
			cur.Violations++
		}
		if a, ok := askOf(ev.At, ev.Text); ok {
			a.hot = mt == market.Hot
			asks = append(asks, a)
		}
		if mt == market.Hot {
			cur.HotAnswers++
			if r.Source == outcome.Live || fromCache && age <= tol {
				cur.HotReal++
			}
		}
	}
	closeDay()
	for _, d := range res.Days {
		res.Total.add(d)
		res.MaxCalls = max(res.MaxCalls, d.Calls)
		res.MaxRecords = max(res.MaxRecords, d.Records)
	}
	t := res.Total
	if n := t.L1Hits + t.L2Hits + t.Misses; n > 0 {
		res.HitRate = float64(t.L1Hits+t.L2Hits) / float64(n)
	}
	if n := t.Cached + t.Stale + t.Live; n > 0 {
		res.RealHitRate = float64(t.Cached+t.Stale) / float64(n)
	}
	if t.HotAnswers > 0 {
		res.HotRealShare = float64(t.HotReal) / float64(t.HotAnswers)
	}
	page := attom.MaxPageSize
	if unit.Records() {
		page = attom.DefaultPageSize
	}
	regroup(asks, sampleFill(zips, page, simStart), cfg.ListingCalls != string(market.CallPerType), costsOf(unit, page, market.TrendYears))
	res.HotCeiling = hotCeiling(asks, budget(cfg, events))
	if len(events) > 0 {
		res.HitCeiling = hitCeiling(asks, events[0].At, cfg.MaxDaily, cfg.MaxMonthly, int64(len(asks)))
	}
	res.LimitsHeld = res.MaxCalls <= cfg.MaxDaily && t.Calls <= cfg.MaxMonthly
	if unit.Records() {
		res.LimitsHeld = res.MaxRecords <= cfg.MaxDaily && t.Records <= cfg.MaxMonthly
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		res.P50 = float64(lat[len(lat)/2].Microseconds()) / 1000
		res.P99 = float64(lat[len(lat)*99/100].Microseconds()) / 1000
	}
	return res, nil
}

// budget is how many billed units the limits allow over the events' days.
func budget(cfg *config.Config, events []Event) int64 {
	if len(events) == 0 {
		return 0
	}
	days, months := map[string]bool{}, map[string]bool{}
	for _, e := range events {
		days[e.At.UTC().Format("2006-01-02")] = true
		months[e.At.UTC().Format("2006-01")] = true
	}
	return min(cfg.MaxDaily*int64(len(days)), cfg.MaxMonthly*int64(len(months)))
}

// resolve turns "/property ?zip type" into a property id the agent saw for
// that ZIP and type, or into a search when they saw none; it returns the
// command and its ZIP.
func resolve(text string, seen map[string][]string) (string, string) {
	f := strings.Fields(text)
	if len(f) < 2 {
		return text, ""
	}
	if f[0] == "/property" && strings.HasPrefix(f[1], "?") && len(f) == 3 {
		zip := strings.TrimPrefix(f[1], "?")
		if ids := seen[zip+" "+f[2]]; len(ids) > 0 {
			return "/property " + ids[len(text)%len(ids)], zip
		}
		return "/search " + zip + " " + f[2], zip
	}
	return text, f[1]
}

func dropNamespace(url, ns string) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	redisstore.DropNamespace(context.Background(), rdb, ns)
}
