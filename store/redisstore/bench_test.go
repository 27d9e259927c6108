package redisstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/cache"
	"realtybot/clock"
)

// The health numbers (/usage, /metrics, the minute's health check) from the
// counts kept as entries change, against the scan they replaced, at 1k, 10k
// and 100k entries on both stores; and the daily cleanup of 100k expired
// entries on Redis.
//
//	go test -run XXX -bench 'Health|DailyCleanup' -benchtime 20x ./store/redisstore
func BenchmarkHealth(b *testing.B) {
	for _, backend := range []string{"redis"} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			s := filled(b, backend, n, time.Now().Add(24*time.Hour))
			now := time.Now()
			b.Run(fmt.Sprintf("%s/%dk/counts", backend, n/1000), func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Counts(context.Background(), now); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/%dk/scan", backend, n/1000), func(b *testing.B) {
				for b.Loop() {
					if _, err := cache.Inspect(context.Background(), s, now); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDailyCleanupRedis100k is the daily cleanup of 100,000 entries
// whose storage ended (Expire: the keys read from the storage index, the
// values and both indexes' members removed), beside the bare baseline of
// the same work's core: one ZRANGEBYSCORE and pipelined DELs, 1,000 a
// round trip.
func BenchmarkDailyCleanupRedis100k(b *testing.B) {
	b.Run("realtybot", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := filled(b, "redis", 100_000, time.Now().Add(-time.Minute)) // every entry's storage ended
			b.StartTimer()
			gone, err := s.Expire(context.Background(), cache.KindRecord, time.Now())
			if err != nil || len(gone) != 100_000 {
				b.Fatalf("expired %d, %v", len(gone), err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		ctx := context.Background()
		for b.Loop() {
			b.StopTimer()
			s := filled(b, "redis", 100_000, time.Now().Add(-time.Minute))
			b.StartTimer()
			keys, err := s.rdb.ZRangeByScore(ctx, s.staleIdx(cache.KindRecord), &redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(time.Now().UnixMilli(), 10)}).Result()
			if err != nil || len(keys) != 100_000 {
				b.Fatalf("read %d, %v", len(keys), err)
			}
			for len(keys) > 0 {
				pipe := s.rdb.Pipeline()
				for _, k := range keys[:min(len(keys), 1000)] {
					pipe.Del(ctx, k)
				}
				keys = keys[min(len(keys), 1000):]
				if _, err := pipe.Exec(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// filled is a store holding n record entries whose storage ends by end,
// written in bulk (the state SetIfNewer leaves, without n round trips).
func filled(b *testing.B, _ string, n int, end time.Time) *Store {
	b.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	val := func(i int) (string, []byte, cache.Header) {
		fresh := end.Add(-time.Duration(rng.IntN(48*60)) * time.Minute)
		h := cache.Header{FetchedAt: fresh.Add(-24 * time.Hour), FreshUntil: fresh, StaleUntil: end.Add(time.Duration(rng.IntN(60)) * time.Second)}
		return fmt.Sprintf("prop_%d", i), append(h.AppendTo(nil), make([]byte, 400)...), h
	}
	url := os.Getenv("REDIS_URL") // as every Redis-backed test and benchmark (storetest.RedisURL)
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		b.Fatalf("REDIS_URL: %v", err)
	}
	rdb := redis.NewClient(opt)
	ns := fmt.Sprintf("rbbench:%x:", rand.Uint64())
	b.Cleanup(func() { DropNamespace(context.Background(), rdb, ns); rdb.Close() })
	s := New(rdb, ns, clock.Real)
	ctx := context.Background()
	for start := 0; start < n; start += 1000 {
		pipe := rdb.Pipeline()
		for i := start; i < min(n, start+1000); i++ {
			k, v, h := val(i)
			pipe.Set(ctx, ns+k, v, 0)
			pipe.ZAdd(ctx, s.freshIdx(cache.KindRecord), redis.Z{Score: float64(h.FreshUntil.UnixMilli()), Member: ns + k})
			pipe.ZAdd(ctx, s.staleIdx(cache.KindRecord), redis.Z{Score: float64(h.StaleUntil.UnixMilli()), Member: ns + k})
		}
		if _, err := pipe.Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
