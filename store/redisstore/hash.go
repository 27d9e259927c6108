package redisstore

import "context"

// Small named maps, read whole: the watchlist, the news not yet told to
// watchers, the names people go by. Each is one hash, ns+name. Their users
// (watch, handlers) own what fields and values mean.

// HashPut sets field of the map name.
func (s *Store) HashPut(ctx context.Context, name, field string, value []byte) error {
	return s.rdb.HSet(ctx, s.ns+name, field, value).Err()
}

// HashAll returns every field of the map name.
func (s *Store) HashAll(ctx context.Context, name string) (map[string][]byte, error) {
	m, err := s.rdb.HGetAll(ctx, s.ns+name).Result()
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(m))
	for f, v := range m {
		out[f] = []byte(v)
	}
	return out, nil
}

// HashDelete removes fields of the map name and says how many were there.
func (s *Store) HashDelete(ctx context.Context, name string, fields ...string) (int, error) {
	if len(fields) == 0 {
		return 0, nil
	}
	n, err := s.rdb.HDel(ctx, s.ns+name, fields...).Result()
	return int(n), err
}
