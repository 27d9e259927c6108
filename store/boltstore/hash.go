package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Small named maps, read whole: the watchlist, the news not yet told to
// watchers, the names people go by. Each is one bucket of the same name as
// Redis's hash. Their users (watch, handlers) own what fields and values
// mean.

// HashPut sets field of the map name.
func (s *Store) HashPut(_ context.Context, name, field string, value []byte) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return err
		}
		return b.Put([]byte(field), value)
	})
}

// HashAll returns every field of the map name.
func (s *Store) HashAll(_ context.Context, name string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			out[string(k)] = append([]byte(nil), v...)
			return nil
		})
	})
	return out, err
}

// HashDelete removes fields of the map name and says how many were there.
func (s *Store) HashDelete(_ context.Context, name string, fields ...string) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return nil
		}
		for _, f := range fields {
			if b.Get([]byte(f)) == nil {
				continue
			}
			if err := b.Delete([]byte(f)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
