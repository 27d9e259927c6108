package quota

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The embedded ledger: the same rules as the Redis script, in one bbolt
// read-write transaction (bbolt serialises writers, so it is atomic).

// BoltFile is the embedded store's file as the ledger uses it: its
// transactions (boltstore.Store, which holds them while it compacts).
type BoltFile interface {
	View(fn func(*bolt.Tx) error) error
	Update(fn func(*bolt.Tx) error) error
}

var bucket = []byte("quota")

type boltCounters struct{ db BoltFile }

// InBolt keeps the ledger in the embedded store's file, in a bucket of its
// own (created here).
func InBolt(db BoltFile) (Counters, error) {
	err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("quota: preparing the ledger's bucket: %w", err)
	}
	return &boltCounters{db: db}, nil
}

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

func (s *boltCounters) reserve(_ context.Context, k ledgerKeys, l Limits, epoch string, f floor, n int64) (reservation, error) {
	var res reservation
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		cur := b.Get([]byte(k.epoch))
		switch {
		case epoch != "" && cur == nil:
			res.r = refusedWiped
		case epoch != "" && string(cur) != epoch:
			res.r = refusedEpoch
		case b.Get([]byte(k.hold)) != nil:
			res.r = refusedUnconfirmed
		case getN(b, k.cooldown) > k.now.UnixMilli():
			res.r, res.coolUntil = refusedCooldown, getN(b, k.cooldown)
		}
		if res.r != granted {
			return nil
		}
		if err := raiseToFloor(b, k, f); err != nil {
			return err
		}
		res.day, res.month, res.gen, res.reserved = getN(b, k.day+":used"), getN(b, k.month), getN(b, k.gen), getN(b, k.day+":reserved")
		switch {
		case res.day+n > l.Daily:
			res.r = refusedDaily
		case res.month+n > l.Monthly:
			res.r = refusedMonthly
		case k.agent != "" && getN(b, k.agent) >= l.AgentDaily:
			res.r = refusedAgent
		}
		if res.r != granted {
			return nil
		}
		res.day, res.month, res.replicas, res.reserved = res.day+n, res.month+n, 1, res.reserved+n
		for _, key := range []string{k.day + ":used", k.day + ":reserved", k.month} {
			if err := addN(b, key, n); err != nil {
				return err
			}
		}
		if k.agent != "" {
			return addN(b, k.agent, 1)
		}
		return nil
	})
	return res, err
}

func (s *boltCounters) settle(_ context.Context, k ledgerKeys, back int64, agent bool) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		var err error
		if back < 0 {
			for _, key := range []string{k.day + ":used", k.day + ":reserved", k.month} {
				err = errors.Join(err, addN(b, key, -back))
			}
		} else {
			if d := min(back, getN(b, k.day+":used")); d > 0 {
				err = addN(b, k.day+":released", d)
			}
			err = errors.Join(err, addN(b, k.day+":used", -back), addN(b, k.month, -back))
		}
		if agent && k.agent != "" {
			err = errors.Join(err, addN(b, k.agent, -1))
		}
		return err
	})
}

func (s *boltCounters) cooldown(_ context.Context, k ledgerKeys, until time.Time, _ time.Duration) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if until.UnixMilli() > getN(b, k.cooldown) {
			return putN(b, k.cooldown, until.UnixMilli())
		}
		return nil
	})
}

func (s *boltCounters) usage(_ context.Context, k ledgerKeys) (Usage, error) {
	var u Usage
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		u.Today, u.Reserved, u.Released = getN(b, k.day+":used"), getN(b, k.day+":reserved"), getN(b, k.day+":released")
		u.ThisMonth = getN(b, k.month)
		u.HoldInfo, u.Replicas, u.ReplicaIDs = decodeHold(b.Get([]byte(k.hold))), 1, []string{k.replica}
		u.LastChange = decodeChange(b.Get([]byte(k.change)))
		if ms := getN(b, k.cooldown); ms > k.now.UnixMilli() {
			u.CooldownUntil = time.UnixMilli(ms).UTC()
		}
		if k.agent != "" {
			u.Agent = getN(b, k.agent)
		}
		return nil
	})
	return u, err
}

