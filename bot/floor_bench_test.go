//go:build linux

package bot

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/redis/go-redis/v9"

	"realtybot/store/redisstore"
	"realtybot/store/storetest"
)

// The floors of BenchmarkWebhookUpdateToReply: inboxes that keep nothing
// and forget nothing, but make the update wait before it is confirmed as a
// keep must. Whatever an inbox does, it does at least this; a goal below
// its floor cannot be met on that machine by any inbox that keeps an
// update before Telegram is told it arrived.

func init() {
	inboxFloors = append(inboxFloors, inboxFloor{"fdatasync-floor", syncFloor}, inboxFloor{"redis-ping-floor", pingFloor})
}

// syncFloor rewrites one already allocated block of a file with the update
// and fdatasyncs it: the least a durable local keep costs (no allocation,
// no metadata, no index).
func syncFloor(t testing.TB) Inbox {
	f, err := os.Create(filepath.Join(t.TempDir(), "floor"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.Write(make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	return syncInbox{f: f}
}

type syncInbox struct {
	refusingInbox
	f *os.File
}

func (s syncInbox) InboxAdd(_ context.Context, _ string, _ int64, body []byte) (bool, error) {
	if _, err := s.f.WriteAt(body[:min(len(body), 4096)], 0); err != nil {
		return false, err
	}
	return true, syscall.Fdatasync(int(s.f.Fd()))
}

// pingFloor waits for one Redis PING: the least a keep in Redis costs (one
// round trip, no command's work).
func pingFloor(t testing.TB) Inbox {
	return pingInbox{rdb: storetest.Redis(t).Store.(*redisstore.Store).Client()}
}

type pingInbox struct {
	refusingInbox
	rdb redis.UniversalClient
}

func (p pingInbox) InboxAdd(ctx context.Context, _ string, _ int64, _ []byte) (bool, error) {
	return true, p.rdb.Ping(ctx).Err()
}
