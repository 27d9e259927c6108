package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
	"unsafe"

	"github.com/redis/go-redis/v9"

	"realtybot/cache"
	"realtybot/clock"
)

// Store is the shared L2: entries, indexes, ledger and locks in Redis.
// It takes a go-redis UniversalClient, so a single server, Sentinel or Cluster
// all fit; keys one script touches share a hash tag.
type Store struct {
	rdb redis.UniversalClient
	ns  string
	clk clock.Clock // the time of claims and the inbox
}

// New wraps a client. ns prefixes every key (e.g. "rb:v1:"); clk
// is the time of its claims and inbox.
func New(rdb redis.UniversalClient, ns string, clk clock.Clock) *Store {
	return &Store{rdb: rdb, ns: ns, clk: clk}
}

// Client returns the underlying client (for pub/sub and leases).
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// setIfNewer compares the 16-hex-digit version prefix in two 8-digit halves,
// each exact as a Lua number; an unreadable current value is overwritten.
var setIfNewer = redis.NewScript(`
local cur = redis.call('GETRANGE', KEYS[1], 0, 15)
if #cur == 16 then
  local ch, cl = tonumber(string.sub(cur, 1, 8), 16), tonumber(string.sub(cur, 9, 16), 16)
  local nh, nl = tonumber(string.sub(ARGV[1], 1, 8), 16), tonumber(string.sub(ARGV[1], 9, 16), 16)
  if ch and cl and (ch > nh or (ch == nh and cl >= nl)) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`)

func (s *Store) freshIdx(k cache.Kind) string { return s.ns + "idx:fresh:" + string(k) }
func (s *Store) mktIdx(m string) string       { return s.ns + "idx:market:" + m }
func (s *Store) lockKey(k cache.Kind) string  { return s.ns + "lock:" + string(k) }

// Get implements Store.
func (s *Store) Get(ctx context.Context, _ cache.Kind, key string) ([]byte, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return nil, cache.ErrNotFound
	}
	// The reply's own memory, not a copy: nothing writes to a value read
	// (the cache decodes it, and decoded strings share it).
	return unsafe.Slice(unsafe.StringData(v), len(v)), err
}

// SetIfNewer implements Store. The maintenance index is updated after the
// write, outside the script, so the script touches one key (Cluster-safe);
// cleanup repairs an index member whose key is gone.
func (s *Store) SetIfNewer(ctx context.Context, kind cache.Kind, key string, val []byte, ttl time.Duration) (bool, error) {
	h, ok := cache.ParseHeader(val)
	if !ok {
		return false, fmt.Errorf("cache: refusing to store a value without a header")
	}
	n, err := setIfNewer.Run(ctx, s.rdb, []string{key}, val, max(ttl.Milliseconds(), 1)).Int()
	if err != nil || n == 0 {
		return false, err
	}
	pipe := s.rdb.TxPipeline()
	pipe.ZAdd(ctx, s.freshIdx(kind), redis.Z{Score: float64(h.FreshUntil.UnixMilli()), Member: key})
	pipe.ZAdd(ctx, s.staleIdx(kind), redis.Z{Score: float64(h.StaleUntil.UnixMilli()), Member: key})
	_, err = pipe.Exec(ctx)
	return true, err
}

// Delete implements Store, in pipelined batches of 1000 keys (one DEL per
// key, so Cluster slots do not matter).
func (s *Store) Delete(ctx context.Context, kind cache.Kind, keys ...string) error {
	return s.remove(ctx, kind, keys, true)
}

