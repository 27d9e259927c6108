package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"

	"realtybot/store/redisstore"
)

// RedisDB returns the URL of database db of the test Redis, emptied of the
// keys under ns before and after the test. The end-to-end tests use the
// production namespace, so they take databases a deployment would not share:
// 12 and 13 for the app tests, 14 for maintenance, 15 for serve and console
// (packages run in parallel).
func RedisDB(t testing.TB, db int, ns string) string {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	opt.DB = db
	clean := func() {
		rdb := redis.NewClient(opt)
		defer rdb.Close()
		if err := redisstore.DropNamespace(context.Background(), rdb, ns); err != nil {
			t.Fatalf("Redis at %s: %v", opt.Addr, err)
		}
	}
	clean()
	t.Cleanup(clean)
	cred := ""
	if opt.Password != "" {
		cred = ":" + opt.Password + "@"
	}
	return fmt.Sprintf("redis://%s%s/%d", cred, opt.Addr, db)
}
