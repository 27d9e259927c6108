package bot_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"realtybot/bot"
	"realtybot/cache/cachetest"
)

// consoleDB is the Redis database the console tests run in: realtybot's own
// namespace is used there as in production, so it must not be a database a
// deployment could share.
const consoleDB = 15

// consoleRedisURL is REDIS_URL's server with database 15, emptied of
// realtybot's keys before and after the test.
func consoleRedisURL(t *testing.T) string {
	t.Helper()
	opt, err := redis.ParseURL(cachetest.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	opt.DB = consoleDB
	clean := func() {
		rdb := redis.NewClient(opt)
		defer rdb.Close()
		ctx := context.Background()
		iter := rdb.Scan(ctx, 0, bot.Namespace+"*", 1000).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Fatalf("Redis at %s: %v", opt.Addr, err)
		}
	}
	clean()
	t.Cleanup(clean)
	u := "redis://" + opt.Addr + "/15"
	if opt.Password != "" {
		u = "redis://:" + opt.Password + "@" + opt.Addr + "/15"
	}
	return u
}
