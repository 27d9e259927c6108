package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/access"
	"realtybot/attom"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/market/plan"
	"realtybot/quota"
	"realtybot/store"
	"realtybot/store/boltstore"
	"realtybot/store/redisstore"
	"realtybot/watch"
)

// Namespace prefixes every key realtybot writes (schema generation 1).
const Namespace = "rb:v1:"

// App is everything built from a Config.
type App struct {
	Cfg     *config.Config
	Store   store.Backend // L2, chosen once: Redis or the embedded file
	Ledger  *quota.Ledger
	Attom   *attom.Client // nil without ATTOM_API_KEY
	Service *market.Service
	Planner *plan.Planner // the scheduled refreshes worth a call
	Access  *access.Access
	Watches *watch.Book     // the agents' watchlists, in L2
	Notify  *watch.Notifier // tells watchers what refreshes changed
	Log     *slog.Logger
	Clock   clock.Clock // the one clock: TTLs, quotas, schedules, pacing
	Metrics *Metrics
	Notes   []string      // start-up notices for the operator
	Backend string        // "redis" or "embedded (path)"
	Names   *access.Names // the names people go by, in L2

	ns      string                // key namespace
	redis   redis.UniversalClient // the Redis of the store; nil for the embedded one
	pubsub  cache.PubSub          // L1 invalidations between replicas; nil for the embedded store (one process)
	bolt    *boltstore.Store      // the embedded store; nil with Redis
	conf    *liveConfig           // the configuration in force: env, MARKETS_FILE, Sheets
	bus     *cache.Bus
	stopBus context.CancelFunc
}

// Options are BuildWith's choices, for simulations.
type Options struct {
	Namespace  string // key namespace (Build: Namespace)
	Naive      bool   // the naive baseline policy
	StoreClock bool   // the ledger's day on the store's clock
}

// Build connects the stores and builds the service. clk is the one clock of
// TTLs, quotas, schedules and pacing, handed to every part; nil is the wall
// clock, with the quota ledger's day and month on the store's clock (the
// Redis server's TIME), so replicas with skewed clocks share one day. A
// test passes a clock.Manual and owns its instant.
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, clk clock.Clock) (*App, error) {
	o := Options{Namespace: Namespace}
	if clk == nil {
		clk, o.StoreClock = clock.Real, true
	}
	return BuildWith(ctx, cfg, log, clk, o)
}

