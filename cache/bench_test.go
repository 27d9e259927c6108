package cache_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dgraph-io/ristretto/v2"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/cache/cachetest"
	"realtybot/market"
)

// sampleListing is a real listing value of n records (estimates of the mock
// generator, renumbered), the shape every L2 hit decodes.
func sampleListing(b *testing.B, n int) market.Listing {
	bk := cachetest.Bolt(b)
	svc, err := market.New(market.Config{Store: bk.Store, Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	l, _, err := svc.Search(context.Background(), "78701", attom.SFR)
	if err != nil {
		b.Fatal(err)
	}
	out := *l
	out.Records = nil
	for i := range n {
		r := l.Records[i%len(l.Records)]
		r.ID = fmt.Sprint(100_078_701_000 + i)
		out.Records = append(out.Records, r)
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
	bk := cachetest.Bolt(b)
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
			if _, tier, err := c.Get(ctx, "78701_sfr"); err != nil || tier != cache.TierL1 {
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
// fill) with a bare go-redis GET of the same bytes, same run, for a listing
// of one reply's size and for a full live page.
func BenchmarkL2Hit(b *testing.B) {
	ctx := context.Background()
	bk := cachetest.Redis(b)
	c, err := cache.NewTiered[market.Listing](cache.KindListing, bk.Store, cache.Options{Namespace: bk.NS})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	rdb := bk.Store.(*cache.RedisStore).Client()
	for _, n := range []int{8, 100} {
		key := fmt.Sprintf("78701_sfr_%d", n)
		c.Set(ctx, key, sampleItem(sampleListing(b, n)))
		raw, err := rdb.Get(ctx, bk.NS+key).Bytes()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("records=%d/tiered", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := c.GetL2(ctx, key); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(raw)), "bytes")
		})
		b.Run(fmt.Sprintf("records=%d/go-redis-GET", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rdb.Get(ctx, bk.NS+key).Bytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// plainListing and plainRecord mirror market.Listing and market.Record field
// for field, without their binary methods, which msgpack would otherwise
// pick up: the generic codecs see the same data through reflection.
type plainRecord struct {
	ID       string
	Estimate bool
	Basic    market.Basic
	Market   market.MarketSnapshot
	Analysis market.Analysis
	Score    market.Score
}

type plainListing struct {
	ZIP     string
	Type    attom.PropertyType
	Total   int
	GeoIDV4 string
	Records []plainRecord
}

// BenchmarkCodec measures the size and the decode and encode time of the
// three codecs on the same 100-record listing.
func BenchmarkCodec(b *testing.B) {
	v := sampleListing(b, 100)
	plain := plainListing{ZIP: v.ZIP, Type: v.Type, Total: v.Total, GeoIDV4: v.GeoIDV4}
	for _, r := range v.Records {
		plain.Records = append(plain.Records, plainRecord(r))
	}
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
