// Package storetest gives tests the project's real L2 backends, in the style
// of net/http/httptest: a Redis store in its own key namespace on the Redis
// server of REDIS_URL (default redis://127.0.0.1:6379/0), and an embedded
// store in a temporary directory, plus a settable clock.
package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/clock"
	"realtybot/store"
	"realtybot/store/boltstore"
	"realtybot/store/redisstore"
)

// DefaultRedisURL is used when REDIS_URL is not set.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// Backend is one L2 backend under test.
type Backend struct {
	Name string
	NS   string // key namespace of this test
	// Open returns a new store over the same data: a restart.
	Open  func(t testing.TB) store.Backend
	Store store.Backend
}

// RedisURL returns the Redis server tests use.
func RedisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return DefaultRedisURL
}

// Redis returns a Redis backend with a namespace of its own, removed when the
// test ends. A test fails, rather than skips, when no Redis answers: the
// Redis-backed tests are part of what proves the product.
func Redis(t testing.TB) Backend { t.Helper(); return RedisOn(t, clock.Real) }

// RedisOn is Redis with its claims, leases and inbox on clk.
func RedisOn(t testing.TB, clk clock.Clock) Backend {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	ns := fmt.Sprintf("rbtest:%x:", rand.Uint64())
	open := func(t testing.TB) store.Backend {
		rdb := redis.NewClient(opt)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := rdb.Ping(ctx).Err(); err != nil {
			t.Fatalf("Redis-backed test needs a Redis server at %s (%v): start one with `redis-server --daemonize yes`, or run .ci/run, which does", opt.Addr, err)
		}
		s := redisstore.New(rdb, ns, clk)
		t.Cleanup(func() { s.Close() })
		return s
	}
	b := Backend{Name: "redis", NS: ns, Open: open, Store: open(t)}
	t.Cleanup(func() {
		rdb := redis.NewClient(opt)
		defer rdb.Close()
		redisstore.DropNamespace(context.Background(), rdb, ns)
	})
	return b
}

// Bolt returns an embedded backend in a temporary directory. Open closes the
// current store first, as a restarted process would find it.
func Bolt(t testing.TB) Backend { t.Helper(); return BoltOn(t, clock.Real) }

// BoltOn is Bolt with its claims, leases and inbox on clk.
func BoltOn(t testing.TB, clk clock.Clock) Backend {
	t.Helper()
	dir := t.TempDir()
	var mu sync.Mutex
	var cur store.Backend
	open := func(t testing.TB) store.Backend {
		mu.Lock()
		defer mu.Unlock()
		if cur != nil {
			cur.Close()
		}
		s, err := boltstore.Open(dir, clk)
		if err != nil {
			t.Fatalf("opening the embedded store: %v", err)
		}
		cur = s
		t.Cleanup(func() { s.Close() })
		return s
	}
	return Backend{Name: "embedded", NS: "rb:v1:", Open: open, Store: open(t)}
}

// Each runs fn as a subtest on both backends.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Run("redis", func(t *testing.T) { fn(t, Redis(t)) })
	t.Run("embedded", func(t *testing.T) { fn(t, Bolt(t)) })
}

// Clock is a settable clock for TTLs and quotas.
type Clock = clock.Manual

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return clock.NewManual(t) }
