package cachetest

import (
	"testing"

	"realtybot/quota"
)

// Counters returns the quota counters kept in a test's store.
func Counters(t testing.TB, store any) quota.Counters {
	t.Helper()
	c, err := quota.Of(store)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