// BuildWith is Build with its options spelled out (a simulation's namespace
// and policy).
func BuildWith(ctx context.Context, cfg *config.Config, log *slog.Logger, clk clock.Clock, o Options) (*App, error) {
	a := &App{Cfg: cfg, Log: log, Clock: clk, Metrics: newMetrics(), ns: o.Namespace}
	now := clk.Now
	if err := prepareDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	if err := a.openStore(ctx); err != nil {
		return nil, err
	}
	counters, err := a.counters()
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	unit, err := quota.ParseUnit(cfg.BillingUnit)
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Ledger = quota.NewLedger(counters, a.ns, quota.Limits{Daily: cfg.MaxDaily, Monthly: cfg.MaxMonthly, AgentDaily: cfg.MaxAgentDaily, Unit: unit}, now)
	if o.StoreClock {
		a.Ledger.UseStoreClock()
	}
	if cfg.SingleReplica {
		a.Ledger.SingleReplica(true)
	}
	if err := a.recoverLedger(ctx); err != nil {
		a.Store.Close()
		return nil, err
	}
	mc := market.Config{
		Store: a.Store, Quota: a.Ledger, Namespace: a.ns, MaxEntries: cfg.MaxCacheEntries, Naive: o.Naive,
		HotReserve: cfg.HotReserve, OtherReserve: cfg.OtherReserve, ListingCalls: market.ListingCalls(cfg.ListingCalls), Now: now, Logger: log,
	}
	var ok bool
	if mc.DefaultType, ok = market.ParseType(cfg.DefaultMarketType); !ok {
		a.Store.Close()
		return nil, fmt.Errorf("DEFAULT_MARKET_TYPE=%q: want one of %s", cfg.DefaultMarketType, typeNames())
	}
	if cfg.AttomAPIKey == "" {
		a.Notes = append(a.Notes, "ATTOM_API_KEY is empty: no live calls; answers come from the cache or are estimates")
	} else {
		a.Attom = attom.New(cfg.AttomBaseURL, cfg.AttomAPIKey,
			attom.WithLedger(a.Ledger), attom.WithRateLimit(cfg.AttomRate, 5),
			attom.WithTimeout(cfg.AttomTimeout), attom.WithLogger(log), attom.WithObserver(a.Metrics.attomCall), attom.WithClock(clk),
			attom.WithBilling(unit))
		mc.Upstream = a.Attom
	}
	a.bus = cache.NewBus(a.pubsub, log)
	mc.Bus = a.bus
	a.Watches = watch.NewBook(a.Store, log)
	a.Notify = watch.NewNotifier(a.Watches, a.Store, words.WatchNews, clk, log)
	mc.OnChange = a.Notify.Changed
	if a.Service, err = market.New(mc); err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Planner = plan.New(plan.Config{Market: a.Service, Demand: a.Store, ListingCalls: mc.ListingCalls,
		HotWeight: cfg.HotWeight, StaleWorth: cfg.StaleWorth, Watched: a.Watches.Demand, Now: now, Logger: log})
	a.Metrics.watch(a.Service)
	a.Access = access.New(cfg.AdminIDs, cfg.AgentIDs)
	a.Notify.Allowed = func(user int64) bool { return a.Access.Role(user) != access.Stranger }
	var shared config.SnapshotStore
	if a.redis != nil {
		shared = redisSnapshots{a.redis, a.ns + "config:last-known-good"}
	}
	lc := &liveConfig{cfg: cfg, log: log, svc: a.Service, ledger: a.Ledger, access: a.Access, clk: clk}
	if a.conf, err = loadConfig(ctx, lc, shared); err != nil {
		a.Close()
		return nil, err
	}
	a.runBus(ctx)
	return a, nil
}

// recoverLedger opens the ledger's journal in DATA_DIR (with Redis as well:
// it is what refills the counts if Redis loses them) and checks the store's
// epoch. An unreadable journal stops the start; an unreachable store is
// checked again at the first reservation.
func (a *App) recoverLedger(ctx context.Context) error {
	note, err := a.Ledger.Recover(ctx, a.Cfg.DataDir)
	switch {
	case errors.Is(err, quota.ErrLedgerDown):
		a.Notes = append(a.Notes, "quota ledger not checked yet ("+err.Error()+"); no live call until it is")
	case err != nil:
		return err
	case note != "":
		a.Notes = append(a.Notes, note)
		a.Log.Warn("quota ledger", "restored", note)
	}
	if err := a.Ledger.Safety(ctx); err != nil {
		a.Notes = append(a.Notes, "no live calls: "+err.Error())
	}
	return nil
}

func (a *App) openStore(ctx context.Context) error {
	if a.Cfg.RedisURL == "" && a.Cfg.RedisAddrs == "" {
		s, err := boltstore.Open(a.Cfg.DataDir, a.Clock)
		if err != nil {
			return err
		}
		a.Store, a.bolt, a.Names, a.Backend = s, s, access.NewNames(s), "embedded store "+s.Path()
		return nil
	}
	opt, err := redisOptions(a.Cfg)
	if err != nil {
		return err
	}
	rdb := redis.NewUniversalClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		return fmt.Errorf("cannot reach Redis at %s: %w (start Redis, or unset REDIS_URL and REDIS_ADDRS to use the embedded store)", strings.Join(opt.Addrs, ","), err)
	}
	rs := redisstore.New(rdb, a.ns, a.Clock)
	a.Store, a.redis, a.pubsub, a.Names, a.Backend = rs, rdb, rs, access.NewNames(rs), "redis "+strings.Join(opt.Addrs, ",")
	return nil
}

