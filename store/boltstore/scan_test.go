package boltstore

import (
	"context"
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"realtybot/cache"
	"realtybot/clock"
)

// A scan walks a big bucket a page at a time and still visits every entry
// once, while its callback deletes entries (the cleanup does).
func TestAPagedScanVisitsEveryEntryOnce(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), clock.Real)
	const n = 2*scanPage + 123
	val := append(make([]byte, cache.HeaderLen), 'x')
	s.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(entryBucket(cache.KindRecord))
		for i := range n {
			b.Put(fmt.Appendf(nil, "k%06d", i), val)
		}
		return nil
	})
	seen := map[string]int{}
	err := s.Scan(ctx, cache.KindRecord, func(key string, _ cache.Header, _ bool) bool {
		seen[key]++
		if len(seen)%2 == 0 {
			s.Delete(ctx, cache.KindRecord, key)
		}
		return true
	})
	if err != nil || len(seen) != n {
		t.Fatalf("visited %d of %d: %v", len(seen), n, err)
	}
	for k, c := range seen {
		if c != 1 {
			t.Fatalf("%s visited %d times", k, c)
		}
	}
}
