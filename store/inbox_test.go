package store_test

import (
	"context"
	"testing"
	"time"

	"realtybot/store/storetest"
)

// The inbox keeps an update until it is answered, takes a duplicate once,
// gives a restarted owner its updates back, and (on Redis) lets another
// replica take what a dead one left.
func TestInboxKeepsUpdatesUntilAnswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		for id := int64(1); id <= 3; id++ {
			if added, err := b.Store.InboxAdd(ctx, "a", id, []byte(`{"update_id":1}`)); !added || err != nil {
				t.Fatalf("add %d: %v %v", id, added, err)
			}
		}
		if added, err := b.Store.InboxAdd(ctx, "a", 2, []byte(`{}`)); added || err != nil {
			t.Fatalf("a duplicate was added: %v %v", added, err)
		}
		if err := b.Store.InboxDone(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if added, _ := b.Store.InboxAdd(ctx, "a", 2, []byte(`{}`)); added {
			t.Fatal("an answered update was taken again")
		}
		items, err := b.Store.InboxClaim(ctx, "a", true, time.Hour, 100)
		if err != nil || len(items) != 2 || items[0].ID != 1 || items[1].ID != 3 || string(items[0].Body) != `{"update_id":1}` {
			t.Fatalf("the owner's claim after a restart: %+v %v", items, err)
		}
		if b.Name == "redis" {
			if items, _ := b.Store.InboxClaim(ctx, "b", false, time.Hour, 100); len(items) != 0 {
				t.Fatalf("another replica took live updates: %+v", items)
			}
			if items, _ := b.Store.InboxClaim(ctx, "b", false, 0, 100); len(items) != 2 {
				t.Fatalf("another replica could not take idle updates: %+v", items)
			}
		}
	})
}
