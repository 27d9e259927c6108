package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"realtybot/attom/attomtest"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// When no live call can be made, the answer names the cause the operator
// can fix: a Redis at maxmemory, or a DATA_DIR where the quota journal
// cannot be written; not "ATTOM is unavailable" or "ledger unreachable".
func TestTheCauseOfNoLiveCallIsNamed(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	t.Run("redis full", func(t *testing.T) {
		rp := storetest.NewRedisServer(t, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction", "--enable-debug-command", "yes")
		a, _ := replica(t, rp.URL(), atm.URL, storetest.NewClock(appInstant), nil)
		opt, _ := redis.ParseURL(rp.URL())
		rdb := redis.NewClient(opt)
		defer rdb.Close()
		// Past maxmemory: DEBUG POPULATE ignores the limit, every write after
		// it is refused.
		if err := rdb.Do(context.Background(), "DEBUG", "POPULATE", 100_000, "ballast", 64).Err(); err != nil {
			t.Fatal(err)
		}
		if err := rdb.Set(context.Background(), "probe", "x", 0).Err(); err == nil || !strings.HasPrefix(err.Error(), "OOM") {
			t.Fatalf("Redis is not full: %v", err)
		}
		_, p, _ := a.Service.Search(context.Background(), "78701", realty.SFR)
		if p.Source == outcome.Live || p.Why.Kind != outcome.WhyStoreFull {
			t.Fatalf("provenance %+v", p)
		}
	})
	t.Run("journal unwritable", func(t *testing.T) {
		a, _ := replica(t, replicaRedis(t), atm.URL, storetest.NewClock(appInstant), nil)
		// Where the journal's next version is written stands a directory: no
		// write can succeed there, even as root.
		if err := os.Mkdir(filepath.Join(a.Cfg.DataDir, quota.JournalFile+".tmp"), 0o700); err != nil {
			t.Fatal(err)
		}
		_, p, _ := a.Service.Search(context.Background(), "78701", realty.SFR)
		if p.Source == outcome.Live || p.Why.Kind != outcome.WhyJournal {
			t.Fatalf("provenance %+v", p)
		}
	})
}
