package boltstore

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"realtybot/clock"
)

func open(t *testing.T, dir string, clk clock.Clock) *Store {
	t.Helper()
	s, err := Open(dir, clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func pendingIDs(t *testing.T, s *Store) []int64 {
	t.Helper()
	items, err := s.InboxClaim(context.Background(), "", true, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

// A crash mid-write leaves a torn record at the log's end: it was never
// synced, so never confirmed to Telegram (which sends it again). The next
// start cuts it off and keeps everything before it, and what comes after.
func TestTheInboxSurvivesATornWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir, clock.Real)
	for id := int64(1); id <= 3; id++ {
		s.InboxAdd(ctx, "", id, []byte(`{"update_id":`+string(rune('0'+id))+`}`))
	}
	s.InboxDone(ctx, 2)
	s.Close()
	f, _ := os.OpenFile(filepath.Join(dir, inboxLogFile), os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{40, 0, 0, 0, 1, 2, 3, 4, opAdd, 8}) // half a record
	f.Close()
	s = open(t, dir, clock.Real)
	if ids := pendingIDs(t, s); len(ids) != 2 || ids[0] != 1 || ids[1] != 3 {
		t.Fatalf("after a torn write: %v, want 1 and 3", ids)
	}
	if added, _ := s.InboxAdd(ctx, "", 2, nil); added {
		t.Fatal("an answered update was taken again after the restart")
	}
	if added, err := s.InboxAdd(ctx, "", 4, []byte(`{}`)); !added || err != nil {
		t.Fatal(added, err)
	}
	s.Close()
	if ids := pendingIDs(t, open(t, dir, clock.Real)); len(ids) != 3 || ids[2] != 4 {
		t.Fatalf("what came after the cut: %v", ids)
	}
}

// An older version kept the inbox in the store file: the first start on
// the log takes its updates over, unanswered ones and remembered ids
// alike, and drops the old buckets.
func TestAnOlderInboxIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, clock.Real)
	until := time.Now().Add(time.Hour).UnixMilli()
	s.db.Update(func(tx *bolt.Tx) error {
		items, _ := tx.CreateBucketIfNotExists(bktInbox)
		seen, _ := tx.CreateBucketIfNotExists(bktInboxSeen)
		for _, id := range []int64{7, 8} {
			seen.Put(inboxID(id), binary.BigEndian.AppendUint64(nil, uint64(until)))
		}
		return items.Put(inboxID(8), []byte(`{"update_id":8}`))
	})
	s.Close()
	s = open(t, dir, clock.Real)
	items, _ := s.InboxClaim(context.Background(), "", true, 0, 10)
	if len(items) != 1 || items[0].ID != 8 || string(items[0].Body) != `{"update_id":8}` {
		t.Fatalf("taken over: %+v", items)
	}
	if added, _ := s.InboxAdd(context.Background(), "", 7, nil); added {
		t.Fatal("an id the older inbox remembered was taken again")
	}
	if s.hasInboxBuckets() {
		t.Fatal("the old buckets are still there")
	}
}

// A long run of answered updates does not grow the log for ever: it is
// rewritten with what is still needed, and keeps it across a restart.
func TestTheInboxLogStaysSmall(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := clock.NewManual(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
	s := open(t, dir, clk)
	body := make([]byte, 1000)
	s.InboxAdd(ctx, "", 1, body) // never answered
	for id := int64(2); id < 3000; id++ {
		s.InboxAdd(ctx, "", id, body)
		s.InboxDone(ctx, id)
		if id == 1500 {
			clk.Advance(49 * time.Hour) // the first ids' window ends
		}
	}
	fi, _ := os.Stat(filepath.Join(dir, inboxLogFile))
	if fi.Size() > 2*compactAt {
		t.Fatalf("the log holds %d bytes after 3,000 updates", fi.Size())
	}
	s.Close()
	s = open(t, dir, clk)
	if ids := pendingIDs(t, s); len(ids) != 1 || ids[0] != 1 {
		t.Fatalf("after compactions and a restart: %v", ids)
	}
	if added, _ := s.InboxAdd(ctx, "", 2999, nil); added {
		t.Fatal("a recent answered id was forgotten")
	}
}

func inboxID(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

// After the store closes, the inbox answers with an error, not a crash: a
// late answer's forget during shutdown is only logged.
func TestTheInboxAfterCloseErrs(t *testing.T) {
	s := open(t, t.TempDir(), clock.Real)
	ctx := context.Background()
	s.InboxAdd(ctx, "", 1, []byte(`{}`))
	s.Close()
	if err := s.InboxDone(ctx, 1); err == nil {
		t.Fatal("a forget after close succeeded")
	}
	if added, err := s.InboxAdd(ctx, "", 2, []byte(`{}`)); added || err == nil {
		t.Fatalf("an add after close: %v %v", added, err)
	}
}
