package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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
	Notes   []string // start-up notices for the operator
	Backend string   // "redis" or "embedded (path)"

	reload    sync.Mutex
	overrides map[string]market.Override // the MARKETS_FILE in force, under reload
}

// Build connects the stores and builds the service. now is the clock of
// TTLs, quotas and schedules (time.Now outside tests and simulations).
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, now func() time.Time) (*App, error) {
	a := &App{Cfg: cfg, Log: log}
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
	overrides, notes, err := loadOverrides(cfg)
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Notes = append(a.Notes, notes...)
	mc.Overrides, a.overrides = overrides, overrides
	if cfg.AttomAPIKey == "" {
		mc.NoLiveReason = "no ATTOM API key is configured"
		a.Notes = append(a.Notes, "ATTOM_API_KEY is empty: no live calls; answers come from the cache or are estimates")
	} else {
		a.Attom = attom.New(cfg.AttomBaseURL, cfg.AttomAPIKey,
			attom.WithLedger(a.Ledger), attom.WithRateLimit(cfg.AttomRate, 5),
			attom.WithTimeout(cfg.AttomTimeout), attom.WithLogger(log))
		mc.Upstream = a.Attom
	}
	if a.Service, err = market.New(mc); err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Access = handlers.NewAccess(cfg.AdminIDs, append(append([]int64(nil), cfg.AgentIDs...), cfg.AdminIDs...))
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

// Reload reads MARKETS_FILE again and applies it (/refresh config). It says
// what changed and which rows were rejected; on an unreadable file the
// previous configuration stays in force.
func (a *App) Reload(context.Context) (string, error) {
	a.reload.Lock()
	defer a.reload.Unlock()
	next, notes, err := loadOverrides(a.Cfg)
	if err != nil {
		return "", err
	}
	var added, changed, removed int
	for zip, o := range next {
		old, ok := a.overrides[zip]
		switch {
		case !ok:
			added++
		case old != o:
			changed++
		}
	}
	for zip := range a.overrides {
		if _, ok := next[zip]; !ok {
			removed++
		}
	}
	a.Service.SetOverrides(next)
	a.overrides = next
	s := fmt.Sprintf("Markets: %d configured (%d added, %d changed, %d removed).", len(next), added, changed, removed)
	if a.Cfg.MarketsFile == "" {
		s = "No MARKETS_FILE is configured; markets come from DEFAULT_MARKET_TYPE and classification."
	}
	for _, n := range notes {
		s += "\nRejected: " + n
	}
	return s, nil
}

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

// loadOverrides reads MARKETS_FILE into per-ZIP overrides. Bad rows are
// reported as notes and skipped.
func loadOverrides(cfg *config.Config) (map[string]market.Override, []string, error) {
	out := map[string]market.Override{}
	if cfg.MarketsFile == "" {
		return out, nil, nil
	}
	rows, bad, err := config.ReadMarketsFile(cfg.MarketsFile)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	for _, e := range bad {
		notes = append(notes, e.Error())
	}
	for _, r := range rows {
		t, ok := market.ParseType(r.Type)
		if !ok {
			notes = append(notes, fmt.Sprintf("%s line %d: market type %q is not one of %s; row skipped", cfg.MarketsFile, r.Line, r.Type, typeNames()))
			continue
		}
		o := market.Override{Type: t, Multipliers: market.Multipliers{Price: r.Price, Rent: r.Rent, Appreciation: r.Appreciation}}
		if r.Partition != "" {
			if o.Partition, ok = market.ParsePartition(r.Partition); !ok {
				notes = append(notes, fmt.Sprintf("%s line %d: partition %q is not hot, stable or other; row skipped", cfg.MarketsFile, r.Line, r.Partition))
				continue
			}
		}
		out[r.ZIP] = o
	}
	return out, notes, nil
}
