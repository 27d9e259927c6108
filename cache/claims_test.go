package cache_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"realtybot/cache"
	"realtybot/cache/cachetest"
)

// The embedded store forgets expired claims as new ones come (watch
// notifications take one per chat and change), keeping the live ones.
func TestEmbeddedClaimsAreSweptWhenExpired(t *testing.T) {
	ctx := context.Background()
	s := cachetest.Bolt(t).Store.(*cache.BoltStore)
	for i := range 400 {
		if ok, err := s.Claim(ctx, fmt.Sprintf("old:%d", i), -time.Second); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	for i := range 200 {
		if ok, err := s.Claim(ctx, fmt.Sprintf("live:%d", i), time.Hour); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	n := 0
	s.View(func(tx *bolt.Tx) error { n = tx.Bucket([]byte("claims")).Stats().KeyN; return nil })
	if n > 200+256 {
		t.Fatalf("%d claims kept; the expired ones were not swept", n)
	}
	if ok, _ := s.Claim(ctx, "live:7", time.Hour); ok {
		t.Fatal("a live claim was swept")
	}
}
