package cache

import (
	"bytes"
	"context"

	bolt "go.etcd.io/bbolt"
)

// The watchlist in the embedded store: a bucket, key "zip:type:user", value
// "chat|filter", as on Redis.

var (
	bktWatch = []byte("watch")
	bktNews  = []byte("watchnews")
)

// PutNews implements Watchlist.
func (s *BoltStore) PutNews(_ context.Context, field string, body []byte) error {
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bktNews).Put([]byte(field), bytes.Clone(body)) })
}

// AllNews implements Watchlist.
func (s *BoltStore) AllNews(context.Context) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bktNews).ForEach(func(k, v []byte) error {
			out[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	return out, err
}

// DeleteNews implements Watchlist.
func (s *BoltStore) DeleteNews(_ context.Context, fields ...string) error {
	if len(fields) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktNews)
		for _, f := range fields {
			if err := b.Delete([]byte(f)); err != nil {
				return err
			}
		}
		return nil
	})
}

// PutWatch implements Watchlist.
func (s *BoltStore) PutWatch(_ context.Context, w Watch) error {
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bktWatch).Put([]byte(w.field()), []byte(w.value())) })
}

// DeleteWatch implements Watchlist.
func (s *BoltStore) DeleteWatch(_ context.Context, user int64, zip, typ string) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktWatch)
		var del [][]byte
		if err := b.ForEach(func(k, _ []byte) error {
			if matchesDelete(string(k), user, zip, typ) {
				del = append(del, append([]byte(nil), k...))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range del {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(del)
		return nil
	})
	return n, err
}

// Watches implements Watchlist.
func (s *BoltStore) Watches(context.Context) ([]Watch, error) {
	m := map[string]string{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bktWatch).ForEach(func(k, v []byte) error {
			m[string(k)] = string(v)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return readWatches(m)
}
