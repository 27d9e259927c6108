package cache_test

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/cache"
	"realtybot/clock"
	"realtybot/quota"
	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

type listing struct {
	ZIP    string
	Prices []float64
}

func newTiered(t *testing.T, b storetest.Backend, kind cache.Kind, clk *storetest.Clock, st *cache.Stats) *cache.Tiered[listing] {
	t.Helper()
	c, err := cache.NewTiered[listing](kind, b.Store, cache.Options{Namespace: b.NS, MaxEntries: 1000, Now: clk.Now, Stats: st})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func item(at time.Time, fresh time.Duration, v listing) *cache.Item[listing] {
	return &cache.Item[listing]{Value: v, Source: "attom", FetchedAt: at, FreshUntil: at.Add(fresh), StaleUntil: at.Add(fresh + 48*time.Hour)}
}

func TestTieredWriteThroughAndL2FillsL1(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		st := &cache.Stats{}
		a := newTiered(t, b, cache.KindListing, clk, st)
		if _, _, err := a.GetCounted(ctx, "78701_sfr"); !errors.Is(err, cache.ErrNotFound) {
			t.Fatalf("cold get: %v", err)
		}
		if ok, err := a.Set(ctx, "78701_sfr", item(clk.Now(), time.Hour, listing{"78701", []float64{1, 2}})); !ok || err != nil {
			t.Fatalf("set: %v %v", ok, err)
		}
		a.Wait()
		if _, tier, err := a.GetCounted(ctx, "78701_sfr"); err != nil || tier != cache.TierL1 {
			t.Fatalf("after set: tier %v, %v; want L1", tier, err)
		}
		// A second process (its own L1) reads L2 once, then its L1.
		other := newTiered(t, b, cache.KindListing, clk, st)
		it, tier, err := other.GetCounted(ctx, "78701_sfr")
		if err != nil || tier != cache.TierL2 || it.Value.ZIP != "78701" || len(it.Value.Prices) != 2 {
			t.Fatalf("other process: %+v tier %v %v", it, tier, err)
		}
		if !it.FetchedAt.Equal(t0) || !it.FreshUntil.Equal(t0.Add(time.Hour)) {
			t.Fatalf("freshness lost in L2: %+v", it)
		}
		other.Wait()
		if _, tier, _ := other.GetCounted(ctx, "78701_sfr"); tier != cache.TierL1 {
			t.Fatalf("L2 hit did not fill L1: %v", tier)
		}
		s := st.Snapshot()
		if s.L1Hits != 2 || s.L2Hits != 1 || s.Misses != 1 {
			t.Fatalf("stats %+v; want 2 L1 hits, 1 L2 hit, 1 miss", s)
		}
		// Past freshness the item is still served (stale), past the stale window it is gone.
		clk.Advance(2 * time.Hour)
		if it, _, err := a.GetCounted(ctx, "78701_sfr"); err != nil || it.Fresh(clk.Now()) {
			t.Fatalf("stale read: %v fresh=%v", err, it != nil && it.Fresh(clk.Now()))
		}
		clk.Advance(48 * time.Hour)
		if _, _, err := other.GetCounted(ctx, "78701_sfr"); !errors.Is(err, cache.ErrNotFound) {
			t.Fatalf("past the stale window: %v, want ErrNotFound", err)
		}
	})
}

func TestTieredOlderFetchNeverOverwritesNewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		a := newTiered(t, b, cache.KindListing, clk, nil)
		newer := item(t0.Add(time.Minute), time.Hour, listing{ZIP: "newer"})
		older := item(t0, time.Hour, listing{ZIP: "older"})
		if ok, err := a.Set(ctx, "k", newer); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if ok, err := a.Set(ctx, "k", older); ok || err != nil {
			t.Fatalf("older write: written=%v err=%v; want refused", ok, err)
		}
		fresh := newTiered(t, b, cache.KindListing, clk, nil)
		if it, _, _ := fresh.GetCounted(ctx, "k"); it == nil || it.Value.ZIP != "newer" {
			t.Fatalf("L2 holds %+v, want the newer value", it)
		}
	})
}

func TestTieredCorruptAndOldSchemaEntriesAreCountedNotFatal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		st := &cache.Stats{}
		a := newTiered(t, b, cache.KindListing, clk, st)
		// Write a good entry, then corrupt it in L2 through the store.
		a.Set(ctx, "bad", item(t0, time.Hour, listing{ZIP: "x"}))
		good, _ := b.Store.Get(ctx, cache.KindListing, b.NS+"bad")
		corrupt := append(append([]byte(nil), good[:cache.HeaderLen]...), 0xc1, 0xff, 0x00)
		oldSchema := binary.AppendUvarint(append([]byte(nil), good[:cache.HeaderLen]...), cache.SchemaVersion+1)
		oldSchema = cache.AppendString(oldSchema, "attom")
		oldSchema = append(oldSchema, good[cache.HeaderLen+7:]...) // a body of the right shape, under another schema
		rawPut(t, b, "bad", corrupt)
		rawPut(t, b, "garbage", []byte("not even a header, but long enough to pass the length check...."))
		rawPut(t, b, "old", oldSchema)
		r := newTiered(t, b, cache.KindListing, clk, st)
		for _, k := range []string{"bad", "garbage", "old"} {
			if _, _, err := r.GetCounted(ctx, k); !errors.Is(err, cache.ErrCorrupt) {
				t.Fatalf("%s: %v, want ErrCorrupt", k, err)
			}
		}
		if st.Snapshot().Corrupt != 3 {
			t.Fatalf("corrupt count %d, want 3", st.Snapshot().Corrupt)
		}
		// A good write replaces the unreadable entry (no stuck key).
		if ok, err := r.Set(ctx, "garbage", item(t0, time.Hour, listing{ZIP: "fixed"})); !ok || err != nil {
			t.Fatalf("overwrite of unreadable entry: %v %v", ok, err)
		}
	})
}

