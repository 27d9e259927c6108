package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"realtybot/store"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bktClaims = []byte("claims") // key -> expiry (unix seconds)
)

// Claim implements Store; one process owns the file, so a transaction is
// the whole protocol.
func (s *Store) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	won := false
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bktClaims)
		if err != nil {
			return err
		}
		now := s.clk.Now()
		if s.claimsMade.Add(1)%sweepClaims == 0 {
			if err := sweepExpired(b, now); err != nil {
				return err
			}
		}
		if v := b.Get([]byte(key)); len(v) == 8 && time.Unix(int64(binary.BigEndian.Uint64(v)), 0).After(now) {
			return nil
		}
		won = true
		return b.Put([]byte(key), binary.BigEndian.AppendUint64(nil, uint64(now.Add(ttl).Unix())))
	})
	return won, err
}

// sweepClaims is how many claims pass between two sweeps of the expired
// ones (watch notifications take one per chat and change, so the bucket
// would otherwise grow for good).
const sweepClaims = 256

func sweepExpired(b *bolt.Bucket, now time.Time) error {
	var gone [][]byte
	if err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 || !time.Unix(int64(binary.BigEndian.Uint64(v)), 0).After(now) {
			gone = append(gone, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range gone {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Unclaim implements Store.
func (s *Store) Unclaim(_ context.Context, key string) error {
	return s.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bktClaims); b != nil {
			return b.Delete([]byte(key))
		}
		return nil
	})
}

// AddTally implements Store: one bucket per tally, named as it is (day
// \x00 member -> count). Days older than Redis keeps them
// (store.TallyKeptFor) are dropped as new ones are added, so the file does
// not grow every day.
func (s *Store) AddTally(_ context.Context, name, day string, counts map[string]int64) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return err
		}
		if t, err := time.Parse("2006-01-02", day); err == nil {
			cutoff := []byte(t.Add(-store.TallyKeptFor).Format("2006-01-02"))
			var old [][]byte
			c := b.Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k, cutoff) < 0; k, _ = c.Next() {
				old = append(old, bytes.Clone(k))
			}
			for _, k := range old {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		for member, n := range counts {
			k := []byte(day + "\x00" + member)
			if v := b.Get(k); len(v) == 8 {
				n += int64(binary.BigEndian.Uint64(v))
			}
			if err := b.Put(k, binary.BigEndian.AppendUint64(nil, uint64(n))); err != nil {
				return err
			}
		}
		return nil
	})
}

// Tally implements Store.
func (s *Store) Tally(_ context.Context, name string, days []string) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return nil
		}
		for _, day := range days {
			prefix := []byte(day + "\x00")
			c := b.Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(v) == 8 {
					out[string(k[len(prefix):])] += int64(binary.BigEndian.Uint64(v))
				}
			}
		}
		return nil
	})
	return out, err
}

// Lease implements Store in process: one process owns the file.
func (s *Store) Lease(_ context.Context, key string, ttl time.Duration) (func(), bool, error) {
	s.leaseMu.Lock()
	defer s.leaseMu.Unlock()
	if s.leases == nil {
		s.leases = map[string]time.Time{}
	}
	now := s.clk.Now()
	if until, held := s.leases[key]; held && now.Before(until) {
		return nil, false, nil
	}
	until := now.Add(ttl)
	s.leases[key] = until
	return func() {
		s.leaseMu.Lock()
		if s.leases[key] == until {
			delete(s.leases, key)
		}
		s.leaseMu.Unlock()
	}, true, nil
}
