package bot_test

import (
	"testing"

	"realtybot/bot"
)

// consoleRedisURL is database 15 of the test Redis, for serve and console.
func consoleRedisURL(t *testing.T) string { return bot.RedisDB(t, 15) }
