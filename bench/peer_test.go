package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rediscache "github.com/go-redis/cache/v9"
	"github.com/redis/go-redis/v9"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/cache"
	"realtybot/market"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

// listing is the value both caches hold: a real 100-item search result.
func listing(b *testing.B) market.Listing {
	bk := storetest.Bolt(b)
	svc, err := market.New(market.Config{Store: bk.Store, Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	l, _, _ := svc.Search(context.Background(), "78701", realty.SFR)
	out := *l
	out.Items = nil
	for i := range 100 {
		it := l.Items[i%len(l.Items)]
		it.ID, it.Estimate = fmt.Sprint(100_078_701_000+i), false
		out.Items = append(out.Items, it)
	}
	return out
}

func peer(rdb *redis.Client, local bool) *rediscache.Cache {
	o := &rediscache.Options{Redis: rdb}
	if local {
		o.LocalCache = rediscache.NewTinyLFU(10_000, time.Hour)
	}
	return rediscache.New(o)
}

func tiered(b *testing.B, bk storetest.Backend) *cache.Tiered[market.Listing] {
	c, err := cache.NewTiered[market.Listing](cache.KindListing, bk.Store, cache.Options{Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	return c
}

func item(v market.Listing) *cache.Item[market.Listing] {
	now := time.Now()
	return &cache.Item[market.Listing]{Value: v, Source: "attom", FetchedAt: now, FreshUntil: now.Add(time.Hour), StaleUntil: now.Add(2 * time.Hour)}
}

// BenchmarkL1Hit: a hit in memory, same value and key, both caches.
func BenchmarkL1Hit(b *testing.B) {
	ctx := context.Background()
	bk := storetest.Redis(b)
	rdb := bk.Store.(*redisstore.Store).Client().(*redis.Client)
	v := listing(b)
	ours := tiered(b, bk)
	ours.Set(ctx, "78701_sfr", item(v))
	ours.Wait()
	theirs := peer(rdb, true)
	key := bk.NS + "peer:78701_sfr"
	if err := theirs.Set(&rediscache.Item{Ctx: ctx, Key: key, Value: plain(v), TTL: time.Hour}); err != nil {
		b.Fatal(err)
	}
	b.Run("realtybot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, tier, err := ours.GetCounted(ctx, "78701_sfr"); err != nil || tier != cache.TierL1 {
				b.Fatal(tier, err)
			}
		}
	})
	b.Run("go-redis-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out plainListing
			if err := theirs.Get(ctx, key, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkL2Hit: a read from Redis, decoded, same value, both caches (the
// peer without its local cache, ours through PeekL2, which skips L1).
func BenchmarkL2Hit(b *testing.B) {
	ctx := context.Background()
	bk := storetest.Redis(b)
	rdb := bk.Store.(*redisstore.Store).Client().(*redis.Client)
	v := listing(b)
	ours := tiered(b, bk)
	ours.Set(ctx, "78701_sfr", item(v))
	theirs := peer(rdb, false)
	key := bk.NS + "peer:78701_sfr"
	theirs.Set(&rediscache.Item{Ctx: ctx, Key: key, Value: plain(v), TTL: time.Hour})
	b.Run("realtybot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := ours.ReadL2(ctx, "78701_sfr"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-redis-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out plainListing
			if err := theirs.Get(ctx, key, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStampede: 1000 concurrent cold requests for one key spread over 3
// instances on one Redis; upstream-calls is what reached the upstream (a
// 50 ms fake ATTOM) per round. Run it with -benchtime 3x: each round builds
// three instances.
func BenchmarkStampede(b *testing.B) {
	srv := attomtest.NewServer()
	defer srv.Close()
	srv.SetLatency(50 * time.Millisecond)
	b.Run("realtybot", func(b *testing.B) {
		var calls int64
		for b.Loop() {
			bk := storetest.Redis(b)
			before := srv.Calls()
			var svcs []*market.Service
			for i := range 3 {
				store := bk.Store
				if i > 0 {
					store = bk.Open(b)
				}
				led := quota.NewLedger(storetest.Counters(b, store), bk.NS, quota.Limits{Daily: 1000, Monthly: 100000}, time.Now)
				svc, err := market.New(market.Config{Store: store, Namespace: bk.NS, Quota: led, DefaultType: market.Hot,
					Upstream: attom.New(srv.URL, attomtest.Key, attom.WithLedger(led), attom.WithRateLimit(1e6, 1000))})
				if err != nil {
					b.Fatal(err)
				}
				defer svc.Close()
				svcs = append(svcs, svc)
			}
			var wg sync.WaitGroup
			for i := range 1000 {
				wg.Go(func() { svcs[i%3].Search(context.Background(), "78701", realty.SFR) })
			}
			wg.Wait()
			calls += srv.Calls() - before
		}
		b.ReportMetric(float64(calls)/float64(b.N), "upstream-calls/op")
	})
	b.Run("go-redis-cache", func(b *testing.B) {
		var calls atomic.Int64
		v := listing(b)
		for b.Loop() {
			bk := storetest.Redis(b)
			rdb := bk.Store.(*redisstore.Store).Client().(*redis.Client)
			var caches []*rediscache.Cache
			for range 3 {
				c := redis.NewClient(rdb.Options())
				defer c.Close()
				caches = append(caches, peer(c, true))
			}
			var wg sync.WaitGroup
			for i := range 1000 {
				wg.Go(func() {
					var out plainListing
					caches[i%3].Once(&rediscache.Item{Ctx: context.Background(), Key: bk.NS + "78701_sfr", Value: &out, TTL: time.Hour,
						Do: func(*rediscache.Item) (any, error) {
							calls.Add(1)
							time.Sleep(50 * time.Millisecond)
							return plain(v), nil
						}})
				})
			}
			wg.Wait()
		}
		b.ReportMetric(float64(calls.Load())/float64(b.N), "upstream-calls/op")
	})
}

// plainListing is market.Listing without its binary methods, for msgpack.
type plainListing market.Listing

func plain(v market.Listing) plainListing { return plainListing(v) }
