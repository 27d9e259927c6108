package cache

import (
	"context"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// The names people go by on Telegram (first name and @username, as their
// last update carried them), so /usage can say who spent what: a Redis hash
// or a bucket, user id -> name. Small (the people with access) and read
// whole.

var bktNames = []byte("names")

func (s *RedisStore) namesKey() string { return s.ns + "names" }

// PutName records the name user goes by.
func (s *RedisStore) PutName(ctx context.Context, user int64, name string) error {
	return s.rdb.HSet(ctx, s.namesKey(), strconv.FormatInt(user, 10), name).Err()
}

// Names returns every recorded name.
func (s *RedisStore) Names(ctx context.Context) (map[int64]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.namesKey()).Result()
	if err != nil {
		return nil, err
	}
	return namesOf(func(yield func(k, v string)) {
		for k, v := range m {
			yield(k, v)
		}
	}), nil
}

// PutName records the name user goes by.
func (s *BoltStore) PutName(_ context.Context, user int64, name string) error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bktNames).Put([]byte(strconv.FormatInt(user, 10)), []byte(name))
	})
}

// Names returns every recorded name.
func (s *BoltStore) Names(context.Context) (map[int64]string, error) {
	var out map[int64]string
	err := s.view(func(tx *bolt.Tx) error {
		out = namesOf(func(yield func(k, v string)) {
			tx.Bucket(bktNames).ForEach(func(k, v []byte) error { yield(string(k), string(v)); return nil })
		})
		return nil
	})
	return out, err
}

func namesOf(each func(yield func(k, v string))) map[int64]string {
	out := map[int64]string{}
	each(func(k, v string) {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			out[id] = v
		}
	})
	return out
}
