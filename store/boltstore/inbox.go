package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"realtybot/store"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The inbox in the embedded store: one process owns the file, so every
// unanswered update is this process's (owners and claims are moot).

var (
	bktInbox     = []byte("inbox")      // id (8 bytes, big-endian) -> body
	bktInboxSeen = []byte("inbox_seen") // id -> until (unix ms)
)

func inboxID(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

// InboxAdd implements Inbox.
func (s *Store) InboxAdd(_ context.Context, _ string, id int64, body []byte) (bool, error) {
	added := false
	now := s.clk.Now()
	err := s.update(func(tx *bolt.Tx) error {
		seen, items := tx.Bucket(bktInboxSeen), tx.Bucket(bktInbox)
		if v := seen.Get(inboxID(id)); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > now.UnixMilli() {
			return nil
		}
		if id%64 == 0 { // now and then, forget ids past the window
			if err := forgetSeen(seen, now); err != nil {
				return err
			}
		}
		added = true
		if err := seen.Put(inboxID(id), binary.BigEndian.AppendUint64(nil, uint64(now.Add(store.InboxSeenFor).UnixMilli()))); err != nil {
			return err
		}
		return items.Put(inboxID(id), bytes.Clone(body))
	})
	return added, err
}

func forgetSeen(seen *bolt.Bucket, now time.Time) error {
	var old [][]byte
	seen.ForEach(func(k, v []byte) error {
		if len(v) != 8 || int64(binary.BigEndian.Uint64(v)) <= now.UnixMilli() {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range old {
		if err := seen.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// InboxClaim implements Inbox: at start (mine) every unanswered update, in
// id order; no other process can have any.
func (s *Store) InboxClaim(_ context.Context, _ string, mine bool, _ time.Duration, limit int) ([]store.InboxItem, error) {
	var out []store.InboxItem
	if !mine {
		return nil, nil
	}
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bktInbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			out = append(out, store.InboxItem{ID: int64(binary.BigEndian.Uint64(k)), Body: bytes.Clone(v)})
		}
		return nil
	})
	return out, err
}

// InboxTouch implements Inbox (nothing to renew on one node).
func (s *Store) InboxTouch(context.Context, []int64) error { return nil }

// InboxDone implements Inbox.
func (s *Store) InboxDone(_ context.Context, id int64) error {
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bktInbox).Delete(inboxID(id)) })
}