// counters are the quota ledger's, in the store that holds the cache.
func (a *App) counters() (quota.Counters, error) {
	if a.redis != nil {
		return quota.InRedis(a.redis), nil
	}
	return quota.InBolt(a.bolt)
}

// redisOptions reads REDIS_URL (one server) or REDIS_ADDRS with
// REDIS_MASTER_NAME (Sentinel) or without it (Cluster when several
// addresses). Timeouts are short: while Redis is away the bot answers from
// L1, stale data and estimates, and each lookup should fail fast.
func redisOptions(c *config.Config) (*redis.UniversalOptions, error) {
	o := &redis.UniversalOptions{}
	if c.RedisURL != "" {
		u, err := redis.ParseURL(c.RedisURL)
		if err != nil {
			// The parser's message quotes the URL, password and all, and may
			// cut the password where the redaction cannot find it: say what to
			// fix instead.
			return nil, errors.New("REDIS_URL does not parse: want redis://host:port/db, with an optional user and " +
				"password before the host; in the password write / as %2F, a space as %20 and @ as %40")
		}
		o.Addrs, o.Username, o.Password, o.DB, o.TLSConfig = []string{u.Addr}, u.Username, u.Password, u.DB, u.TLSConfig
	} else {
		o.Addrs = strings.Split(c.RedisAddrs, ",")
		o.MasterName, o.Password = c.RedisMasterName, c.RedisPassword
	}
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout = time.Second, 2*time.Second, 2*time.Second, 2*time.Second
	o.MaxRetries = 1
	return o, nil
}

// Reload reads the configuration again (/refresh config) and says what
// changed and which rows were rejected. If the sheet cannot be read, the
// configuration in force stays.
func (a *App) Reload(ctx context.Context) (string, error) { return a.conf.load(ctx, false) }

// ConfigStatus says where the configuration in force came from.
func (a *App) ConfigStatus() string { return a.conf.Status() }

// ConfigProblems lists the rows the last load rejected or repaired.
func (a *App) ConfigProblems() []string { return a.conf.Problems() }

// RefreshBudget is the scheduled refreshes' calls per day in force.
func (a *App) RefreshBudget() int64 { return a.conf.budget.Load() }

// MaintenanceAt is the time of day (UTC) of the scheduled tasks in force.
func (a *App) MaintenanceAt() time.Duration { return time.Duration(a.conf.at.Load()) }

// ReloadConfigEvery reads the sheet again at its interval until ctx ends.
func (a *App) ReloadConfigEvery(ctx context.Context) { a.conf.reloadEvery(ctx) }

// runBus applies other replicas' L1 invalidations until Close, and waits
// (briefly) for the subscription so no write is missed after Build returns.
func (a *App) runBus(ctx context.Context) {
	bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.stopBus = cancel
	ready := make(chan struct{})
	var once sync.Once
	go func() {
		for bctx.Err() == nil {
			if err := a.bus.Run(bctx, func() { once.Do(func() { close(ready) }) }); err != nil {
				a.Log.Warn("L1 invalidations paused; retrying", "err", err)
				clock.Pause(bctx, time.Second)
			}
		}
	}()
	// Waiting for Redis is real patience, not the product's time.
	wctx, cancelWait := context.WithTimeout(ctx, 3*time.Second)
	defer cancelWait()
	select {
	case <-ready:
	case <-wctx.Done():
		a.Log.Warn("L1 invalidations not subscribed yet; L1's TTL cap bounds staleness meanwhile")
	}
}

// Close releases the service and the store.
func (a *App) Close() {
	if a.stopBus != nil {
		a.stopBus()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	if err := a.Service.FlushCounts(ctx); err != nil { // what the last minute counted
		a.Log.Warn("counts not saved at exit", "err", err)
	}
	cancel()
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
