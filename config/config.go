package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AutoBudget is REFRESH_BUDGET=auto: the day's limit in force less
// HOT_RESERVE_CALLS, so that agents' hot-market misses keep those calls.
const AutoBudget = -1

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
	BillingUnit     string        // "call" or "record"
	MaxDaily        int64
	MaxMonthly      int64
	MaxAgentDaily   int64
	HotReserve      int64 // calls of the day stable markets leave to hot ones
	OtherReserve    int64 // calls of the day other markets leave to hot and stable ones
	MaxCacheEntries int64
	RefreshBudget   int64         // scheduled refreshes' calls per day; AutoBudget: the daily limit less HotReserve
	HotWeight       float64       // what a hot answer moved onto fresh data is worth, in misses ended
	StaleWorth      float64       // outside hot markets, what an answer past its tolerance is worth against a fresh one
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

// Var is one environment variable: its name, default and meaning (for
// --help and the README), and how its value is read into a Config. The
// table is the one place each variable is named: Load and -h both walk it.
type Var struct {
	Name, Default, Meaning string
	set                    func(c *Config, v string) error
}

// Setters of the table, one per kind of value.
func text(f func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *f(c) = v; return nil }
}

func lower(f func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.ToLower(v)
		*f(c) = v
		if len(allowed) > 0 && !slices.Contains(allowed, v) {
			return fmt.Errorf("want %s", strings.Join(allowed, " or "))
		}
		return nil
	}
}

func whole(min int64, f func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < min {
			return fmt.Errorf("want a whole number ≥ %d", min)
		}
		*f(c) = n
		return nil
	}
}

func number(lo, hi float64, loOpen bool, want string, f func(*Config) *float64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < lo || n > hi || (loOpen && n == lo) {
			return errors.New(want)
		}
		*f(c) = n
		return nil
	}
}

func minDuration(min time.Duration, want string, f func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < min || d <= 0 {
			return errors.New(want)
		}
		*f(c) = d
		return nil
	}
}

func ids(f func(*Config) *[]int64) func(*Config, string) error {
	return func(c *Config, v string) (err error) { *f(c), err = ParseIDs(v); return err }
}

func httpURL(f func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		*f(c) = v
		if p, err := url.Parse(v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return errors.New("want an http(s) URL")
		}
		return nil
	}
}

