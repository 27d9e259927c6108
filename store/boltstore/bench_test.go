package boltstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"realtybot/cache"
	"realtybot/clock"
)

// The health numbers (/usage, /metrics, the minute's health check) from the
// counts kept as entries change, against the scan they replaced, at 1k, 10k
// and 100k entries on both stores; and the daily cleanup of 100k expired
// entries on Redis.
//
//	go test -run XXX -bench 'Health|DailyCleanup' -benchtime 20x ./store/boltstore
func BenchmarkHealth(b *testing.B) {
	for _, backend := range []string{"embedded"} {
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
	dir, _ := os.MkdirTemp("", "rb-bench-")
	b.Cleanup(func() { os.RemoveAll(dir) })
	s, err := Open(dir, clock.Real)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	err = s.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(entryBucket(cache.KindRecord))
		for i := range n {
			k, v, h := val(i)
			if err := bk.Put([]byte(k), v); err != nil {
				return err
			}
			s.tally[cache.KindRecord].put(k, h, true)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}
