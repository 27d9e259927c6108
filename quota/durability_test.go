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

	"realtybot/clock"
	"realtybot/quota"
	"realtybot/store/boltstore"
	"realtybot/store/storetest"
)

// replica is one process's ledger over a private Redis: its own journal in
// its own DATA_DIR.
type replica struct {
	led *quota.Ledger
	dir string
}

func newReplica(t *testing.T, url, dir string, clk func() time.Time, single ...bool) *replica {
	t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	led := quota.NewLedger(quota.InRedis(rdb), "rb:t:", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk)
	led.SingleReplica(len(single) > 0 && single[0])
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
// the counts. A loss found at a start was not witnessed, so live calls wait
// for an admin unless the operator declared a single replica.
func TestALostRedisNeverGrantsANewBudget(t *testing.T) {
	for _, lose := range []string{"FLUSHALL", "restart", "restart of a declared single replica"} {
		t.Run(lose, func(t *testing.T) {
			srv := storetest.NewRedisServer(t)
			clk := storetest.NewClock(t0)
			a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
			if n, err := a.spend(t, 6); n != 6 {
				t.Fatalf("before: %d granted, %v", n, err)
			}
			if lose == "FLUSHALL" {
				flushAll(t, srv.URL())
			} else {
				srv.Stop()
				srv.Start(t)
				a = newReplica(t, srv.URL(), a.dir, clk.Now, lose != "restart") // the process restarts too
			}
			if lose == "restart" {
				if _, err := a.spend(t, 1); !errors.Is(err, quota.ErrLedgerUnconfirmed) {
					t.Fatalf("after an unwitnessed loss: %v, want the hold", err)
				}
				if _, err := a.led.Confirm(context.Background(), "admin 1", false); err != nil {
					t.Fatal(err)
				}
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
// calls wait for the other journal, which adds what it saw; an admin who
// will not wait must say force, and is told what the silent journal could
// still hold.
func TestAfterALossWithTwoReplicasLiveCallsWaitForTheJournals(t *testing.T) {
	srv := storetest.NewRedisServer(t)
	clk := storetest.NewClock(t0)
	a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
	b := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
	a.spend(t, 5)
	b.spend(t, 4) // b saw 9
	flushAll(t, srv.URL())
	if _, err := a.spend(t, 1); !errors.Is(err, quota.ErrLedgerUnconfirmed) {
		t.Fatalf("a after the loss: %v, want ErrLedgerUnconfirmed", err)
	}
	u, _ := a.led.Usage(context.Background())
	if u.Today != 5 || u.HoldInfo == nil || len(u.HoldInfo.Missing()) != 1 || !strings.Contains(u.Hold, "waiting for the journals of "+b.led.Replica()) {
		t.Fatalf("restored %+v; want a's 5 and a hold that waits for b's journal", u)
	}
	_, err := a.led.Confirm(context.Background(), "admin 1", false)
	var missing *quota.MissingJournalsError
	if !errors.As(err, &missing) || missing.Day != 8 || missing.Missing[0] != b.led.Replica() {
		t.Fatalf("confirm without force: %v, want b's journal missing and 8 calls it could hold", err)
	}
	na, _ := a.spend(t, 3)    // still held
	nb, err := b.spend(t, 10) // b reports 9: the hold lifts by itself
	if na != 0 || nb != 4 || !errors.Is(err, quota.ErrDailyLimit) {
		t.Fatalf("after b reported: %d + %d granted (%v); want 0 and 4, for 13 in the day", na, nb, err)
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
		srv := storetest.NewRedisServer(t, "--maxmemory", "64mb", "--maxmemory-policy", policy)
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
	srv := storetest.NewRedisServer(t)
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
	s, err := boltstore.Open(dir, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	clk := storetest.NewClock(t0)
	led := quota.NewLedger(storetest.Counters(t, s), "", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
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
		if _, err := boltstore.Open(dir, clock.Real); err == nil || !strings.Contains(err.Error(), "restore it from a backup") {
			t.Fatalf("%s store file: %v", name, err)
		}
		os.WriteFile(db, saved, 0o600)
	}
	// Moved away: a new store, refilled from the journal.
	os.Rename(db, db+".old")
	s, err = boltstore.Open(dir, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	led = quota.NewLedger(storetest.Counters(t, s), "", quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 13}, clk.Now)
	note, err := led.Recover(context.Background(), dir)
	if err != nil || !strings.Contains(note, "restored 6 calls today") {
		t.Fatalf("recover: %q %v", note, err)
	}
	if u, _ := led.Usage(context.Background()); u.Today != 6 || u.Hold != "" {
		t.Fatalf("usage after a new store: %+v", u)
	}
	// An unreadable journal is an error too.
	os.WriteFile(filepath.Join(dir, quota.JournalFile), nil, 0o600)
	if _, err := quota.NewLedger(storetest.Counters(t, s), "", quota.Limits{Daily: 13}, clk.Now).Recover(context.Background(), dir); err == nil ||
		!strings.Contains(err.Error(), "/quota set") {
		t.Fatalf("empty journal: %v", err)
	}
}

// A process that could not reach Redis at start adopts the epoch at its
// first reservation, so a later loss is still detected.
func TestAnEpochUnknownAtStartIsAdoptedBeforeCounting(t *testing.T) {
	srv := storetest.NewRedisServer(t)
	clk := storetest.NewClock(t0)
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
	srv := storetest.NewRedisServer(t, "--dir", t.TempDir(), "--dbfilename", "dump.rdb")
	clk := storetest.NewClock(t0)
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

// The two ways a hold after a loss used to let admins overspend.
func TestAHoldAfterALossWaitsForEveryJournal(t *testing.T) {
	t.Run("a replica killed before the loss", func(t *testing.T) {
		srv := storetest.NewRedisServer(t)
		clk := storetest.NewClock(t0)
		a := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
		b := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
		a.spend(t, 5)
		b.spend(t, 3)
		a.spend(t, 2) // a saw 10; then a is killed
		flushAll(t, srv.URL())
		if n, err := b.spend(t, 1); n != 0 || !errors.Is(err, quota.ErrLedgerUnconfirmed) {
			t.Fatalf("b after the loss: %d, %v", n, err)
		}
		if u, _ := b.led.Usage(context.Background()); !strings.Contains(u.Hold, a.led.Replica()) {
			t.Fatalf("the hold does not name the silent replica: %q", u.Hold)
		}
		if _, err := b.led.Confirm(context.Background(), "admin 1", false); !errors.Is(err, quota.ErrJournalsMissing) {
			t.Fatalf("confirm without force: %v", err)
		}
		a = newReplica(t, srv.URL(), a.dir, clk.Now) // a comes back and reports 10
		n, _ := b.spend(t, 20)
		m, err := a.spend(t, 20)
		if n+m != 3 || !errors.Is(err, quota.ErrDailyLimit) {
			t.Fatalf("after a reported: %d more granted (%v); want 3, for 13 in the day", n+m, err)
		}
	})
	t.Run("a replica back after a loss it did not witness", func(t *testing.T) {
		srv := storetest.NewRedisServer(t)
		clk := storetest.NewClock(t0)
		dirA := t.TempDir()
		a := newReplica(t, srv.URL(), dirA, clk.Now)
		a.spend(t, 4) // and exits
		b := newReplica(t, srv.URL(), t.TempDir(), clk.Now)
		b.spend(t, 4) // b saw 8
		flushAll(t, srv.URL())
		a = newReplica(t, srv.URL(), dirA, clk.Now) // a finds the loss at its start: 4 restored, and a hold
		if n, err := a.spend(t, 1); n != 0 || !errors.Is(err, quota.ErrLedgerUnconfirmed) {
			t.Fatalf("a after an unwitnessed loss: %d, %v", n, err)
		}
		n, _ := b.spend(t, 20) // b reports 8: a second journal, the hold lifts
		m, err := a.spend(t, 20)
		if n+m != 5 || !errors.Is(err, quota.ErrDailyLimit) {
			t.Fatalf("after b reported: %d more granted (%v); want 5, for 13 in the day", n+m, err)
		}
	})
}
