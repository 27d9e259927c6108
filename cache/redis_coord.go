package cache

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// demandTTL keeps a day's demand counts long enough for a weekly look back.
const demandTTL = 15 * 24 * time.Hour

// Claim implements Store with SET NX PX, shared by every replica.
func (s *RedisStore) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	return s.rdb.SetNX(ctx, s.ns+"claim:"+key, time.Now().UTC().Format(time.RFC3339), ttl).Result()
}

// Unclaim implements Store.
func (s *RedisStore) Unclaim(ctx context.Context, key string) error {
	return s.rdb.Del(ctx, s.ns+"claim:"+key).Err()
}

// AddDemand implements Store: one sorted set per day.
func (s *RedisStore) AddDemand(ctx context.Context, day string, counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	key := s.ns + "demand:" + day
	pipe := s.rdb.Pipeline()
	for member, n := range counts {
		pipe.ZIncrBy(ctx, key, float64(n), member)
	}
	pipe.Expire(ctx, key, demandTTL)
	_, err := pipe.Exec(ctx)
	return err
}

// Demand implements Store.
func (s *RedisStore) Demand(ctx context.Context, days []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, day := range days {
		zs, err := s.rdb.ZRangeWithScores(ctx, s.ns+"demand:"+day, 0, -1).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, err
		}
		for _, z := range zs {
			out[z.Member.(string)] += int64(z.Score)
		}
	}
	return out, nil
}

// Lease implements Store: SET NX PX with a random token, released by the
// compare-and-delete script, so a lease that expired and was taken by
// another replica is never deleted by the first holder.
func (s *RedisStore) Lease(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	token := strconv.FormatUint(rand.Uint64(), 36)
	k := s.ns + "lease:" + key
	ok, err := s.rdb.SetNX(ctx, k, token, ttl).Result()
	if err != nil || !ok {
		return nil, false, err
	}
	return func() { unlock.Run(context.WithoutCancel(ctx), s.rdb, []string{k}, token) }, true, nil
}

func (s *RedisStore) channel() string { return s.ns + "invalidate" }

func (s *RedisStore) publish(ctx context.Context, msg string) error {
	return s.rdb.Publish(ctx, s.channel(), msg).Err()
}

// subscribe delivers the channel's messages to fn until ctx ends; go-redis
// resubscribes by itself after a lost connection.
func (s *RedisStore) subscribe(ctx context.Context, ready func(), fn func(string)) error {
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