func (s *boltCounters) penalty(_ context.Context, k ledgerKeys, id string) (int64, error) {
	var until int64
	err := s.db.View(func(tx *bolt.Tx) error {
		until = getN(tx.Bucket(bucket), k.badUntil(id))
		return nil
	})
	return until, err
}

func (s *boltCounters) penalize(_ context.Context, k ledgerKeys, id string, first, later time.Duration) (int64, int64, error) {
	var until, total int64
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		wait := first
		if getN(b, k.badCount(id)) > 0 {
			wait = later
		}
		until, total = k.now.Add(wait).UnixMilli(), getN(b, k.badDay())+1
		for key, v := range map[string]int64{k.badCount(id): getN(b, k.badCount(id)) + 1, k.badDay(): total, k.badUntil(id): until} {
			if err := putN(b, key, v); err != nil {
				return err
			}
		}
		return nil
	})
	return until, total, err
}

func (s *boltCounters) epochOf(_ context.Context, k ledgerKeys, id string) (string, bool, error) {
	cur, created := "", false
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if v := b.Get([]byte(k.epoch)); v != nil {
			cur = string(v)
			return nil
		}
		cur, created = id, true
		return b.Put([]byte(k.epoch), []byte(id))
	})
	return cur, created, err
}

func (s *boltCounters) updateHold(_ context.Context, k ledgerKeys, fn func(*Hold) *Hold) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if h := fn(decodeHold(b.Get([]byte(k.hold)))); h != nil {
			return b.Put([]byte(k.hold), h.encode())
		}
		return b.Delete([]byte(k.hold))
	})
}

func (s *boltCounters) restore(_ context.Context, k ledgerKeys, day, month int64, hold *Hold) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for key, v := range map[string]int64{k.day + ":used": day, k.day + ":reserved": day, k.month: month} {
			if v > getN(b, key) {
				if err := putN(b, key, v); err != nil {
					return err
				}
			}
		}
		if hold != nil {
			return b.Put([]byte(k.hold), hold.encode())
		}
		return nil
	})
}

// raiseToFloor raises the counts to what a journal of this generation or a
// later one saw, when the store's count of today's reservations is below
// the journal's: the file went back in time (the Redis script's rule).
func raiseToFloor(b *bolt.Bucket, k ledgerKeys, f floor) error {
	if f.gen < getN(b, k.gen) || f.reserved <= getN(b, k.day+":reserved") {
		return nil
	}
	for key, v := range map[string]int64{k.day + ":used": f.day, k.day + ":reserved": f.reserved, k.month: max(f.month, f.day), k.gen: f.gen} {
		if v > getN(b, key) {
			if err := putN(b, key, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *boltCounters) adjust(_ context.Context, k ledgerKeys, a adjustment) (before, after counts, lifted bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		before = counts{getN(b, k.day+":used"), getN(b, k.month)}
		after = counts{a.day, a.month}
		if a.gen == 0 {
			after.day = max(before.day, a.day)
			after.month = max(before.month, a.month, after.day)
		} else if err := putN(b, k.gen, a.gen); err != nil {
			return err
		}
		lifted = b.Get([]byte(k.hold)) != nil
		for key, v := range map[string]int64{k.day + ":used": after.day, k.day + ":reserved": max(after.day, getN(b, k.day+":reserved")), k.month: after.month} {
			if err := putN(b, key, v); err != nil {
				return err
			}
		}
		return b.Delete([]byte(k.hold))
	})
	return before, after, lifted, err
}

func (s *boltCounters) setChange(_ context.Context, k ledgerKeys, raw []byte) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte(k.change), raw) })
}

// safety: the embedded store never evicts.
func (s *boltCounters) safety(context.Context) error { return nil }

// clock: one node, one clock. The zero time tells the ledger to keep its
// own (the injected clock).
func (s *boltCounters) clock(context.Context) (time.Time, error) { return time.Time{}, nil }

func (s *boltCounters) days(_ context.Context, dayKeys []string) ([]int64, error) {
	out := make([]int64, len(dayKeys))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for i, k := range dayKeys {
			out[i] = getN(b, k+":used")
		}
		return nil
	})
	return out, err
}