// Vars lists the environment variables realtybot reads.
var Vars = []Var{
	{"TELEGRAM_BOT_TOKEN", "", "bot token; required for serve, never logged", text(func(c *Config) *string { return &c.TelegramToken })},
	{"TELEGRAM_API_URL", "https://api.telegram.org", "Bot API server", httpURL(func(c *Config) *string { return &c.TelegramAPIURL })},
	{"TELEGRAM_MODE", "polling", "polling or webhook", lower(func(c *Config) *string { return &c.TelegramMode }, "polling", "webhook")},
	{"WEBHOOK_URL", "", "public URL to register (webhook mode)", text(func(c *Config) *string { return &c.WebhookURL })},
	{"WEBHOOK_SECRET", "", "secret checked on every webhook request (webhook mode)", text(func(c *Config) *string { return &c.WebhookSecret })},
	{"LISTEN_ADDR", ":8080", "webhook, /healthz, /readyz, and /metrics unless METRICS_ADDR is set", text(func(c *Config) *string { return &c.ListenAddr })},
	{"METRICS_ADDR", "", "a private address for /metrics (e.g. 127.0.0.1:9090); empty: /metrics on LISTEN_ADDR", text(func(c *Config) *string { return &c.MetricsAddr })},
	{"ATTOM_API_KEY", "", "empty: no live calls, stale data and estimates only", text(func(c *Config) *string { return &c.AttomAPIKey })},
	{"ATTOM_BASE_URL", "https://api.gateway.attomdata.com", "ATTOM API base URL", httpURL(func(c *Config) *string { return &c.AttomBaseURL })},
	{"ATTOM_RATE_PER_MIN", "200", "outgoing ATTOM calls per minute (published throttle)",
		number(0, math.Inf(1), true, "want a positive number", func(c *Config) *float64 { return &c.AttomRate })},
	{"ATTOM_TIMEOUT", "10s", "timeout of one ATTOM attempt", minDuration(0, "want a duration like 10s", func(c *Config) *time.Duration { return &c.AttomTimeout })},
	{"ATTOM_BILLING_UNIT", "call", "what ATTOM bills: call (each call, as the plan is written) or record (each record an answer carries, ATTOM's \"API Reports\"); README: how to find out",
		lower(func(c *Config) *string { return &c.BillingUnit }, "call", "record")},
	{"MAX_DAILY_CALLS", "13", "billable ATTOM calls per UTC day, all replicas together (records under ATTOM_BILLING_UNIT=record)", whole(0, func(c *Config) *int64 { return &c.MaxDaily })},
	{"MAX_MONTHLY_CALLS", "400", "billable ATTOM calls per UTC month, all replicas together (records under ATTOM_BILLING_UNIT=record)", whole(0, func(c *Config) *int64 { return &c.MaxMonthly })},
	{"MAX_AGENT_DAILY_CALLS", "3", "live calls one agent's requests may cause per day (admins exempt)", whole(0, func(c *Config) *int64 { return &c.MaxAgentDaily })},
	{"HOT_RESERVE_CALLS", "2", "calls of the day stable markets leave for hot markets (records under ATTOM_BILLING_UNIT=record)", whole(0, func(c *Config) *int64 { return &c.HotReserve })},
	{"OTHER_RESERVE_CALLS", "5", "calls of the day other markets leave for hot and stable markets (records under ATTOM_BILLING_UNIT=record)", whole(0, func(c *Config) *int64 { return &c.OtherReserve })},
	{"MAX_CACHE_ENTRIES", "10000", "in-memory (L1) entries per cache kind; health threshold at 90%", whole(100, func(c *Config) *int64 { return &c.MaxCacheEntries })},
	{"REFRESH_BUDGET", "auto", "calls a day scheduled refreshes may spend; auto leaves HOT_RESERVE_CALLS of MAX_DAILY_CALLS to agents' hot-market misses (under ATTOM_BILLING_UNIT=record they stop when MAX_DAILY_CALLS − REFRESH_BUDGET records are left)", func(c *Config, v string) error {
		if v == "auto" {
			c.RefreshBudget = AutoBudget // resolved with the limits in force
			return nil
		}
		return whole(0, func(c *Config) *int64 { return &c.RefreshBudget })(c, v)
	}},
	{"REFRESH_HOT_WEIGHT", "8", "when scheduled refreshes are shared out, what a hot-market answer moved onto fresh data is worth, in agents' misses ended (≥ 1): higher keeps hot markets fresher, lower covers more ZIPs",
		number(1, math.Inf(1), false, "want a number ≥ 1, like 8", func(c *Config) *float64 { return &c.HotWeight })},
	{"REFRESH_STALE_WORTH", "0.9", "outside hot markets, what an answer on real data past its freshness tolerance is worth against one within it (0 to 1): higher covers more ZIPs, lower keeps stable and other markets fresher",
		number(0, 1, false, "want a number between 0 and 1, like 0.9", func(c *Config) *float64 { return &c.StaleWorth })},
	{"LISTING_CALLS", "zip", "what a live search asks ATTOM for: zip (a sample of 100 of all the ZIP's parcels fills every common type; a rarer type gets its own call) or type (100 homes of the asked type)",
		lower(func(c *Config) *string { return &c.ListingCalls }, "zip", "type")},
	{"MAINTENANCE_AT", "03:00", "UTC time of the daily tasks (weekly ones on Mondays, monthly on the 1st)", func(c *Config, v string) (err error) {
		c.MaintenanceAt, err = ParseClock(v)
		return err
	}},
	{"STALE_ALERT", "0.5", "stale ratio above which admins are alerted",
		number(0, 1, true, "want a ratio between 0 and 1, like 0.5", func(c *Config) *float64 { return &c.StaleAlert })},
	{"REDIS_URL", "", "empty: embedded store in DATA_DIR; set: Redis is L2, ledger and coordination", text(func(c *Config) *string { return &c.RedisURL })},
	{"REDIS_ADDRS", "", "instead of REDIS_URL: comma-separated host:port of a Cluster, or of Sentinels with REDIS_MASTER_NAME", text(func(c *Config) *string { return &c.RedisAddrs })},
	{"REDIS_MASTER_NAME", "", "Sentinel master name (with REDIS_ADDRS)", text(func(c *Config) *string { return &c.RedisMasterName })},
	{"REDIS_PASSWORD", "", "password for REDIS_ADDRS; never logged", text(func(c *Config) *string { return &c.RedisPassword })},
	{"DATA_DIR", "./data", "quota journal, embedded store, last-known-good config; made at start", text(func(c *Config) *string { return &c.DataDir })},
	{"QUOTA_SINGLE_REPLICA", "false", "true: one bot process ever uses this Redis, so after Redis loses the ledger its journal alone restores it (otherwise live calls wait for every replica's journal, or an admin)",
		func(c *Config, v string) (err error) {
			if c.SingleReplica, err = strconv.ParseBool(v); err != nil {
				return errors.New("want true or false")
			}
			return nil
		}},
	{"SHEETS_SPREADSHEET_ID", "", "Google Sheets config master; empty: env/file config only", text(func(c *Config) *string { return &c.SheetsID })},
	{"SHEETS_CREDENTIALS_FILE", "", "service-account JSON for Sheets", text(func(c *Config) *string { return &c.SheetsCredentials })},
	{"SHEETS_API_KEY", "", "API key for a sheet shared by link", text(func(c *Config) *string { return &c.SheetsAPIKey })},
	{"SHEETS_ENDPOINT", "", "Sheets endpoint override (with scheme)", text(func(c *Config) *string { return &c.SheetsEndpoint })},
	{"SHEETS_RELOAD", "5m", "how often the sheet is read again (the sheet's reload_interval wins)",
		minDuration(time.Minute, "want a duration of at least 1m", func(c *Config) *time.Duration { return &c.SheetsReload })},
	{"ADMIN_IDS", "", "comma-separated Telegram user ids of admins", ids(func(c *Config) *[]int64 { return &c.AdminIDs })},
	{"AGENT_IDS", "", "comma-separated Telegram user ids of agents", ids(func(c *Config) *[]int64 { return &c.AgentIDs })},
	{"MARKETS_FILE", "", "CSV: zip,market_type[,price_mult,rent_mult,appreciation_mult,partition]", text(func(c *Config) *string { return &c.MarketsFile })},
	{"DEFAULT_MARKET_TYPE", "stable", "market type of a ZIP neither configured nor classified", lower(func(c *Config) *string { return &c.DefaultMarketType })},
	{"TZ", "UTC", "the zone in which replies say when things happen, e.g. America/New_York (the quota day is always UTC)", func(c *Config, v string) (err error) {
		if c.Zone, err = time.LoadLocation(v); err != nil {
			return errors.New("want a zone name like UTC or America/New_York")
		}
		return nil
	}},
	{"LOG_LEVEL", "info", "debug, info, warn or error", lower(func(c *Config) *string { return &c.LogLevel }, "debug", "info", "warn", "error")},
	{"LOG_FORMAT", "text", "text or json", lower(func(c *Config) *string { return &c.LogFormat }, "text", "json")},
}

// Load reads the environment through getenv, walking Vars, and validates
// it. All problems are reported together, each naming its variable and
// what was given.
func Load(getenv func(string) string) (*Config, error) {
	c := &Config{}
	var errs []error
	for _, v := range Vars {
		val := strings.TrimSpace(getenv(v.Name))
		if val == "" {
			val = v.Default
		}
		if err := v.set(c, val); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %w", v.Name, val, err))
		}
	}
	if c.RedisURL != "" && c.RedisAddrs != "" {
		errs = append(errs, errors.New("REDIS_URL and REDIS_ADDRS are both set: use one"))
	}
	if c.MaxDaily > c.MaxMonthly {
		errs = append(errs, fmt.Errorf("MAX_DAILY_CALLS (%d) exceeds MAX_MONTHLY_CALLS (%d)", c.MaxDaily, c.MaxMonthly))
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
