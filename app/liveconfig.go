package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/access"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/market"
	"realtybot/quota"
)

// liveConfig holds the configuration in force and applies new ones. Precedence
// (README "Configuration precedence"): the environment is the base; the
// MARKETS_FILE adds per-ZIP markets; the Sheets master overrides both for
// the markets it lists and the settings it sets, except that it can only
// lower the ATTOM limits; agents and admins are the union of the
// environment's and the sheet's.
type liveConfig struct {
	cfg    *config.Config
	log    *slog.Logger
	svc    *market.Service // takes the markets, TTLs and reserves
	ledger *quota.Ledger   // takes the limits and the refresh budget
	access *access.Access  // takes the agents and admins
	sheets *config.Sheets  // nil without SHEETS_SPREADSHEET_ID
	clk    clock.Clock
	saved  []config.SnapshotStore // last-known-good, most shared first
	mu     sync.Mutex             // one reload at a time
	snap   *config.Snapshot       // the sheet snapshot in force, or nil
	status string                 // for /usage and logs
	probs  []string               // rows the last load rejected or repaired
	last   map[string]market.Override
	people map[int64]string // effective agents and admins, "agent"/"admin"
	budget atomic.Int64     // scheduled refreshes' calls per day
	at     atomic.Int64     // time of day of maintenance, as a Duration
}

// loadConfig reads the configuration in force and applies it. shared, when
// not nil, keeps the last-known-good snapshot where every replica finds it
// (Redis); DATA_DIR keeps it too.
func loadConfig(ctx context.Context, m *liveConfig, shared config.SnapshotStore) (*liveConfig, error) {
	if m.cfg.SheetsID != "" {
		s, err := config.NewSheets(ctx, m.cfg, m.log)
		if err != nil {
			return nil, err
		}
		m.sheets = s
		if shared != nil {
			m.saved = append(m.saved, shared)
		}
		m.saved = append(m.saved, config.FileSnapshots{Dir: m.cfg.DataDir})
	}
	summary, err := m.load(ctx, true)
	if err != nil {
		return nil, err
	}
	m.log.Info("configuration", "status", m.status, "summary", strings.ReplaceAll(summary, "\n", "; "))
	return m, nil
}

// Problems lists the rows the last load rejected or repaired.
func (m *liveConfig) Problems() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.probs...)
}

// Status says where the configuration in force came from.
func (m *liveConfig) Status() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status
}

// load reads MARKETS_FILE and the sheet and applies them. At start a sheet
// that cannot be read falls back to the saved snapshot, then to the
// environment; later, the configuration in force stays.
func (m *liveConfig) load(ctx context.Context, atStart bool) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	file, notes, err := fileMarkets(m.cfg)
	if err != nil {
		return "", err
	}
	snap, probs := m.snap, []string(nil)
	if m.sheets != nil {
		s, p, err := m.sheets.Load(ctx, m.clk.Now().UTC())
		switch {
		case err == nil:
			snap = s
			for _, pr := range p {
				probs = append(probs, pr.Error())
			}
			m.status = fmt.Sprintf("Google Sheets, loaded %s", s.LoadedAt.Format(time.RFC3339))
			m.save(ctx, s)
		case atStart:
			snap = m.restore(ctx, err)
		default:
			m.log.Warn("configuration sheet unreadable; keeping the configuration in force", "err", err)
			return "", fmt.Errorf("the sheet could not be read, so nothing changed: %w", err)
		}
	} else {
		m.status = "environment and MARKETS_FILE (no SHEETS_SPREADSHEET_ID)"
	}
	for _, n := range append(notes, probs...) {
		m.log.Warn("configuration row rejected or repaired", "problem", n)
	}
	var summary strings.Builder // rejections are linear in cost however many
	summary.WriteString(m.apply(snap, file))
	m.probs = append(append([]string(nil), notes...), probs...)
	for _, n := range m.probs {
		summary.WriteString("\nRejected or repaired: ")
		summary.WriteString(n)
	}
	return summary.String(), nil
}

