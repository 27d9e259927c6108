package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"realtybot/store/boltstore"
	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

// The embedded store forgets expired claims as new ones come (watch
// notifications take one per chat and change), keeping the live ones.
func TestEmbeddedClaimsAreSweptWhenExpired(t *testing.T) {
	ctx := context.Background()
	s := storetest.Bolt(t).Store.(*boltstore.Store)
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

// Claims and leases written by an older version (an RFC 3339 time, a bare
// token) are held until Redis expires them: an upgrade never runs a task
// twice or lets two replicas fetch one key.
func TestOlderClaimsAndLeasesAreHeld(t *testing.T) {
	b := storetest.Redis(t)
	rs := b.Store.(*redisstore.Store)
	ctx := context.Background()
	rdb := rs.Client()
	rdb.Set(ctx, b.NS+"claim:sched:expire:2026-11-29T03:00:00Z", "2026-11-29T03:00:01Z", time.Hour)
	rdb.Set(ctx, b.NS+"lease:fetch:78701_sfr", "3k2j9x0q1w", time.Minute)
	if ok, err := rs.Claim(ctx, "sched:expire:2026-11-29T03:00:00Z", time.Hour); ok || err != nil {
		t.Fatalf("an older claim was taken again: %v %v", ok, err)
	}
	if _, ok, err := rs.Lease(ctx, "fetch:78701_sfr", time.Minute); ok || err != nil {
		t.Fatalf("an older lease was taken again: %v %v", ok, err)
	}
}
