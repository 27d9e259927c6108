package cache

import (
	"context"
	"fmt"
)

// The watchlist on Redis: one hash, field "zip:type:user", value
// "chat|filter". It is small (agents × a few watches) and read whole.

func (s *RedisStore) watchKey() string { return s.ns + "watch" }

func (s *RedisStore) newsKey() string { return s.ns + "watchnews" }

// PutNews implements Watchlist.
func (s *RedisStore) PutNews(ctx context.Context, field string, body []byte) error {
	return s.rdb.HSet(ctx, s.newsKey(), field, body).Err()
}

// AllNews implements Watchlist.
func (s *RedisStore) AllNews(ctx context.Context) (map[string][]byte, error) {
	m, err := s.rdb.HGetAll(ctx, s.newsKey()).Result()
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(m))
	for f, v := range m {
		out[f] = []byte(v)
	}
	return out, nil
}

// DeleteNews implements Watchlist.
func (s *RedisStore) DeleteNews(ctx context.Context, fields ...string) error {
	if len(fields) == 0 {
		return nil
	}
	return s.rdb.HDel(ctx, s.newsKey(), fields...).Err()
}

// PutWatch implements Watchlist.
func (s *RedisStore) PutWatch(ctx context.Context, w Watch) error {
	return s.rdb.HSet(ctx, s.watchKey(), w.field(), w.value()).Err()
}

// DeleteWatch implements Watchlist.
func (s *RedisStore) DeleteWatch(ctx context.Context, user int64, zip, typ string) (int, error) {
	all, err := s.rdb.HKeys(ctx, s.watchKey()).Result()
	if err != nil {
		return 0, err
	}
	var del []string
	for _, f := range all {
		if matchesDelete(f, user, zip, typ) {
			del = append(del, f)
		}
	}
	if len(del) == 0 {
		return 0, nil
	}
	n, err := s.rdb.HDel(ctx, s.watchKey(), del...).Result()
	return int(n), err
}

// Watches implements Watchlist.
func (s *RedisStore) Watches(ctx context.Context) ([]Watch, error) {
	m, err := s.rdb.HGetAll(ctx, s.watchKey()).Result()
	if err != nil {
		return nil, err
	}
	return readWatches(m)
}

// readWatches parses a field → value map; an unreadable watch is an error
// (it would otherwise be silently lost).
func readWatches(m map[string]string) ([]Watch, error) {
	out := make([]Watch, 0, len(m))
	for f, v := range m {
		w, err := parseWatch(f, v)
		if err != nil {
			return nil, fmt.Errorf("%w: %q", err, f)
		}
		out = append(out, w)
	}
	return out, nil
}
