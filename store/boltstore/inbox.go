package boltstore

import (
	"context"
	"encoding/binary"
	"realtybot/store"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The inbox in the embedded store (the log of inboxlog.go): one process
// owns the file, so every unanswered update is this process's (owners and
// claims are moot).

// InboxAdd implements Inbox.
func (s *Store) InboxAdd(_ context.Context, _ string, id int64, body []byte) (bool, error) {
	return s.inbox.add(id, body, s.clk.Now())
}

// InboxClaim implements Inbox: at start (mine) every unanswered update, in
// id order; no other process can have any.
func (s *Store) InboxClaim(_ context.Context, _ string, mine bool, _ time.Duration, limit int) ([]store.InboxItem, error) {
	if !mine {
		return nil, nil
	}
	return s.inbox.items(limit), nil
}

// InboxTouch implements Inbox (nothing to renew on one node).
func (s *Store) InboxTouch(context.Context, []int64) error { return nil }

// InboxDone implements Inbox.
func (s *Store) InboxDone(_ context.Context, id int64) error { return s.inbox.done(id, s.clk.Now()) }

// Versions before the log kept the inbox in two buckets of the store file.
var (
	bktInbox     = []byte("inbox")      // id (8 bytes, big-endian) -> body
	bktInboxSeen = []byte("inbox_seen") // id -> until (unix ms)
)

// migrateInbox moves what an older version left in the store file's
// buckets into the log (synced), then drops the buckets: no update taken in
// before an upgrade is lost, and none is taken twice.
func (s *Store) migrateInbox() error {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		items, seen := tx.Bucket(bktInbox), tx.Bucket(bktInboxSeen)
		if seen != nil {
			seen.ForEach(func(k, v []byte) error {
				if len(k) == 8 && len(v) == 8 {
					s.inbox.record(opSeen, int64(binary.BigEndian.Uint64(k)), int64(binary.BigEndian.Uint64(v)), nil)
					n++
				}
				return nil
			})
		}
		if items != nil {
			until := s.clk.Now().Add(store.InboxSeenFor).UnixMilli()
			items.ForEach(func(k, v []byte) error {
				if len(k) == 8 {
					s.inbox.record(opAdd, int64(binary.BigEndian.Uint64(k)), until, v)
					n++
				}
				return nil
			})
		}
		return nil
	})
	if err != nil || n == 0 && !s.hasInboxBuckets() {
		return err
	}
	for p := s.inbox.buf; len(p) > 0; { // the log's own memory, as a replay would build it
		size := 8 + int(binary.LittleEndian.Uint32(p))
		s.inbox.apply(p[8:size])
		p = p[size:]
	}
	if err := s.inbox.write(true); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bktInbox, bktInboxSeen} {
			if tx.Bucket(b) != nil {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (s *Store) hasInboxBuckets() bool {
	found := false
	s.db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bktInbox) != nil || tx.Bucket(bktInboxSeen) != nil
		return nil
	})
	return found
}