// remove deletes keys, 1,000 a round trip, and their members of both
// indexes when indexes says so (Expire drops those by range instead).
func (s *Store) remove(ctx context.Context, kind cache.Kind, keys []string, indexes bool) error {
	_, cluster := s.rdb.(*redis.ClusterClient)
	for len(keys) > 0 {
		batch := keys[:min(len(keys), 1000)]
		keys = keys[len(batch):]
		pipe := s.rdb.Pipeline()
		members := make([]any, len(batch))
		for i, k := range batch {
			members[i] = k
			if cluster { // keys of many slots: one DEL each
				pipe.Del(ctx, k)
			}
		}
		if !cluster {
			pipe.Del(ctx, batch...) // one command for the batch
		}
		if indexes {
			pipe.ZRem(ctx, s.freshIdx(kind), members...)
			pipe.ZRem(ctx, s.staleIdx(kind), members...)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

var unlock = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`)

// Lock implements Store with SET NX PX and a token, released by a
// compare-and-delete script so a lock that expired and was retaken by another
// replica is never deleted by the first holder.
func (s *Store) Lock(ctx context.Context, kind cache.Kind, ttl time.Duration) (func(), error) {
	token := strconv.FormatUint(rand.Uint64(), 36)
	for wait := 10 * time.Millisecond; ; wait = min(wait*2, time.Second) {
		ok, err := s.rdb.SetNX(ctx, s.lockKey(kind), token, ttl).Result()
		if err != nil {
			return nil, err
		}
		if ok {
			return func() { unlock.Run(context.WithoutCancel(ctx), s.rdb, []string{s.lockKey(kind)}, token) }, nil
		}
		if err := clock.Pause(ctx, wait); err != nil {
			return nil, fmt.Errorf("cache: waiting for the %s lock: %w", kind, err)
		}
	}
}

// Scan implements Store: it walks the storage index, which holds every
// stored key (the freshness index drops a key once its freshness ended),
// and reads each entry's header (GETRANGE, not the whole value).
func (s *Store) Scan(ctx context.Context, kind cache.Kind, fn func(string, cache.Header, bool) bool) error {
	return s.scanIdx(ctx, s.staleIdx(kind), fn)
}

func (s *Store) scanIdx(ctx context.Context, idx string, fn func(string, cache.Header, bool) bool) error {
	const chunk = 500
	for start := int64(0); ; start += chunk {
		keys, err := s.rdb.ZRange(ctx, idx, start, start+chunk-1).Result()
		if err != nil || len(keys) == 0 {
			return err
		}
		pipe := s.rdb.Pipeline()
		cmds := make([]*redis.StringCmd, len(keys))
		for i, k := range keys {
			cmds[i] = pipe.GetRange(ctx, k, 0, cache.HeaderLen-1)
		}
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		for i, k := range keys {
			h, ok := cache.ParseHeader([]byte(cmds[i].Val()))
			if !fn(k, h, ok) {
				return nil
			}
		}
		if len(keys) < chunk {
			return nil
		}
	}
}

// IndexPut implements Store.
func (s *Store) IndexPut(ctx context.Context, entries []cache.IndexEntry) error {
	pipe := s.rdb.Pipeline()
	for _, e := range entries {
		pipe.ZAdd(ctx, s.mktIdx(e.Market), redis.Z{Score: float64(e.Price), Member: e.ID})
		pipe.SAdd(ctx, s.ns+"idx:markets", e.Market)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// IndexQuery implements Store.
func (s *Store) IndexQuery(ctx context.Context, market string, maxPrice int64, limit int) ([]string, error) {
	return s.rdb.ZRangeByScore(ctx, s.mktIdx(market), &redis.ZRangeBy{
		Min: "0", Max: strconv.FormatInt(maxPrice, 10), Count: int64(limit)}).Result()
}

// IndexRemove implements Store.
func (s *Store) IndexRemove(ctx context.Context, market string, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	m := make([]any, len(ids))
	for i, id := range ids {
		m[i] = id
	}
	return s.rdb.ZRem(ctx, s.mktIdx(market), m...).Err()
}

// IndexScan implements Store.
func (s *Store) IndexScan(ctx context.Context, fn func(market, id string) bool) error {
	markets, err := s.rdb.SMembers(ctx, s.ns+"idx:markets").Result()
	if err != nil {
		return err
	}
	for _, m := range markets {
		ids, err := s.rdb.ZRange(ctx, s.mktIdx(m), 0, -1).Result()
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !fn(m, id) {
				return nil
			}
		}
	}
	return nil
}

// Ping implements Store.
func (s *Store) Ping(ctx context.Context) error { return s.rdb.Ping(ctx).Err() }

// Close implements Store.
func (s *Store) Close() error { return s.rdb.Close() }

// DropNamespace deletes every key under ns on one Redis node: what a
// finished simulation or test leaves behind.
func DropNamespace(ctx context.Context, rdb *redis.Client, ns string) error {
	iter := rdb.Scan(ctx, 0, ns+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := rdb.Del(ctx, iter.Val()).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
}