// restore is the start-up fallback when the sheet is unreachable.
func (m *liveConfig) restore(ctx context.Context, cause error) *config.Snapshot {
	for _, st := range m.saved {
		raw, err := st.LoadSnapshot(ctx)
		if err != nil {
			if !errors.Is(err, config.ErrNoSnapshot) {
				m.log.Warn("saved configuration unreadable", "where", st.String(), "err", err)
			}
			continue
		}
		var s config.Snapshot
		if err := json.Unmarshal(raw, &s); err != nil {
			m.log.Warn("saved configuration unreadable", "where", st.String(), "err", err)
			continue
		}
		m.status = fmt.Sprintf("saved snapshot of %s from %s (Sheets unreachable at start: %v)", s.LoadedAt.Format(time.RFC3339), st, cause)
		m.log.Warn("configuration sheet unreachable; running on the saved snapshot", "from", st.String(), "loaded", s.LoadedAt, "err", cause)
		return &s
	}
	m.status = fmt.Sprintf("environment only (Sheets unreachable at start and no saved snapshot: %v)", cause)
	m.log.Warn("configuration sheet unreachable and no saved snapshot; running on the environment", "err", cause)
	return nil
}

func (m *liveConfig) save(ctx context.Context, s *config.Snapshot) {
	raw, err := json.Marshal(s)
	if err != nil {
		return
	}
	for _, st := range m.saved {
		if err := st.SaveSnapshot(ctx, raw); err != nil {
			m.log.Warn("could not save the configuration snapshot", "where", st.String(), "err", err)
		}
	}
}

// apply swaps in the configuration made of the environment, the file rows
// and the snapshot, and says what changed.
func (m *liveConfig) apply(snap *config.Snapshot, file []config.MarketRow) string {
	cfg, svc := m.cfg, m.svc
	rows := file
	admins, agents := slices.Clone(cfg.AdminIDs), slices.Clone(cfg.AgentIDs)
	unit, _ := quota.ParseUnit(cfg.BillingUnit) // checked at the start
	lim := quota.Limits{Daily: cfg.MaxDaily, Monthly: cfg.MaxMonthly, AgentDaily: cfg.MaxAgentDaily, Unit: unit}
	hot, other, def := cfg.HotReserve, cfg.OtherReserve, cfg.DefaultMarketType
	budget, at := cfg.RefreshBudget, cfg.MaintenanceAt
	ttls := map[market.Type]time.Duration{}
	if snap != nil {
		rows = append(slices.Clone(file), snap.Markets...) // later rows win
		for _, p := range snap.Admins {
			admins = append(admins, p.ID)
		}
		for _, p := range snap.Agents {
			agents = append(agents, p.ID)
		}
		st := snap.Settings
		lower := func(dst *int64, v *int64) {
			if v != nil && *v < *dst {
				*dst = *v
			}
		}
		lower(&lim.Daily, st.MaxDaily)
		lower(&lim.Monthly, st.MaxMonthly)
		lower(&lim.AgentDaily, st.MaxAgentDaily)
		if st.HotReserve != nil {
			hot = *st.HotReserve
		}
		if st.OtherReserve != nil {
			other = *st.OtherReserve
		}
		if st.DefaultMarketType != "" {
			def = st.DefaultMarketType
		}
		if st.RefreshBudget != nil {
			budget = *st.RefreshBudget
		}
		if st.MaintenanceAt != nil {
			at = *st.MaintenanceAt
		}
		for t, d := range st.TTL {
			ttls[market.Type(t)] = d
		}
	}
	overrides := map[string]market.Override{}
	for _, r := range rows {
		t, _ := market.ParseType(r.Type)
		p, _ := market.ParsePartition(r.Partition)
		overrides[r.ZIP] = market.Override{Type: t, Partition: p, Multipliers: market.Multipliers{Price: r.Price, Rent: r.Rent, Appreciation: r.Appreciation}}
	}
	people := map[int64]string{}
	for _, id := range agents {
		people[id] = "agent"
	}
	for _, id := range admins {
		people[id] = "admin"
	}
	dt, _ := market.ParseType(def)
	svc.Settings().SetOverrides(overrides)
	svc.Settings().SetDefaultType(dt)
	svc.Settings().SetTTLs(ttls)
	svc.Settings().SetReserves(hot, other)
	m.ledger.SetLimits(lim)
	if budget == config.AutoBudget {
		budget = max(lim.Daily-hot, 0)
	}
	budget = min(budget, lim.Daily)
	m.ledger.SetAgentCap(market.SchedulerAgent, budget)
	m.budget.Store(budget)
	m.at.Store(int64(at))
	m.access.Set(admins, agents)
	summary := diffSummary(m.last, overrides, m.people, people)
	summary += fmt.Sprintf("\nATTOM limits: %d a day, %d a month, %d per agent a day.", lim.Daily, lim.Monthly, lim.AgentDaily)
	m.snap, m.last, m.people = snap, overrides, people
	return summary
}

