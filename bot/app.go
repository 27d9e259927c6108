package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/config"
	"realtybot/handlers"
	"realtybot/market"
)

// Namespace prefixes every key realtybot writes (schema generation 1).
const Namespace = "rb:v1:"

// App is everything built from a Config.
type App struct {
	Cfg     *config.Config
	Store   cache.Store
	Ledger  *cache.Ledger
	Attom   *attom.Client // nil without ATTOM_API_KEY
	Service *market.Service
	Access  *handlers.Access
	Log     *slog.Logger
	Metrics *Metrics
	Notes   []string // start-up notices for the operator
	Backend string   // "redis" or "embedded (path)"

	conf *master // the configuration in force: env, MARKETS_FILE, Sheets
}

// Build connects the stores and builds the service. now is the clock of
// TTLs, quotas and schedules (time.Now outside tests and simulations).
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, now func() time.Time) (*App, error) {
	a := &App{Cfg: cfg, Log: log, Metrics: newMetrics()}
	if err := a.openStore(ctx); err != nil {
		return nil, err
	}
	a.Ledger = cache.NewLedger(a.Store, Namespace, cache.Limits{Daily: cfg.MaxDaily, Monthly: cfg.MaxMonthly, AgentDaily: cfg.MaxAgentDaily}, now)
	mc := market.Config{
		Store: a.Store, Quota: a.Ledger, Namespace: Namespace, MaxEntries: cfg.MaxCacheEntries,
		HotReserve: cfg.HotReserve, OtherReserve: cfg.OtherReserve, Now: now, Logger: log,
	}
	var ok bool
	if mc.DefaultType, ok = market.ParseType(cfg.DefaultMarketType); !ok {
		a.Store.Close()
		return nil, fmt.Errorf("DEFAULT_MARKET_TYPE=%q: want one of %s", cfg.DefaultMarketType, typeNames())
	}
	if cfg.AttomAPIKey == "" {
		mc.NoLiveReason = "no ATTOM API key is configured"
		a.Notes = append(a.Notes, "ATTOM_API_KEY is empty: no live calls; answers come from the cache or are estimates")
	} else {
		a.Attom = attom.New(cfg.AttomBaseURL, cfg.AttomAPIKey,
			attom.WithLedger(a.Ledger), attom.WithRateLimit(cfg.AttomRate, 5),
			attom.WithTimeout(cfg.AttomTimeout), attom.WithLogger(log), attom.WithObserver(a.Metrics.attomCall))
		mc.Upstream = a.Attom
	}
	var err error
	if a.Service, err = market.New(mc); err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Metrics.watch(a.Service)
	a.Access = handlers.NewAccess(cfg.AdminIDs, cfg.AgentIDs)
	if a.conf, err = newMaster(ctx, a); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) openStore(ctx context.Context) error {
	if a.Cfg.RedisURL == "" {
		s, err := cache.OpenBolt(a.Cfg.DataDir)
		if err != nil {
			return err
		}
		a.Store, a.Backend = s, "embedded store "+s.Path()
		return nil
	}
	opt, err := redis.ParseURL(a.Cfg.RedisURL)
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w (want redis://[:password@]host:port/db)", err)
	}
	rdb := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		return fmt.Errorf("REDIS_URL: cannot reach Redis at %s: %w (start Redis, or unset REDIS_URL to use the embedded store)", opt.Addr, err)
	}
	a.Store, a.Backend = cache.NewRedisStore(rdb, Namespace), "redis "+opt.Addr
	return nil
}

// Reload reads the configuration again (/refresh config) and says what
// changed and which rows were rejected. If the sheet cannot be read, the
// configuration in force stays.
func (a *App) Reload(ctx context.Context) (string, error) { return a.conf.load(ctx, false) }

// ConfigStatus says where the configuration in force came from.
func (a *App) ConfigStatus() string { return a.conf.Status() }

// Close releases the service and the store.
func (a *App) Close() {
	a.Service.Close()
	a.Store.Close()
}

func typeNames() string {
	n := make([]string, len(market.Types))
	for i, t := range market.Types {
		n[i] = string(t)
	}
	return strings.Join(n, ", ")
}
