package boltstore

import (
	"context"
	"realtybot/cache"
	"time"

	bolt "go.etcd.io/bbolt"
)

// loadTallies reads every entry's header once, at open, so the health
// counts are kept from then on as entries change.
func (s *Store) loadTallies() error {
	return s.db.View(func(tx *bolt.Tx) error {
		for _, k := range cache.Kinds {
			t := newTally()
			s.tally[k] = t
			err := tx.Bucket(entryBucket(k)).ForEach(func(key, v []byte) error {
				h, ok := cache.ParseHeader(v)
				t.put(string(key), h, ok)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Counts implements Entries from the tallies.
func (s *Store) Counts(_ context.Context, now time.Time) (cache.Health, error) {
	var h cache.Health
	for _, k := range cache.Kinds {
		t := s.tally[k].health(now.UnixMilli())
		h.Entries, h.Valid, h.NearExpiry, h.Corrupt = h.Entries+t.Entries, h.Valid+t.Valid, h.NearExpiry+t.NearExpiry, h.Corrupt+t.Corrupt
	}
	return h, nil
}

// Expire implements Entries: the tally knows which keys' storage ended.
func (s *Store) Expire(ctx context.Context, kind cache.Kind, now time.Time) ([]string, error) {
	keys := s.tally[kind].endedBy(now.UnixMilli())
	return keys, s.Delete(ctx, kind, keys...)
}

// SetCorrupt implements Entries; the tally counts unreadable entries itself.
func (s *Store) SetCorrupt(context.Context, cache.Kind, int) error { return nil }
