package app

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"realtybot/attom"
	"realtybot/market"
	"realtybot/market/outcome"
)

// Metrics is the Prometheus view of one process. Counters of events are
// kept here; the cache, ledger and answer figures are read from the service
// at each scrape, so they are never out of step with /usage.
type Metrics struct {
	reg            *prometheus.Registry
	attomCalls     *prometheus.CounterVec
	attomRecords   *prometheus.CounterVec
	attomSeconds   *prometheus.HistogramVec
	handlerSeconds *prometheus.HistogramVec
	errors         *prometheus.CounterVec
	taskRuns       *prometheus.CounterVec
}

func newMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		attomCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "realtybot_attom_calls_total",
			Help: "HTTP exchanges with ATTOM, by endpoint, status and whether ATTOM billed them (HTTP 200)."}, []string{"endpoint", "status", "billed"}),
		attomRecords: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "realtybot_attom_records_total",
			Help: "Records (items) that billed ATTOM answers carried, by endpoint: what ATTOM bills under ATTOM_BILLING_UNIT=record."}, []string{"endpoint"}),
		attomSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "realtybot_attom_call_seconds",
			Help: "Latency of ATTOM exchanges.", Buckets: []float64{.05, .1, .25, .5, 1, 2, 5, 10}}, []string{"endpoint"}),
		handlerSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "realtybot_handler_seconds",
			Help:    "Time to answer a command, by command and where its data came from.",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 2, 5}}, []string{"command", "source"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "realtybot_errors_total",
			Help: "Errors by kind: attom (a failed exchange), telegram (a call that failed after retries)."}, []string{"kind"}),
		taskRuns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "realtybot_scheduler_runs_total",
			Help: "Maintenance task runs by task and outcome (ok, error, unclaimed)."}, []string{"task", "outcome"}),
	}
	bi := ReadBuildInfo()
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "realtybot_build_info",
		Help: "The running binary: module version, commit and Go version (always 1)."}, []string{"version", "commit", "goversion"})
	build.WithLabelValues(bi.Version, bi.Commit, bi.GoVersion).Set(1)
	m.reg.MustRegister(m.attomCalls, m.attomRecords, m.attomSeconds, m.handlerSeconds, m.errors, m.taskRuns, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Pre-create the error kinds so they are exposed at zero.
	m.errors.WithLabelValues("attom")
	m.errors.WithLabelValues("telegram")
	return m
}

func (m *Metrics) attomCall(c attom.Call) {
	m.attomCalls.WithLabelValues(c.Endpoint, strconv.Itoa(c.Status), strconv.FormatBool(c.Billed)).Inc()
	if c.Billed {
		m.attomRecords.WithLabelValues(c.Endpoint).Add(float64(c.Records))
	}
	m.attomSeconds.WithLabelValues(c.Endpoint).Observe(c.Duration.Seconds())
	if c.Err != nil {
		m.errors.WithLabelValues("attom").Inc()
	}
}

// Command records the time a command took to answer and where its data came from.
func (m *Metrics) Command(cmd, source string, d time.Duration) {
	if source == "" {
		source = "none"
	}
	m.handlerSeconds.WithLabelValues(cmd, source).Observe(d.Seconds())
}

// TaskRun counts a maintenance task run by outcome.
func (m *Metrics) TaskRun(task, outcome string) { m.taskRuns.WithLabelValues(task, outcome).Inc() }

// TelegramError counts a Telegram call that failed after retries.
func (m *Metrics) TelegramError() { m.errors.WithLabelValues("telegram").Inc() }

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// watch registers the scrape-time figures of the service and the ledger.
func (m *Metrics) watch(svc *market.Service) {
	m.reg.MustRegister(&serviceCollector{svc: svc})
}

type serviceCollector struct{ svc *market.Service }

