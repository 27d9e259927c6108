package cli_test

import (
	"testing"

	"realtybot/app"
	"realtybot/store/storetest"
)

// consoleRedisURL is database 15 of the test Redis, for serve and console.
func consoleRedisURL(t *testing.T) string { return storetest.RedisDB(t, 15, app.Namespace) }
