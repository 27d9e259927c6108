package cache

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// The watchlist in the embedded store: a bucket, key "zip:type:user", value
// "chat|filter", as on Redis.

var bktWatch = []byte("watch")

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