func diffSummary(oldM, newM map[string]market.Override, oldP, newP map[int64]string) string {
	var added, changed, removed int
	for z, o := range newM {
		if prev, ok := oldM[z]; !ok {
			added++
		} else if prev != o {
			changed++
		}
	}
	for z := range oldM {
		if _, ok := newM[z]; !ok {
			removed++
		}
	}
	var in, out []string
	for id, role := range newP {
		if oldP[id] != role {
			in = append(in, fmt.Sprintf("%d (%s)", id, role))
		}
	}
	for id := range oldP {
		if _, ok := newP[id]; !ok {
			out = append(out, fmt.Sprint(id))
		}
	}
	sort.Strings(in)
	sort.Strings(out)
	s := fmt.Sprintf("Markets: %d configured (%d added, %d changed, %d removed).", len(newM), added, changed, removed)
	s += fmt.Sprintf("\nPeople: %d with access", len(newP))
	if len(in) > 0 {
		s += "; added or changed: " + strings.Join(in, ", ")
	}
	if len(out) > 0 {
		s += "; removed: " + strings.Join(out, ", ")
	}
	return s + "."
}

// fileMarkets reads MARKETS_FILE (none configured: no rows).
func fileMarkets(cfg *config.Config) ([]config.MarketRow, []string, error) {
	if cfg.MarketsFile == "" {
		return nil, nil, nil
	}
	rows, bad, err := config.ReadMarketsFile(cfg.MarketsFile)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	for _, e := range bad {
		notes = append(notes, e.Error())
	}
	return rows, notes, nil
}

// reloadEvery reads the sheet again at the interval the sheet's settings
// ask for (SHEETS_RELOAD otherwise), until ctx ends.
func (m *liveConfig) reloadEvery(ctx context.Context) {
	if m.sheets == nil {
		return
	}
	for {
		every := m.cfg.SheetsReload
		m.mu.Lock()
		if m.snap != nil && m.snap.Settings.Reload > 0 {
			every = m.snap.Settings.Reload
		}
		m.mu.Unlock()
		if m.clk.Sleep(ctx, every) != nil {
			return
		}
		if summary, err := m.load(ctx, false); err == nil {
			m.log.Info("configuration reloaded", "summary", summary)
		}
	}
}

// redisSnapshots keeps the last-known-good snapshot in Redis, so a new
// replica starts with it.
type redisSnapshots struct {
	rdb redis.UniversalClient
	key string
}

func (r redisSnapshots) SaveSnapshot(ctx context.Context, data []byte) error {
	return r.rdb.Set(ctx, r.key, data, 0).Err()
}

func (r redisSnapshots) LoadSnapshot(ctx context.Context) ([]byte, error) {
	b, err := r.rdb.Get(ctx, r.key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, config.ErrNoSnapshot
	}
	return b, err
}

func (r redisSnapshots) String() string { return "redis " + r.key }