var (
	descHits         = prometheus.NewDesc("realtybot_cache_hits_total", "Cache hits by tier.", []string{"tier"}, nil)
	descMisses       = prometheus.NewDesc("realtybot_cache_misses_total", "Lookups with nothing usable in either tier.", nil, nil)
	descStaleHits    = prometheus.NewDesc("realtybot_cache_stale_hits_total", "Hits past their freshness.", nil, nil)
	descCorrupt      = prometheus.NewDesc("realtybot_cache_corrupt_total", "Entries that could not be decoded.", nil, nil)
	descL2Errors     = prometheus.NewDesc("realtybot_cache_l2_errors_total", "L2 reads or writes that failed.", nil, nil)
	descHitRate      = prometheus.NewDesc("realtybot_cache_hit_rate", "hits / (hits + misses) of the requests this process answered since it started (a cached estimate is a hit).", nil, nil)
	descHitRateToday = prometheus.NewDesc("realtybot_cache_hit_rate_today", "hits / (hits + misses) of the requests every replica answered since 00:00 UTC (kept in the store; absent when it cannot be read).", nil, nil)
	descRequests     = prometheus.NewDesc("realtybot_requests_total", "Answered requests by the tier that served them (miss: fetched or generated).", []string{"outcome"}, nil)
	descEntries      = prometheus.NewDesc("realtybot_cache_entries", "Entries in L2 within their storage window.", nil, nil)
	descValid        = prometheus.NewDesc("realtybot_cache_valid_entries", "Entries within their freshness.", nil, nil)
	descEfficiency   = prometheus.NewDesc("realtybot_cache_efficiency", "valid_entries / total_entries.", nil, nil)
	descStale        = prometheus.NewDesc("realtybot_cache_stale_ratio", "entries_near_expiry / total_entries.", nil, nil)
	descAnswers      = prometheus.NewDesc("realtybot_answers_total", "Answers by provenance.", []string{"source"}, nil)
	descUsage        = prometheus.NewDesc("realtybot_attom_usage_calls", "Billable ATTOM calls counted by the ledger.", []string{"period"}, nil)
	descLimit        = prometheus.NewDesc("realtybot_attom_limit_calls", "The ledger's limit.", []string{"period"}, nil)
	descUsageRatio   = prometheus.NewDesc("realtybot_attom_usage_ratio", "calls / limit (api_usage).", []string{"period"}, nil)
	descLedgerUp     = prometheus.NewDesc("realtybot_ledger_up", "1 when the quota ledger can be read.", nil, nil)
	descLiveOK       = prometheus.NewDesc("realtybot_live_calls_allowed", "1 when live calls are on: a key, the ledger reachable and safe, no restore awaiting an admin, and budget left today and this month (the reading /usage, /quota and /readyz say).", nil, nil)
	descLiveOff      = prometheus.NewDesc("realtybot_live_calls_off", "1 for the reason live calls are off, 0 for the others (no-key, ledger-down, unsafe, unconfirmed, cooldown, day-spent, month-spent).", []string{"reason"}, nil)
	descMaxEntries   = prometheus.NewDesc("realtybot_cache_max_entries", "MAX_CACHE_ENTRIES, each in-memory tier's capacity: the cache size alert fires when the fullest tier passes 90% of it.", nil, nil)
	descL1Entries    = prometheus.NewDesc("realtybot_cache_l1_entries", "Entries in the fullest in-memory (L1) tier.", nil, nil)
)

// Describe lists every figure, whether or not the store can be read at
// registration: the ones read from the store are absent from a scrape
// when it cannot be, and still belong to the collector.
func (c *serviceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descHits, descMisses, descStaleHits, descCorrupt, descL2Errors, descHitRate, descHitRateToday,
		descRequests, descEntries, descValid, descEfficiency, descStale, descAnswers, descUsage, descLimit, descUsageRatio,
		descLedgerUp, descLiveOK, descLiveOff, descMaxEntries, descL1Entries} {
		ch <- d
	}
}

func (c *serviceCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	r := c.svc.Report(ctx)
	s, h := r.Cache, r.Health
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter(descHits, s.L1Hits, "l1")
	counter(descHits, s.L2Hits, "l2")
	counter(descMisses, s.Misses)
	counter(descStaleHits, s.StaleHits)
	counter(descCorrupt, s.Corrupt)
	counter(descL2Errors, s.L2Errors)
	q := r.Process.Requests
	gauge(descHitRate, q.HitRate())
	if r.TodayErr == nil {
		gauge(descHitRateToday, r.Today.Requests.HitRate())
	}
	counter(descRequests, q.L1Hits, "l1")
	counter(descRequests, q.L2Hits, "l2")
	counter(descRequests, q.Misses, "miss")
	gauge(descMaxEntries, float64(r.MaxEntries))
	gauge(descL1Entries, float64(r.L1Fullest))
	if r.HealthErr == nil {
		gauge(descEntries, float64(h.Entries))
		gauge(descValid, float64(h.Valid))
		gauge(descEfficiency, h.Efficiency())
		gauge(descStale, h.StaleRatio())
	}
	for src := outcome.Live; src <= outcome.Estimate; src++ {
		counter(descAnswers, r.Process.Answers[src], src.String())
	}
	why := r.LiveCalls()
	gauge(descLiveOK, map[bool]float64{true: 1}[why.Kind == outcome.WhyNone])
	for _, k := range []outcome.WhyKind{outcome.WhyNoKey, outcome.WhyLedgerDown, outcome.WhyUnsafe, outcome.WhyUnconfirmed, outcome.WhyCooldown, outcome.WhyDaySpent, outcome.WhyMonthSpent} {
		gauge(descLiveOff, map[bool]float64{true: 1}[why.Kind == k], k.String())
	}
	if r.UsageErr != nil {
		gauge(descLedgerUp, 0)
		return
	}
	gauge(descLedgerUp, 1)
	u := r.Usage
	for _, p := range []struct {
		name        string
		used, limit int64
	}{{"day", u.Today, u.Limits.Daily}, {"month", u.ThisMonth, u.Limits.Monthly}} {
		gauge(descUsage, float64(p.used), p.name)
		gauge(descLimit, float64(p.limit), p.name)
		if p.limit > 0 {
			gauge(descUsageRatio, float64(p.used)/float64(p.limit), p.name)
		}
	}
}
