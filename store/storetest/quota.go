package storetest

import (
	"testing"

	"realtybot/cache"
	"realtybot/quota"
	"realtybot/store"
	"realtybot/store/boltstore"
	"realtybot/store/redisstore"
)

// Counters returns the quota counters kept in a test's store, as app puts
// them there: in Redis beside the cache, or in the embedded file.
func Counters(t testing.TB, s store.Backend) quota.Counters {
	t.Helper()
	switch s := s.(type) {
	case *redisstore.Store:
		return quota.InRedis(s.Client())
	case *boltstore.Store:
		c, err := quota.InBolt(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Fatalf("storetest: no quota counters in a %T", s)
	return nil
}

// PubSub returns the invalidation channel of a test's store, as app hands
// it to the cache's bus: Redis's, or nil for the embedded store.
func PubSub(s store.Backend) cache.PubSub {
	if rs, ok := s.(*redisstore.Store); ok {
		return rs
	}
	return nil
}
