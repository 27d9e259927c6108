package bot

import (
	"context"
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"

	"realtybot/cache"
	"realtybot/cache/cachetest"
)

// RedisDB returns the URL of database db of the test Redis, emptied of
// realtybot's keys before and after the test. The end-to-end tests use the
// production namespace, so they take databases a deployment would not share:
// 14 for the maintenance tests, 15 for serve and console.
func RedisDB(t *testing.T, db int) string {
	t.Helper()
	opt, err := redis.ParseURL(cachetest.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	opt.DB = db
	clean := func() {
		rdb := redis.NewClient(opt)
		defer rdb.Close()
		if err := cache.DropNamespace(context.Background(), rdb, Namespace); err != nil {
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
