package cache_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"realtybot/cache"
	"realtybot/store/storetest"
)

// The monthly sweep reads every entry through Peek: it reads what is
// stored, counts nothing, and leaves the memory tier as the requests left
// it, however big the store.
func TestPeekReadsTheStoreWithoutFillingMemory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := storetest.NewClock(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
		st := &cache.Stats{}
		writer := newTiered(t, b, cache.KindListing, clk, st)
		for i := range 50 {
			it := &cache.Item[listing]{Value: listing{ZIP: fmt.Sprint(i)}, FetchedAt: clk.Now(), FreshUntil: clk.Now().Add(time.Hour), StaleUntil: clk.Now().Add(2 * time.Hour)}
			if _, err := writer.Set(ctx, fmt.Sprint("k", i), it); err != nil {
				t.Fatal(err)
			}
		}
		c := newTiered(t, b, cache.KindListing, clk, st) // a process that has answered nothing yet
		before := st.Snapshot()
		for i := range 50 {
			if it, err := c.Peek(ctx, fmt.Sprint("k", i)); err != nil || it.Value.ZIP != fmt.Sprint(i) {
				t.Fatalf("k%d: %+v %v", i, it, err)
			}
		}
		if _, err := c.Peek(ctx, "absent"); !errors.Is(err, cache.ErrNotFound) {
			t.Fatalf("an absent key: %v", err)
		}
		c.Wait()
		if n := c.L1Len(); n != 0 {
			t.Fatalf("the sweep put %d entries in memory", n)
		}
		if st.Snapshot() != before {
			t.Fatalf("peeks were counted: %+v, was %+v", st.Snapshot(), before)
		}
	})
}
