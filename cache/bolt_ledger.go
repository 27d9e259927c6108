package cache

import (
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The embedded ledger: the same rules as the Redis script, in one bbolt
// read-write transaction (bbolt serialises writers, so it is atomic).

func getN(b *bolt.Bucket, k string) int64 {
	v := b.Get([]byte(k))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

func putN(b *bolt.Bucket, k string, n int64) error {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], uint64(n))
	return b.Put([]byte(k), v[:])
}

func addN(b *bolt.Bucket, k string, d int64) error {
	n := getN(b, k) + d
	if n < 0 {
		n = 0
	}
	return putN(b, k, n)
}

func (s *BoltStore) reserve(_ context.Context, k ledgerKeys, l Limits) (refusal, error) {
	r := granted
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktQuota)
		switch {
		case getN(b, k.cooldown) > k.now.UnixMilli():
			r = refusedCooldown
		case getN(b, k.day+":used") >= l.Daily:
			r = refusedDaily
		case getN(b, k.month) >= l.Monthly:
			r = refusedMonthly
		case k.agent != "" && getN(b, k.agent) >= l.AgentDaily:
			r = refusedAgent
		}
		if r != granted {
			return nil
		}
		for _, key := range []string{k.day + ":used", k.day + ":reserved", k.month} {
			if err := addN(b, key, 1); err != nil {
				return err
			}
		}
		if k.agent != "" {
			return addN(b, k.agent, 1)
		}
		return nil
	})
	return r, err
}

func (s *BoltStore) release(_ context.Context, k ledgerKeys) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktQuota)
		if getN(b, k.day+":used") > 0 {
			if err := addN(b, k.day+":released", 1); err != nil {
				return err
			}
		}
		keys := []string{k.day + ":used", k.month}
		if k.agent != "" {
			keys = append(keys, k.agent)
		}
		for _, key := range keys {
			if err := addN(b, key, -1); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *BoltStore) cooldown(_ context.Context, k ledgerKeys, until time.Time, _ time.Duration) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktQuota)
		if until.UnixMilli() > getN(b, k.cooldown) {
			return putN(b, k.cooldown, until.UnixMilli())
		}
		return nil
	})
}

func (s *BoltStore) usage(_ context.Context, k ledgerKeys) (Usage, error) {
	var u Usage
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktQuota)
		u.Today, u.Reserved, u.Released = getN(b, k.day+":used"), getN(b, k.day+":reserved"), getN(b, k.day+":released")
		u.ThisMonth = getN(b, k.month)
		if k.agent != "" {
			u.Agent = getN(b, k.agent)
		}
		return nil
	})
	return u, err
}
