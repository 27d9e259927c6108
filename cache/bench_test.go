package cache_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dgraph-io/ristretto/v2"

	"realtybot/cache"
	"realtybot/market"
	"realtybot/realty"
	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

// sampleListing is a real listing value of n properties (estimates of the
// mock generator, renumbered), the shape every search's L2 hit decodes.
func sampleListing(b *testing.B, n int) market.Listing {
	bk := storetest.Bolt(b)
	svc, err := market.New(market.Config{Store: bk.Store, Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	l, _, err := svc.Search(context.Background(), "78701", realty.SFR)
	if err != nil {
		b.Fatal(err)
	}
	out := *l
	out.Items = nil
	for i := range n {
		it := l.Items[i%len(l.Items)]
		it.ID, it.Estimate = fmt.Sprint(100_078_701_000+i), false
		out.Items = append(out.Items, it)
	}
	return out
}

func sampleItem(v market.Listing) *cache.Item[market.Listing] {
	now := time.Now()
	return &cache.Item[market.Listing]{Value: v, Source: "attom", FetchedAt: now, FreshUntil: now.Add(time.Hour), StaleUntil: now.Add(2 * time.Hour)}
}

// BenchmarkL1Hit compares a cache hit in L1 with a bare ristretto Get of the
// same value, in the same run.
func BenchmarkL1Hit(b *testing.B) {
	ctx := context.Background()
	bk := storetest.Bolt(b)
	c, err := cache.NewTiered[market.Listing](cache.KindListing, bk.Store, cache.Options{Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	it := sampleItem(sampleListing(b, 100))
	c.Set(ctx, "78701_sfr", it)
	c.Wait()
	bare, _ := ristretto.NewCache(&ristretto.Config[string, *cache.Item[market.Listing]]{NumCounters: 1e5, MaxCost: 1e4, BufferItems: 64, IgnoreInternalCost: true})
	defer bare.Close()
	bare.SetWithTTL("78701_sfr", it, 1, time.Hour)
	bare.Wait()
	b.Run("tiered", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, tier, err := c.GetCounted(ctx, "78701_sfr"); err != nil || tier != cache.TierL1 {
				b.Fatal(tier, err)
			}
		}
	})
	b.Run("ristretto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := bare.Get("78701_sfr"); !ok {
				b.Fatal("miss")
			}
		}
	})
}

// BenchmarkL2Hit compares a cache read from Redis (GET, header, decode, L1
// fill) with a bare go-redis GET of the same bytes, same run, and with the
// floor between them (that GET, then the decode alone): a search listing of
// one reply's size and of a full live page, and one property record.
func BenchmarkL2Hit(b *testing.B) {
	bk := storetest.Redis(b)
	for _, n := range []int{8, 100} {
		c, err := cache.NewTiered[market.Listing](cache.KindListing, bk.Store, cache.Options{Namespace: bk.NS})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		l := sampleListing(b, n)
		benchL2(b, fmt.Sprintf("listing=%d", n), c, bk, "78701_sfr", &cache.Item[market.Listing]{Value: l})
	}
	c, err := cache.NewTiered[market.Record](cache.KindRecord, bk.Store, cache.Options{Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	benchL2(b, "record", c, bk, "prop_1", &cache.Item[market.Record]{Value: sampleRecord(b)})
}

func benchL2[V any](b *testing.B, name string, c *cache.Tiered[V], bk storetest.Backend, key string, it *cache.Item[V]) {
	ctx := context.Background()
	now := time.Now()
	it.Source, it.FetchedAt, it.FreshUntil, it.StaleUntil = "attom", now, now.Add(time.Hour), now.Add(2*time.Hour)
	if _, err := c.Set(ctx, key, it); err != nil {
		b.Fatal(err)
	}
	rdb := bk.Store.(*redisstore.Store).Client()
	raw, err := rdb.Get(ctx, bk.NS+key).Bytes()
	if err != nil {
		b.Fatal(err)
	}
	b.Run(name+"/tiered", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := c.GetL2(ctx, key); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(raw)), "bytes")
	})
	b.Run(name+"/go-redis-GET", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rdb.Get(ctx, bk.NS+key).Bytes(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The floor: the bare GET, then the entry decoded (no stats, no clock,
	// no L1 fill). What any L2 read that hands on a decoded value costs.
	b.Run(name+"/GET+decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			raw, err := rdb.Get(ctx, bk.NS+key).Bytes()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Decode(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// sampleRecord is a real denormalized property record.
func sampleRecord(b *testing.B) market.Record {
	bk := storetest.Bolt(b)
	svc, err := market.New(market.Config{Store: bk.Store, Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	l, _, _ := svc.Search(context.Background(), "78701", realty.SFR)
	r, _, err := svc.Property(context.Background(), l.Items[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	return *r
}

// plainListing is market.Listing without its binary methods (a defined type
// does not inherit methods), which msgpack would otherwise pick up: the
// generic codecs see the same data through reflection.
type plainListing market.Listing

// BenchmarkCodec measures the size and the decode and encode time of the
// three codecs on the same 100-record listing.
func BenchmarkCodec(b *testing.B) {
	v := sampleListing(b, 100)
	plain := plainListing(v)
	for _, codec := range []cache.Codec{cache.Binary{}, cache.Msgpack{}, cache.JSON{}} {
		var in, out any = v, &market.Listing{}
		if codec.Name() != "binary" {
			in, out = plain, &plainListing{}
		}
		raw, err := codec.Marshal(in)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(codec.Name()+"/decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := codec.Unmarshal(raw, out); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(raw)), "bytes")
		})
		b.Run(codec.Name()+"/encode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := codec.Marshal(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
