package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything realtybot reads at start.
type Config struct {
	TelegramToken  string
	TelegramAPIURL string
	TelegramMode   string // polling | webhook
	WebhookURL     string
	WebhookSecret  string
	ListenAddr     string
	MetricsAddr    string // "": /metrics on ListenAddr

	AttomAPIKey     string
	AttomBaseURL    string
	AttomRate       float64       // calls per minute (ATTOM_RATE_PER_MIN)
	AttomTimeout    time.Duration // per attempt (ATTOM_TIMEOUT)
	MaxDaily        int64
	MaxMonthly      int64
	MaxAgentDaily   int64
	HotReserve      int64 // calls of the day stable markets leave to hot ones
	OtherReserve    int64 // calls of the day other markets leave to hot and stable ones
	MaxCacheEntries int64
	RefreshBudget   int64         // scheduled refreshes' calls per day
	HotWeight       float64       // how much more a hot answer counts when refreshes are shared out
	StaleWorth      float64       // what real data past its tolerance is worth against fresh (1) and estimates (0)
	ListingCalls    string        // "zip": one mixed sample per ZIP; "type": one call per type
	MaintenanceAt   time.Duration // time of day (UTC) of the maintenance tasks
	StaleAlert      float64       // stale ratio that alerts admins

	RedisURL        string
	RedisAddrs      string
	RedisMasterName string
	RedisPassword   string
	DataDir         string
	// SingleReplica declares one replica on the Redis (QUOTA_SINGLE_REPLICA):
	// after Redis loses the ledger, its journal alone restores it.
	SingleReplica bool
	// Zone is TZ: where replies say when things happen (the quota day is
	// always UTC).
	Zone *time.Location

	SheetsID          string
	SheetsCredentials string
	SheetsAPIKey      string
	SheetsEndpoint    string
	SheetsReload      time.Duration

	AdminIDs []int64
	AgentIDs []int64

	MarketsFile       string
	DefaultMarketType string

	LogLevel  string
	LogFormat string
}

// Var documents one environment variable (for --help and the README).
type Var struct{ Name, Default, Meaning string }

