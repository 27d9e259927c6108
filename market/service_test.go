package market_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store"
	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

// t0 is mid-month, so the pacing rule does not get in the way unless asked.
var t0 = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

type env struct {
	b      storetest.Backend
	srv    *attomtest.Server
	clk    *storetest.Clock
	ledger *quota.Ledger
	svc    *market.Service
	store  store.Backend // the L2 of the current process
	cfg    market.Config
	// timeout is the client's; long by default, so a loaded machine running
	// every package at once does not turn a slow answer into a hang.
	timeout time.Duration
}

func newEnv(t testing.TB, b storetest.Backend, mutate func(*market.Config)) *env {
	t.Helper()
	srv := attomtest.NewServer()
	t.Cleanup(srv.Close)
	e := &env{b: b, srv: srv, clk: storetest.NewClock(t0), timeout: 10 * time.Second}
	srv.SetClock(e.clk.Now)
	e.cfg = market.Config{Namespace: b.NS, MaxEntries: 10_000, DefaultType: market.Hot, HotReserve: 2, OtherReserve: 5}
	if mutate != nil {
		mutate(&e.cfg)
	}
	e.start(t, b.Store)
	return e
}

// start builds the ledger, client and service over store, as a process does.
func (e *env) start(t testing.TB, store store.Backend) {
	t.Helper()
	e.ledger = quota.NewLedger(storetest.Counters(t, store), e.b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, e.clk.Now)
	client := attom.New(e.srv.URL, attomtest.Key, attom.WithLedger(e.ledger),
		attom.WithRetries(2, time.Millisecond, 10*time.Millisecond), attom.WithTimeout(e.timeout),
		attom.WithRateLimit(60_000, 100)) // the throttle is not under test here
	cfg := e.cfg
	cfg.Store, cfg.Quota, cfg.Upstream, cfg.Now = store, e.ledger, client, e.clk.Now
	svc, err := market.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	e.svc, e.store = svc, store
}

// hangsAfter makes the client give up after d (for tests of a hang): a new
// process over the same L2.
func (e *env) hangsAfter(t *testing.T, d time.Duration) {
	e.timeout = d
	e.start(t, e.b.Store)
}

// restart is a new process over the same L2.
func (e *env) restart(t *testing.T) { e.start(t, e.b.Open(t)) }

// consistent checks that the ledger agrees with what ATTOM would bill.
func (e *env) consistent(t *testing.T) quota.Usage {
	t.Helper()
	u, err := e.ledger.Usage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The ledger may count more than ATTOM billed (a call sent and never
	// answered is kept), never less; every reservation is counted or released.
	if u.ThisMonth < e.srv.Billable() || u.Reserved != u.Today+u.Released {
		t.Fatalf("ledger %+v, ATTOM billed %d: want month ≥ billed, reserved = today + released", u, e.srv.Billable())
	}
	return u
}

func TestConcurrentColdRequestsForOneKeyCostOneCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		var wg sync.WaitGroup
		var mu sync.Mutex
		cost, bySource := 0, map[outcome.Source]int{}
		for range 100 {
			wg.Go(func() {
				l, p, err := e.svc.Search(context.Background(), "78701", realty.SFR)
				if err != nil || len(l.Items) == 0 {
					t.Errorf("search: %v", err)
					return
				}
				mu.Lock()
				cost += p.Cost
				bySource[p.Source]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if e.srv.Billable() != 1 || cost != 1 {
			t.Fatalf("ATTOM billed %d, answers report cost %d; want 1 and 1", e.srv.Billable(), cost)
		}
		// "live" is the one answer billed for its request; those that joined
		// its call, or came after, are cached.
		if bySource[outcome.Live] != 1 || bySource[outcome.Cached] != 99 {
			t.Fatalf("sources %v; want one live answer and 99 cached", bySource)
		}
		e.consistent(t)
	})
}

func TestDailyLimitHoldsAcrossDistinctColdKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		var wg sync.WaitGroup
		var mu sync.Mutex
		bySource := map[outcome.Source]int{}
		for i := range 50 {
			wg.Go(func() {
				_, p, err := e.svc.Search(context.Background(), realty.Zip(fmt.Sprintf("%05d", 10001+i)), realty.SFR)
				if err != nil {
					t.Errorf("search: %v", err)
					return
				}
				if p.Source == outcome.Estimate && p.Why.Kind == outcome.WhyNone {
					t.Errorf("an estimate without a reason")
				}
				mu.Lock()
				bySource[p.Source]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if e.srv.Billable() != 13 {
			t.Fatalf("ATTOM billed %d, want exactly 13", e.srv.Billable())
		}
		if bySource[outcome.Live] != 13 || bySource[outcome.Estimate] != 37 {
			t.Fatalf("sources %v; want 13 live and 37 estimates", bySource)
		}
		e.consistent(t)
	})
}

func TestRestartKeepsLedgerAndCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := context.Background()
		keys := []struct {
			zip realty.Zip
			t   realty.PropertyType
		}{{"78701", realty.SFR}, {"78702", realty.Condo}, {"10001", realty.Townhouse}}
		spent := int64(0)
		for _, k := range keys {
			_, p, err := e.svc.Search(ctx, k.zip, k.t)
			if err != nil || p.Source != outcome.Live {
				t.Fatalf("first search: %v %v", p.Source, err)
			}
			spent += int64(p.Cost)
		}
		e.restart(t)
		for _, k := range keys {
			_, p, err := e.svc.Search(ctx, k.zip, k.t)
			if err != nil || p.Source != outcome.Cached || p.Tier != "L2" || !p.FetchedAt.Equal(t0) {
				t.Fatalf("after restart: %+v %v; want cached from L2 with the original fetch time", p, err)
			}
		}
		if e.srv.Billable() != spent {
			t.Fatalf("ATTOM billed %d, want %d: warm keys must cost nothing after a restart", e.srv.Billable(), spent)
		}
		if u := e.consistent(t); u.Today != spent {
			t.Fatalf("the ledger forgot calls across the restart: %+v", u)
		}
	})
}

