package app

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/config"
	"realtybot/maintenance"
	"realtybot/store/storetest"
)

// replicaRedis is database 13 of the test Redis, emptied of the bot's keys.
func replicaRedis(t *testing.T) string { return storetest.RedisDB(t, 13, Namespace) }

// replica builds one App on Redis with the fake ATTOM and the fake clock,
// and its maintenance (whose notifications are dropped).
// appInstant is the app tests' "now", on the clock they pass.
var appInstant = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func replica(t *testing.T, redisURL, attomURL string, clk *storetest.Clock, extra map[string]string) (*App, *maintenance.Maintenance) {
	t.Helper()
	env := map[string]string{"REDIS_URL": redisURL, "DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key,
		"ATTOM_BASE_URL": attomURL, "DEFAULT_MARKET_TYPE": "hot", "ADMIN_IDS": "1"}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := Build(context.Background(), cfg, slog.New(slog.DiscardHandler), clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a, a.Maintenance(func(context.Context, string, []byte) {})
}
