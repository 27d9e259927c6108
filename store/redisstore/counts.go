package redisstore

import (
	"context"
	"realtybot/cache"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis keeps the health counts in two sorted sets per kind, updated with
// each write and delete: the maintenance index (scored by freshness end) and
// the storage index (scored by storage end). A count is three ZCOUNTs per
// kind, whatever the number of entries.

func (s *Store) staleIdx(k cache.Kind) string { return s.ns + "idx:stale:" + string(k) }

func (s *Store) corruptKey(k cache.Kind) string { return s.ns + "stats:corrupt:" + string(k) }

// Counts implements Entries.
func (s *Store) Counts(ctx context.Context, now time.Time) (cache.Health, error) {
	return s.counts(ctx, now, false)
}

// counts reads the counts; the first read of a store written before the
// storage index existed builds it once (rebuilt says that was done, so a
// store whose index members are all dangling is not rebuilt forever).
func (s *Store) counts(ctx context.Context, now time.Time, rebuilt bool) (cache.Health, error) {
	var h cache.Health
	ms := now.UnixMilli()
	nowS, nearS := "("+strconv.FormatInt(ms, 10), strconv.FormatInt(ms+cache.NearWindow.Milliseconds(), 10)
	pipe := s.rdb.Pipeline()
	type q struct{ entries, valid, far, cardF, cardS *redis.IntCmd }
	qs := make([]q, len(cache.Kinds))
	corrupt := make([]*redis.StringCmd, len(cache.Kinds))
	for i, k := range cache.Kinds {
		qs[i] = q{
			entries: pipe.ZCount(ctx, s.staleIdx(k), nowS, "+inf"),
			valid:   pipe.ZCount(ctx, s.freshIdx(k), nowS, "+inf"),
			far:     pipe.ZCount(ctx, s.freshIdx(k), nearS, "+inf"),
			cardF:   pipe.ZCard(ctx, s.freshIdx(k)),
			cardS:   pipe.ZCard(ctx, s.staleIdx(k)),
		}
		corrupt[i] = pipe.Get(ctx, s.corruptKey(k))
	}
	if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
		return h, err
	}
	for i, k := range cache.Kinds {
		if !rebuilt && qs[i].cardS.Val() == 0 && qs[i].cardF.Val() > 0 {
			if err := s.rebuildStaleIdx(ctx, k); err != nil {
				return h, err
			}
			return s.counts(ctx, now, true)
		}
		h.Entries += qs[i].entries.Val()
		h.Valid += qs[i].valid.Val()
		h.NearExpiry += qs[i].entries.Val() - qs[i].far.Val()
		n, _ := corrupt[i].Int64()
		h.Corrupt += n
	}
	return h, nil
}

func (s *Store) rebuildStaleIdx(ctx context.Context, k cache.Kind) error {
	var zs []redis.Z
	err := s.scanIdx(ctx, s.freshIdx(k), func(key string, h cache.Header, ok bool) bool {
		if ok {
			zs = append(zs, redis.Z{Score: float64(h.StaleUntil.UnixMilli()), Member: key})
		}
		return true
	})
	for len(zs) > 0 && err == nil {
		n := min(len(zs), 1000)
		err = s.rdb.ZAdd(ctx, s.staleIdx(k), zs[:n]...).Err()
		zs = zs[n:]
	}
	return err
}

// Expire implements Entries: the keys whose storage window ended are read
// from the storage index and deleted, 1,000 a command (Redis has usually
// expired the values already), then both indexes lose the range that
// ended, one command each: the storage index its expired keys, and the
// freshness index every key whose freshness ended (it counts only fresh
// entries; the storage index keeps the stale ones for scans). A range
// delete costs a quarter of removing the members one by one. An entry
// written again meanwhile ends later, outside the ranges, and stays.
func (s *Store) Expire(ctx context.Context, kind cache.Kind, now time.Time) ([]string, error) {
	upTo := strconv.FormatInt(now.UnixMilli(), 10)
	keys, err := s.rdb.ZRangeByScore(ctx, s.staleIdx(kind), &redis.ZRangeBy{Min: "-inf", Max: upTo}).Result()
	if err != nil {
		return nil, err
	}
	if err := s.remove(ctx, kind, keys, false); err != nil {
		return keys, err
	}
	pipe := s.rdb.Pipeline()
	pipe.ZRemRangeByScore(ctx, s.staleIdx(kind), "-inf", upTo)
	pipe.ZRemRangeByScore(ctx, s.freshIdx(kind), "-inf", upTo)
	_, err = pipe.Exec(ctx)
	return keys, err
}

// SetCorrupt implements Entries: the last full cleanup's count of
// unreadable entries, for the health numbers.
func (s *Store) SetCorrupt(ctx context.Context, kind cache.Kind, n int) error {
	return s.rdb.Set(ctx, s.corruptKey(kind), n, 0).Err()
}