// rawPut stores bytes as they are, bypassing the cache's encoding, as a bug
// or an older release could have left them.
func rawPut(t *testing.T, b storetest.Backend, key string, val []byte) {
	t.Helper()
	ctx := context.Background()
	if rs, ok := b.Store.(*redisstore.Store); ok {
		if err := rs.Client().Set(ctx, b.NS+key, val, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
		return
	}
	b.Store.Delete(ctx, cache.KindListing, b.NS+key)
	if ok, err := b.Store.SetIfNewer(ctx, cache.KindListing, b.NS+key, val, time.Hour); !ok || err != nil {
		t.Fatal(ok, err)
	}
}

func TestIndexAnswersMarketAndPriceQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		err := b.Store.IndexPut(ctx, []cache.IndexEntry{
			{Market: "hot", Price: 350_000, ID: "1"}, {Market: "hot", Price: 450_000, ID: "2"},
			{Market: "hot", Price: 150_000, ID: "3"}, {Market: "stable", Price: 100_000, ID: "4"},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids, err := b.Store.IndexQuery(ctx, "hot", 400_000, 10)
		if err != nil || len(ids) != 2 || ids[0] != "3" || ids[1] != "1" {
			t.Fatalf("hot under 400k: %v %v; want [3 1] (cheapest first)", ids, err)
		}
		// A record that changes price moves in the index (embedded) or is
		// filtered by the reader and removed by cleanup (Redis).
		if err := b.Store.IndexRemove(ctx, "hot", "1"); err != nil {
			t.Fatal(err)
		}
		if ids, _ := b.Store.IndexQuery(ctx, "hot", 400_000, 10); len(ids) != 1 {
			t.Fatalf("after remove: %v", ids)
		}
		n, err := cache.CleanupIndex(ctx, b.Store, func(m, id string) bool { return id != "4" })
		if err != nil || n != 1 {
			t.Fatalf("index cleanup removed %d, %v; want 1", n, err)
		}
		if ids, _ := b.Store.IndexQuery(ctx, "stable", 1e9, 10); len(ids) != 0 {
			t.Fatalf("dangling member survived: %v", ids)
		}
	})
}

func TestCleanupRemovesExpiredAndDanglingAndInspectCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(t0)
		a := newTiered(t, b, cache.KindMarket, clk, nil)
		a.Set(ctx, "fresh", item(t0, 10*time.Hour, listing{}))
		a.Set(ctx, "near", item(t0, 3*time.Hour, listing{}))
		a.Set(ctx, "old", &cache.Item[listing]{FetchedAt: t0, FreshUntil: t0.Add(10 * time.Minute), StaleUntil: t0.Add(time.Hour)})
		clk.Advance(90 * time.Minute)
		h, err := cache.Inspect(ctx, b.Store, clk.Now())
		if err != nil || h.Entries != 2 || h.Valid != 2 || h.NearExpiry != 1 {
			t.Fatalf("inspect %+v %v; want 2 entries, 2 valid, 1 near expiry", h, err)
		}
		if h.Efficiency() != 1 || h.StaleRatio() != 0.5 {
			t.Fatalf("efficiency %v, stale ratio %v", h.Efficiency(), h.StaleRatio())
		}
		rep, err := cache.Cleanup(ctx, b.Store, cache.KindMarket, clk.Now())
		if err != nil || rep.Expired != 1 {
			t.Fatalf("cleanup %+v %v; want 1 expired", rep, err)
		}
		if raw, err := b.Store.Get(ctx, cache.KindMarket, b.NS+"old"); !errors.Is(err, cache.ErrNotFound) {
			t.Fatalf("expired entry still stored: %q %v", raw, err)
		}
	})
}

func TestRedisMaintenanceIndexMemberWithoutKeyIsDangling(t *testing.T) {
	b := storetest.Redis(t)
	ctx := context.Background()
	clk := storetest.NewClock(t0)
	a := newTiered(t, b, cache.KindRecord, clk, nil)
	a.Set(ctx, "prop_1", item(t0, time.Hour, listing{}))
	rdb := b.Store.(*redisstore.Store).Client()
	rdb.Del(ctx, b.NS+"prop_1") // the key expired in Redis; its index member remains
	rep, err := cache.Cleanup(ctx, b.Store, cache.KindRecord, clk.Now())
	if err != nil || rep.Dangling != 1 {
		t.Fatalf("cleanup %+v %v; want 1 dangling", rep, err)
	}
	if n, _ := rdb.ZCard(ctx, b.NS+"idx:fresh:record").Result(); n != 0 {
		t.Fatalf("index still has %d members", n)
	}
}

func TestUnreachableRedisFailsClosedAndReadsAsMiss(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 200 * time.Millisecond, MaxRetries: -1})
	s := redisstore.New(rdb, "rbtest:down:", clock.Real)
	defer s.Close()
	l := quota.NewLedger(storetest.Counters(t, s), "rbtest:down:", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, time.Now)
	if _, err := l.Reserve(context.Background(), ""); !errors.Is(err, quota.ErrLedgerDown) {
		t.Fatalf("reserve: %v, want ErrLedgerDown", err)
	}
	st := &cache.Stats{}
	c, _ := cache.NewTiered[listing](cache.KindListing, s, cache.Options{Stats: st, Logger: slog.New(slog.DiscardHandler)})
	defer c.Close()
	if _, _, err := c.GetCounted(context.Background(), "k"); err == nil || errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("get: %v, want an L2 error", err)
	}
	if st.Snapshot().L2Errors != 1 {
		t.Fatalf("L2 errors %d, want 1", st.Snapshot().L2Errors)
	}
}
