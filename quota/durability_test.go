package quota_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"realtybot/cache"
	"realtybot/cache/cachetest"
	"realtybot/clock"
	"realtybot/quota"
)

// replica is one process's ledger over a private Redis: its own journal in
// its own DATA_DIR.
type replica struct {
	led *quota.Ledger
	dir string
}

func newReplica(t *testing.T, url, dir string, clk func() time.Time) *replica {
	t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	led := quota.NewLedger(quota.InRedis(rdb), "rb:t:", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk)
	if _, err := led.Recover(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	return &replica{led: led, dir: dir}
}

// spend reserves until the ledger refuses, and returns how many it granted
// and the refusal.
func (r *replica) spend(t *testing.T, n int) (int, error) {
	t.Helper()
	for i := range n {
		if _, err := r.led.Reserve(context.Background(), ""); err != nil {
			return i, err
		}
	}
	return n, nil
}

func flushAll(t *testing.T, url string) {
	opt, _ := redis.ParseURL(url)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if err := rdb.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
}

// A Redis that loses its data (FLUSHALL, or a restart without persistence)
// never grants a day more than its limit: the one replica's journal refills
// the counts.
func TestALostRedisNeverGrantsANewBudget(t *testing.T) {
	for _, lose := range []string{"FLUSHALL", "restart"} {
		t.Run(lose, func(t *testing.T) {
			srv := cachetest.NewRedisServer(t)
			clk := cachetest.NewClock(t0)
			a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
			if n, err := a.spend(t, 6); n != 6 {
				t.Fatalf("before: %d granted, %v", n, err)
			}
			if lose == "FLUSHALL" {
				flushAll(t, srv.URL())
			} else {
				srv.Stop()
				srv.Start(t)
				a = newReplica(t, srv.URL(), a.dir, clk.Now) // the process restarts too
			}
			n, err := a.spend(t, 20)
			if n != 7 || !errors.Is(err, quota.ErrDailyLimit) {
				t.Fatalf("after the loss: %d more granted (%v); want 7, for 13 in the day", n, err)
			}
			if u, _ := a.led.Usage(context.Background()); u.Today != 13 || u.ThisMonth != 13 || u.Hold != "" {
				t.Fatalf("usage after the loss: %+v", u)
			}
		})
	}
}

// With two replicas spending, one journal cannot know the whole count: live
// calls stop until an admin confirms, and each replica adds what it saw.
func TestAfterALossWithTwoReplicasLiveCallsWaitForAnAdmin(t *testing.T) {
	srv := cachetest.NewRedisServer(t)
	clk := cachetest.NewClock(t0)
	a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
	b := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
	a.spend(t, 5)
	b.spend(t, 4) // b saw 9
	flushAll(t, srv.URL())
	if _, err := a.spend(t, 1); !errors.Is(err, quota.ErrLedgerUnconfirmed) {
		t.Fatalf("a after the loss: %v, want ErrLedgerUnconfirmed", err)
	}
	if _, err := b.spend(t, 1); !errors.Is(err, quota.ErrLedgerUnconfirmed) {
		t.Fatalf("b after the loss: %v, want ErrLedgerUnconfirmed", err)
	}
	u, _ := a.led.Usage(context.Background())
	if u.Today != 9 || !strings.Contains(u.Hold, "/quota") {
		t.Fatalf("restored %+v; want 9 (the most any journal saw) and a hold that says what to do", u)
	}
	if _, err := a.led.Confirm(context.Background(), "admin 1"); err != nil {
		t.Fatal(err)
	}
	na, _ := a.spend(t, 3)
	nb, err := b.spend(t, 10)
	if na+nb != 4 || !errors.Is(err, quota.ErrDailyLimit) {
		t.Fatalf("after confirming: %d + %d granted (%v); want 4, for 13 in the day", na, nb, err)
	}
	// An admin may also lower the counts, with a reason; the other
	// replica's journal, which saw more before, does not raise them back.
	if _, err := b.led.Lower(context.Background(), "admin 1", "ATTOM's usage page shows 11", 11, 200); err != nil {
		t.Fatal(err)
	}
	na, _ = a.spend(t, 1)
	nb, _ = b.spend(t, 5)
	if na+nb != 2 {
		t.Fatalf("after lowering to 11: %d + %d granted, want 2", na, nb)
	}
}

// An evicting policy is refused before any call: the ledger's keys could go.
func TestAnEvictingRedisIsRefused(t *testing.T) {
	for _, policy := range []string{"allkeys-lru", "volatile-lru"} {
		srv := cachetest.NewRedisServer(t, "--maxmemory", "64mb", "--maxmemory-policy", policy)
		a := newReplica(t, srv.URL(), t.TempDir(), time.Now)
		if _, err := a.spend(t, 1); !errors.Is(err, quota.ErrLedgerUnsafe) {
			t.Fatalf("%s: %v, want ErrLedgerUnsafe", policy, err)
		}
		err := a.led.Safety(context.Background())
		if err == nil || !strings.Contains(err.Error(), "noeviction") || !strings.Contains(err.Error(), "appendonly yes") {
			t.Fatalf("%s: the message must give the fix: %v", policy, err)
		}
		if u, _ := a.led.Usage(context.Background()); u.Today != 0 {
			t.Fatalf("%s: %d reserved on an unsafe store", policy, u.Today)
		}
	}
}

// Replicas whose clocks disagree share the Redis server's day.
func TestSkewedReplicasShareTheServersDay(t *testing.T) {
	srv := cachetest.NewRedisServer(t)
	ahead := func() time.Time { return time.Now().Add(30 * time.Hour) }
	a := newReplica(t, srv.URL(), t.TempDir(), time.Now)
	b := newReplica(t, srv.URL(), t.TempDir(), ahead)
	a.led.UseStoreClock()
	b.led.UseStoreClock()
	a.spend(t, 2)
	b.spend(t, 3)
	ua, _ := a.led.Usage(context.Background())
	ub, _ := b.led.Usage(context.Background())
	if ua.Today != 5 || ub.Today != 5 || ua.Day != ub.Day {
		t.Fatalf("a %+v, b %+v: one day and one count", ua, ub)
	}
}

// The embedded store: a truncated or unreadable file is an error that says
// what to do, and a store moved away refills its ledger from the journal.
func TestEmbeddedStoreLossIsAnErrorOrRefilled(t *testing.T) {
	dir := t.TempDir()
	s, err := cache.OpenBolt(dir, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	clk := cachetest.NewClock(t0)
	led := quota.NewLedger(cachetest.Counters(t, s), "", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
	if _, err := led.Recover(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	for range 6 {
		if _, err := led.Reserve(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	db := filepath.Join(dir, "realtybot.db")
	for name, content := range map[string][]byte{"empty": nil, "garbage": []byte(strings.Repeat("not a store ", 500))} {
		saved, _ := os.ReadFile(db)
		os.WriteFile(db, content, 0o600)
		if _, err := cache.OpenBolt(dir, clock.Real); err == nil || !strings.Contains(err.Error(), "restore it from a backup") {
			t.Fatalf("%s store file: %v", name, err)
		}
		os.WriteFile(db, saved, 0o600)
	}
	// Moved away: a new store, refilled from the journal.
	os.Rename(db, db+".old")
	s, err = cache.OpenBolt(dir, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	led = quota.NewLedger(cachetest.Counters(t, s), "", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
	note, err := led.Recover(context.Background(), dir)
	if err != nil || !strings.Contains(note, "restored 6 calls today") {
		t.Fatalf("recover: %q %v", note, err)
	}
	if u, _ := led.Usage(context.Background()); u.Today != 6 || u.Hold != "" {
		t.Fatalf("usage after a new store: %+v", u)
	}
	// An unreadable journal is an error too.
	os.WriteFile(filepath.Join(dir, quota.JournalFile), nil, 0o600)
	if _, err := quota.NewLedger(cachetest.Counters(t, s), "", quota.Limits{Daily: 13}, clk.Now).Recover(context.Background(), dir); err == nil ||
		!strings.Contains(err.Error(), "/quota set") {
		t.Fatalf("empty journal: %v", err)
	}
}

// A process that could not reach Redis at start adopts the epoch at its
// first reservation, so a later loss is still detected.
func TestAnEpochUnknownAtStartIsAdoptedBeforeCounting(t *testing.T) {
	srv := cachetest.NewRedisServer(t)
	clk := cachetest.NewClock(t0)
	dir := t.TempDir()
	srv.Stop()
	opt, _ := redis.ParseURL(srv.URL())
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	led := quota.NewLedger(quota.InRedis(rdb), "rb:t:", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
	if _, err := led.Recover(context.Background(), dir); !errors.Is(err, quota.ErrLedgerDown) {
		t.Fatalf("recover with Redis down: %v", err)
	}
	srv.Start(t)
	a := &replica{led: led, dir: dir}
	if n, err := a.spend(t, 5); n != 5 {
		t.Fatalf("spend: %d %v", n, err)
	}
	flushAll(t, srv.URL())
	if n, err := a.spend(t, 20); n != 8 || !errors.Is(err, quota.ErrDailyLimit) {
		t.Fatalf("after the loss: %d more (%v); want 8, for 13 in the day", n, err)
	}
}

// A Redis restored from an older dump keeps its epoch marker, so nothing
// looks lost; the journal still raises the store at the next reservation,
// and the day stays within its limit.
func TestARedisRestoredFromAnOldDumpCannotRollTheDayBack(t *testing.T) {
	srv := cachetest.NewRedisServer(t, "--dir", t.TempDir(), "--dbfilename", "dump.rdb")
	clk := cachetest.NewClock(t0)
	a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
	if n, _ := a.spend(t, 3); n != 3 {
		t.Fatal("before the dump")
	}
	opt, _ := redis.ParseURL(srv.URL())
	rdb := redis.NewClient(opt)
	if err := rdb.Save(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	rdb.Close()
	if n, _ := a.spend(t, 5); n != 5 {
		t.Fatal("after the dump")
	}
	srv.Stop() // kill -9: the dump, which knew 3, is what comes back
	srv.Start(t)
	a = newReplica(t, srv.URL(), a.dir, clk.Now) // the process restarts too
	n, err := a.spend(t, 20)
	if n != 5 || !errors.Is(err, quota.ErrDailyLimit) {
		t.Fatalf("after the restore: %d more granted (%v); want 5, for 13 in the day", n, err)
	}
	if u, _ := a.led.Usage(context.Background()); u.Today != 13 {
		t.Fatalf("usage after the restore: %+v", u)
	}
}