func TestUpstreamFaultsFallBackToStaleThenEstimate(t *testing.T) {
	faults := map[string]attomtest.Fault{"500": attomtest.Status500, "429": attomtest.Status429, "timeout": attomtest.Hang,
		"garbage": attomtest.Garbage, "truncated": attomtest.Truncated, "dropped": attomtest.Drop}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		e.hangsAfter(t, time.Second)
		ctx := context.Background()
		if _, p, err := e.svc.Search(ctx, "78701", realty.SFR); err != nil || p.Source != outcome.Live {
			t.Fatalf("warm-up: %v %v", p, err)
		}
		e.srv.SetRetryAfter(0)
		for name, f := range faults {
			e.clk.Advance(25 * time.Hour) // past the hot TTL, and a new day of budget
			e.srv.SetFault(f)
			_, p, err := e.svc.Search(ctx, "78701", realty.SFR)
			if err != nil || p.Source != outcome.Stale || p.Fresh || p.Why.Kind == outcome.WhyNone || p.Age(e.clk.Now()) < 24*time.Hour {
				t.Fatalf("%s, warm key: %+v %v; want stale with its age and a reason", name, p, err)
			}
			_, p, err = e.svc.Search(ctx, "78702", realty.Condo)
			if err != nil || p.Source != outcome.Estimate || p.Why.Kind == outcome.WhyNone {
				t.Fatalf("%s, cold key: %+v %v; want an estimate with a reason", name, p, err)
			}
			e.srv.SetFault(attomtest.None)
			e.consistent(t)
		}
	})
}

func TestBadInputCostsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b, nil)
		ctx := context.Background()
		for _, z := range []string{"", "7870", "787011", "abcde", "78701-12", "78701; DROP", "７８７０１", "../78701"} {
			if _, _, err := e.svc.Search(ctx, realty.Zip(z), realty.SFR); !errors.Is(err, market.ErrBadZIP) {
				t.Errorf("zip %q: %v, want ErrBadZIP", z, err)
			}
			if _, _, err := e.svc.Market(ctx, realty.Zip(z)); !errors.Is(err, market.ErrBadZIP) {
				t.Errorf("market %q: %v, want ErrBadZIP", z, err)
			}
		}
		if _, _, err := e.svc.Search(ctx, "78701", realty.PropertyType("castle")); !errors.Is(err, market.ErrBadType) {
			t.Errorf("type: %v, want ErrBadType", err)
		}
		for _, id := range []string{"", "abc", "-5", "0", "1e9", "99999999999999999999"} {
			if _, _, err := e.svc.Property(ctx, id); !errors.Is(err, realty.ErrBadID) {
				t.Errorf("id %q: %v, want ErrBadID", id, err)
			}
		}
		if e.srv.Calls() != 0 {
			t.Fatalf("bad input reached ATTOM %d times", e.srv.Calls())
		}
		// ZIP+4, parsed at the edge, reads as the same ZIP and key.
		z1, _ := realty.ParseZip("78701-1234")
		z2, _ := realty.ParseZip("787011234")
		l1, _, err := e.svc.Search(ctx, z1, realty.SFR)
		l2, p, _ := e.svc.Search(ctx, z2, realty.SFR)
		if err != nil || l1.ZIP != "78701" || l2.ZIP != "78701" || p.Source != outcome.Cached || e.srv.Billable() != 1 {
			t.Fatalf("ZIP+4: %v %v %v, billed %d", err, l1, p, e.srv.Billable())
		}
	})
}

func TestCorruptEntryCostsAtMostOneCallAndNoLoop(t *testing.T) {
	b := storetest.Redis(t)
	e := newEnv(t, b, nil)
	ctx := context.Background()
	rdb := b.Store.(*redisstore.Store).Client()
	rdb.Set(ctx, b.NS+"78701_sfr", "\x00garbage that is no entry at all, from an older release or a bug", 0)
	for i := range 5 {
		_, p, err := e.svc.Search(ctx, "78701", realty.SFR)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && p.Source != outcome.Cached {
			t.Fatalf("search %d: %v, want cached once the entry was replaced", i, p.Source)
		}
	}
	if e.srv.Billable() != 1 {
		t.Fatalf("ATTOM billed %d for a corrupt entry, want at most 1", e.srv.Billable())
	}
	if r := e.svc.Report(ctx); r.Cache.Corrupt != 1 {
		t.Fatalf("corrupt entries counted %d, want 1", r.Cache.Corrupt)
	}
}
