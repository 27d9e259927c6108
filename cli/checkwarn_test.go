package cli_test

import (
	"strings"
	"testing"

	"realtybot/store/storetest"
)

// check warns about what would hurt later: nobody with access, a Redis
// that would lose the ledger on a restart, a MARKETS_FILE that is missing.
func TestCheckWarnsBeforeItHurts(t *testing.T) {
	volatile := storetest.NewRedisServer(t) // no AOF, no snapshots
	out, _, err := run(t, map[string]string{"DATA_DIR": t.TempDir(), "REDIS_URL": volatile.URL()}, "", "check")
	if err != nil || !strings.Contains(out, "warn access: nobody has access") || !strings.Contains(out, "warn store: Redis keeps neither") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	durable := storetest.NewRedisServer(t, "--appendonly", "yes", "--dir", t.TempDir())
	out, _, err = run(t, map[string]string{"DATA_DIR": t.TempDir(), "REDIS_URL": durable.URL(), "ADMIN_IDS": "1"}, "", "check")
	if err != nil || strings.Contains(out, "warn") {
		t.Fatalf("warnings with an admin and an append-only Redis: %v\n%s", err, out)
	}
	out, _, err = run(t, map[string]string{"DATA_DIR": t.TempDir(), "MARKETS_FILE": "/nonexistent/markets.csv"}, "", "check")
	if err == nil || !strings.Contains(out, "MARKETS_FILE=/nonexistent/markets.csv does not exist") {
		t.Fatalf("a missing MARKETS_FILE: %v\n%s", err, out)
	}
}
