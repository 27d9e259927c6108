package cache

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// loadTallies reads every entry's header once, at open, so the health
// counts are kept from then on as entries change.
func (s *BoltStore) loadTallies() error {
	return s.db.View(func(tx *bolt.Tx) error {
		for _, k := range Kinds {
			t := newTally()
			s.tally[k] = t
			err := tx.Bucket(entryBucket(k)).ForEach(func(key, v []byte) error {
				h, ok := ParseHeader(v)
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
func (s *BoltStore) Counts(_ context.Context, now time.Time) (Health, error) {
	var h Health
	for _, k := range Kinds {
		t := s.tally[k].health(now.UnixMilli())
		h.Entries, h.Valid, h.NearExpiry, h.Corrupt = h.Entries+t.Entries, h.Valid+t.Valid, h.NearExpiry+t.NearExpiry, h.Corrupt+t.Corrupt
	}
	return h, nil
}

// Expire implements Entries: the tally knows which keys' storage ended.
func (s *BoltStore) Expire(ctx context.Context, kind Kind, now time.Time) ([]string, error) {
	keys := s.tally[kind].endedBy(now.UnixMilli())
	return keys, s.Delete(ctx, kind, keys...)
}

// SetCorrupt implements Entries; the tally counts unreadable entries itself.
func (s *BoltStore) SetCorrupt(context.Context, Kind, int) error { return nil }
