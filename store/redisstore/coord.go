package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"realtybot/store"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// claim takes KEYS[1] unless it holds an end (unix ms on the claimers'
// clock, before any ":token") later than now (ARGV[1]); it then holds
// ARGV[3]. A value without a readable end (an older version's) is held
// until Redis expires it.
var claim = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v then
  local held = tonumber(string.match(v, '^(%d+)$') or string.match(v, '^(%d+):'))
  if not held or held > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
return 1`)

// Claim implements Store, shared by every replica. The claim ends on the
// store's clock (the one clock), so a test that moves the clock past it
// sees it end; Redis's own expiry only collects the key.
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	now := s.clk.Now().UnixMilli()
	ms := max(ttl.Milliseconds(), 1)
	n, err := claim.Run(ctx, s.rdb, []string{s.ns + "claim:" + key}, now, ms, now+ms).Int()
	return n == 1, err
}

// Unclaim implements Store.
func (s *Store) Unclaim(ctx context.Context, key string) error {
	return s.rdb.Del(ctx, s.ns+"claim:"+key).Err()
}

// AddTally implements Store: one sorted set per tally and day, ns+name:day.
func (s *Store) AddTally(ctx context.Context, name, day string, counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	key := s.ns + name + ":" + day
	pipe := s.rdb.Pipeline()
	for member, n := range counts {
		pipe.ZIncrBy(ctx, key, float64(n), member)
	}
	pipe.Expire(ctx, key, store.TallyKeptFor)
	_, err := pipe.Exec(ctx)
	return err
}

// Tally implements Store.
func (s *Store) Tally(ctx context.Context, name string, days []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, day := range days {
		zs, err := s.rdb.ZRangeWithScores(ctx, s.ns+name+":"+day, 0, -1).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, err
		}
		for _, z := range zs {
			out[z.Member.(string)] += int64(z.Score)
		}
	}
	return out, nil
}

// Lease implements Store: the claim script with its end and a random
// token, released by the compare-and-delete script, so a lease that
// expired and was taken by another replica is never deleted by the first
// holder.
func (s *Store) Lease(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	now := s.clk.Now().UnixMilli()
	ms := max(ttl.Milliseconds(), 1)
	token := strconv.FormatInt(now+ms, 10) + ":" + strconv.FormatUint(rand.Uint64(), 36)
	k := s.ns + "lease:" + key
	n, err := claim.Run(ctx, s.rdb, []string{k}, now, ms, token).Int()
	if err != nil || n != 1 {
		return nil, false, err
	}
	return func() { unlock.Run(context.WithoutCancel(ctx), s.rdb, []string{k}, token) }, true, nil
}

func (s *Store) channel() string { return s.ns + "invalidate" }

// Publish implements cache.PubSub: L1 invalidations to other replicas.
func (s *Store) Publish(ctx context.Context, msg string) error {
	return s.rdb.Publish(ctx, s.channel(), msg).Err()
}

// Subscribe implements cache.PubSub: it delivers the channel's messages to fn until ctx ends; go-redis
// resubscribes by itself after a lost connection.
func (s *Store) Subscribe(ctx context.Context, ready func(), fn func(string)) error {
	ps := s.rdb.Subscribe(ctx, s.channel())
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil {
		return fmt.Errorf("cache: subscribing to invalidations: %w", err)
	}
	if ready != nil {
		ready()
	}
	ch := ps.Channel()
	for {
		select {
		case <-ctx.Done():
			return nil
		case m, ok := <-ch:
			if !ok {
				return nil
			}
			fn(m.Payload)
		}
	}
}