// Vars lists the environment variables realtybot reads.
var Vars = []Var{
	{"TELEGRAM_BOT_TOKEN", "", "bot token; required for serve, never logged"},
	{"TELEGRAM_API_URL", "https://api.telegram.org", "Bot API server"},
	{"TELEGRAM_MODE", "polling", "polling or webhook"},
	{"WEBHOOK_URL", "", "public URL to register (webhook mode)"},
	{"WEBHOOK_SECRET", "", "secret checked on every webhook request (webhook mode)"},
	{"LISTEN_ADDR", ":8080", "webhook, /healthz, /readyz, and /metrics unless METRICS_ADDR is set"},
	{"METRICS_ADDR", "", "a private address for /metrics (e.g. 127.0.0.1:9090); empty: /metrics on LISTEN_ADDR"},
	{"ATTOM_API_KEY", "", "empty: no live calls, stale data and estimates only"},
	{"ATTOM_BASE_URL", "https://api.gateway.attomdata.com", "ATTOM API base URL"},
	{"ATTOM_RATE_PER_MIN", "200", "outgoing ATTOM calls per minute (published throttle)"},
	{"ATTOM_TIMEOUT", "10s", "timeout of one ATTOM attempt"},
	{"MAX_DAILY_CALLS", "13", "billable ATTOM calls per UTC day, all replicas together"},
	{"MAX_MONTHLY_CALLS", "400", "billable ATTOM calls per UTC month, all replicas together"},
	{"MAX_AGENT_DAILY_CALLS", "3", "live calls one agent's requests may cause per day (admins exempt)"},
	{"HOT_RESERVE_CALLS", "2", "calls of the day stable markets leave for hot markets"},
	{"OTHER_RESERVE_CALLS", "5", "calls of the day other markets leave for hot and stable markets"},
	{"MAX_CACHE_ENTRIES", "10000", "in-memory (L1) entries per cache kind; health threshold at 90%"},
	{"REFRESH_BUDGET", "auto", "calls a day scheduled refreshes may spend; auto leaves 5 of MAX_DAILY_CALLS to agents"},
	{"REFRESH_HOT_WEIGHT", "4", "how many times a hot-market answer counts when scheduled refreshes are shared out (≥ 1)"},
	{"REFRESH_STALE_WORTH", "0.5", "worth of real data past its freshness tolerance, between an estimate (0) and fresh data (1): higher covers more ZIPs, lower keeps data fresher"},
	{"LISTING_CALLS", "zip", "what a live search asks ATTOM for: zip (a sample of 100 of all the ZIP's parcels fills every common type; a rarer type gets its own call) or type (100 homes of the asked type)"},
	{"MAINTENANCE_AT", "03:00", "UTC time of the daily tasks (weekly ones on Mondays, monthly on the 1st)"},
	{"STALE_ALERT", "0.5", "stale ratio above which admins are alerted"},
	{"REDIS_URL", "", "empty: embedded store in DATA_DIR; set: Redis is L2, ledger and coordination"},
	{"REDIS_ADDRS", "", "instead of REDIS_URL: comma-separated host:port of a Cluster, or of Sentinels with REDIS_MASTER_NAME"},
	{"REDIS_MASTER_NAME", "", "Sentinel master name (with REDIS_ADDRS)"},
	{"REDIS_PASSWORD", "", "password for REDIS_ADDRS; never logged"},
	{"DATA_DIR", "./data", "quota journal, embedded store, last-known-good config; made at start"},
	{"QUOTA_SINGLE_REPLICA", "false", "true: one bot process ever uses this Redis, so after Redis loses the ledger its journal alone restores it (otherwise live calls wait for every replica's journal, or an admin)"},
	{"SHEETS_SPREADSHEET_ID", "", "Google Sheets config master; empty: env/file config only"},
	{"SHEETS_CREDENTIALS_FILE", "", "service-account JSON for Sheets"},
	{"SHEETS_API_KEY", "", "API key for a sheet shared by link"},
	{"SHEETS_ENDPOINT", "", "Sheets endpoint override (with scheme)"},
	{"SHEETS_RELOAD", "5m", "how often the sheet is read again (the sheet's reload_interval wins)"},
	{"ADMIN_IDS", "", "comma-separated Telegram user ids of admins"},
	{"AGENT_IDS", "", "comma-separated Telegram user ids of agents"},
	{"MARKETS_FILE", "", "CSV: zip,market_type[,price_mult,rent_mult,appreciation_mult,partition]"},
	{"DEFAULT_MARKET_TYPE", "stable", "market type of a ZIP neither configured nor classified"},
	{"TZ", "UTC", "the zone in which replies say when things happen, e.g. America/New_York (the quota day is always UTC)"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LOG_FORMAT", "text", "text or json"},
}

// Load reads the environment through getenv and validates it. All problems
// are reported together.
func Load(getenv func(string) string) (*Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, v := range Vars {
			if v.Name == name {
				return v.Default
			}
		}
		return ""
	}
	var errs []error
	num := func(name string, min int64) int64 {
		n, err := strconv.ParseInt(get(name), 10, 64)
		if err != nil || n < min {
			errs = append(errs, fmt.Errorf("%s=%q: want a whole number ≥ %d", name, get(name), min))
		}
		return n
	}
	c := &Config{
		TelegramToken: get("TELEGRAM_BOT_TOKEN"), TelegramAPIURL: get("TELEGRAM_API_URL"),
		TelegramMode: strings.ToLower(get("TELEGRAM_MODE")), WebhookURL: get("WEBHOOK_URL"),
		WebhookSecret: get("WEBHOOK_SECRET"), ListenAddr: get("LISTEN_ADDR"), MetricsAddr: get("METRICS_ADDR"),
		AttomAPIKey: get("ATTOM_API_KEY"), AttomBaseURL: get("ATTOM_BASE_URL"),
		MaxDaily: num("MAX_DAILY_CALLS", 0), MaxMonthly: num("MAX_MONTHLY_CALLS", 0),
		MaxAgentDaily: num("MAX_AGENT_DAILY_CALLS", 0), HotReserve: num("HOT_RESERVE_CALLS", 0),
		OtherReserve: num("OTHER_RESERVE_CALLS", 0), MaxCacheEntries: num("MAX_CACHE_ENTRIES", 100),
		RedisURL: get("REDIS_URL"), RedisAddrs: get("REDIS_ADDRS"), RedisMasterName: get("REDIS_MASTER_NAME"),
		RedisPassword: get("REDIS_PASSWORD"), DataDir: get("DATA_DIR"),
		SheetsID: get("SHEETS_SPREADSHEET_ID"), SheetsCredentials: get("SHEETS_CREDENTIALS_FILE"),
		SheetsAPIKey: get("SHEETS_API_KEY"), SheetsEndpoint: get("SHEETS_ENDPOINT"),
		MarketsFile: get("MARKETS_FILE"), DefaultMarketType: strings.ToLower(get("DEFAULT_MARKET_TYPE")),
		LogLevel: strings.ToLower(get("LOG_LEVEL")), LogFormat: strings.ToLower(get("LOG_FORMAT")),
	}
	var err error
	if c.AttomRate, err = strconv.ParseFloat(get("ATTOM_RATE_PER_MIN"), 64); err != nil || c.AttomRate <= 0 {
		errs = append(errs, fmt.Errorf("ATTOM_RATE_PER_MIN=%q: want a positive number", get("ATTOM_RATE_PER_MIN")))
	}
	if c.AttomTimeout, err = time.ParseDuration(get("ATTOM_TIMEOUT")); err != nil || c.AttomTimeout <= 0 {
		errs = append(errs, fmt.Errorf("ATTOM_TIMEOUT=%q: want a duration like 10s", get("ATTOM_TIMEOUT")))
	}
	if b := get("REFRESH_BUDGET"); b == "auto" {
		c.RefreshBudget = max(c.MaxDaily-5, 0)
	} else {
		c.RefreshBudget = num("REFRESH_BUDGET", 0)
	}
	if c.HotWeight, err = strconv.ParseFloat(get("REFRESH_HOT_WEIGHT"), 64); err != nil || c.HotWeight < 1 {
		errs = append(errs, fmt.Errorf("REFRESH_HOT_WEIGHT=%q: want a number ≥ 1, like 4", get("REFRESH_HOT_WEIGHT")))
	}
	if c.StaleWorth, err = strconv.ParseFloat(get("REFRESH_STALE_WORTH"), 64); err != nil || c.StaleWorth < 0 || c.StaleWorth > 1 {
		errs = append(errs, fmt.Errorf("REFRESH_STALE_WORTH=%q: want a number between 0 and 1, like 0.5", get("REFRESH_STALE_WORTH")))
	}
	if c.ListingCalls = strings.ToLower(strings.TrimSpace(get("LISTING_CALLS"))); c.ListingCalls != "zip" && c.ListingCalls != "type" {
		errs = append(errs, fmt.Errorf("LISTING_CALLS=%q: want zip or type", get("LISTING_CALLS")))
	}
	if c.MaintenanceAt, err = ParseClock(get("MAINTENANCE_AT")); err != nil {
		errs = append(errs, fmt.Errorf("MAINTENANCE_AT: %w", err))
	}
	if c.StaleAlert, err = strconv.ParseFloat(get("STALE_ALERT"), 64); err != nil || c.StaleAlert <= 0 || c.StaleAlert > 1 {
		errs = append(errs, fmt.Errorf("STALE_ALERT=%q: want a ratio between 0 and 1, like 0.5", get("STALE_ALERT")))
	}
	if c.SheetsReload, err = time.ParseDuration(get("SHEETS_RELOAD")); err != nil || c.SheetsReload < time.Minute {
		errs = append(errs, fmt.Errorf("SHEETS_RELOAD=%q: want a duration of at least 1m", get("SHEETS_RELOAD")))
	}
	if c.Zone, err = time.LoadLocation(get("TZ")); err != nil {
		errs = append(errs, fmt.Errorf("TZ=%q: want a zone name like UTC or America/New_York", get("TZ")))
	}
	if c.SingleReplica, err = strconv.ParseBool(get("QUOTA_SINGLE_REPLICA")); err != nil {
		errs = append(errs, fmt.Errorf("QUOTA_SINGLE_REPLICA=%q: want true or false", get("QUOTA_SINGLE_REPLICA")))
	}
	if c.RedisURL != "" && c.RedisAddrs != "" {
		errs = append(errs, errors.New("REDIS_URL and REDIS_ADDRS are both set: use one"))
	}
	if c.MaxDaily > c.MaxMonthly {
		errs = append(errs, fmt.Errorf("MAX_DAILY_CALLS (%d) exceeds MAX_MONTHLY_CALLS (%d)", c.MaxDaily, c.MaxMonthly))
	}
	for _, u := range []struct{ name, v string }{{"ATTOM_BASE_URL", c.AttomBaseURL}, {"TELEGRAM_API_URL", c.TelegramAPIURL}} {
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("%s=%q: want an http(s) URL", u.name, u.v))
		}
	}
	if c.TelegramMode != "polling" && c.TelegramMode != "webhook" {
		errs = append(errs, fmt.Errorf("TELEGRAM_MODE=%q: want polling or webhook", c.TelegramMode))
	}
	if c.AdminIDs, err = ParseIDs(get("ADMIN_IDS")); err != nil {
		errs = append(errs, fmt.Errorf("ADMIN_IDS: %w", err))
	}
	if c.AgentIDs, err = ParseIDs(get("AGENT_IDS")); err != nil {
		errs = append(errs, fmt.Errorf("AGENT_IDS: %w", err))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT=%q: want text or json", c.LogFormat))
	}
	return c, errors.Join(errs...)
}

// ParseClock reads a UTC time of day, "03:00".
func ParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day like 03:00", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// ParseIDs reads a comma-separated list of Telegram user ids.
func ParseIDs(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("%q is not a Telegram user id (a positive number)", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
