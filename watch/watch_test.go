package watch_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"realtybot/clock"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/market/filter"
	"realtybot/realty"
	"realtybot/store/storetest"
	"realtybot/watch"
)

func backends(t *testing.T) []storetest.Backend {
	return []storetest.Backend{storetest.Redis(t), storetest.Bolt(t)}
}

func TestBookKeepsWatchesAcrossRestartsAndCapsThem(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			book := watch.NewBook(b.Store, nil)
			w := watch.Watch{User: 7, Chat: 70, ZIP: "78701", Type: realty.SFR, Filter: filter.Filter{MaxPrice: 500_000, MinBeds: 3}}
			if replaced, err := book.Add(ctx, w); err != nil || replaced {
				t.Fatalf("add: %v %v", replaced, err)
			}
			w.Filter.MinBeds = 4
			if replaced, err := book.Add(ctx, w); err != nil || !replaced {
				t.Fatalf("the same ZIP and type again should replace: %v %v", replaced, err)
			}
			if _, err := book.Add(ctx, watch.Watch{User: 8, Chat: 80, ZIP: "78701", Type: realty.SFR}); err != nil {
				t.Fatal(err)
			}
			book = watch.NewBook(b.Open(t), nil) // a restart
			mine, err := book.Of(ctx, 7)
			if err != nil || len(mine) != 1 || mine[0] != w {
				t.Fatalf("after a restart: %+v %v", mine, err)
			}
			if d, err := book.Demand(ctx); err != nil || d["78701_sfr"] != 2 {
				t.Fatalf("demand %v %v", d, err)
			}
			for i := range watch.MaxPerAgent - 1 {
				z := []byte("10000")
				z[4] += byte(i)
				if _, err := book.Add(ctx, watch.Watch{User: 7, Chat: 70, ZIP: realty.Zip(z), Type: realty.Condo}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := book.Add(ctx, watch.Watch{User: 7, Chat: 70, ZIP: "99999", Type: realty.Condo}); err != watch.ErrTooMany {
				t.Fatalf("past the cap: %v", err)
			}
			if n, err := book.Remove(ctx, 7, "78701", ""); err != nil || n != 1 {
				t.Fatalf("remove: %d %v", n, err)
			}
			if n, _ := book.Remove(ctx, 7, "78701", ""); n != 0 {
				t.Fatal("removed twice")
			}
			if others, _ := book.Of(ctx, 8); len(others) != 1 {
				t.Fatalf("another agent's watch went too: %+v", others)
			}
		})
	}
}

type sent struct {
	mu   sync.Mutex
	msgs map[int64][]string
}

func (s *sent) send(_ context.Context, chat int64, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[chat] = append(s.msgs[chat], text)
}

func (s *sent) to(chat int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.msgs[chat]
}

// Two replicas that both see a change send it once; changes are batched
// into one message per chat and paced; a filter keeps what its watcher
// does not want out.
func TestNotifierBatchesPacesAndSendsOncePerChange(t *testing.T) {
	ctx := context.Background()
	clk := storetest.NewClock(time.Date(2026, 11, 29, 23, 55, 0, 0, time.UTC)) // the pace spans midnight
	b := storetest.RedisOn(t, clk)
	book := watch.NewBook(b.Store, nil)
	for _, w := range []watch.Watch{
		{User: 1, Chat: 10, ZIP: "78701", Type: realty.SFR},
		{User: 1, Chat: 10, ZIP: "78702", Type: realty.SFR},
		{User: 2, Chat: 20, ZIP: "78701", Type: realty.SFR, Filter: filter.Filter{MinBeds: 5}},
	} {
		if _, err := book.Add(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	now := clk.Now()
	out := &sent{msgs: map[int64][]string{}}
	var replicas []*watch.Notifier
	for range 2 {
		n := watch.NewNotifier(watch.NewBook(b.Open(t), nil), b.Open(t), words.WatchNews, clk, nil)
		n.SetSend(out.send)
		replicas = append(replicas, n)
	}
	at := now.Add(-time.Minute)
	oak := market.Summary{ID: "2", Address: "2 OAK AVE", Price: 515_000, Beds: 4}
	for _, r := range replicas {
		tellNew(ctx, r, "78701", at, market.Summary{ID: "1", Address: "1 MAIN ST", Price: 400_000, Beds: 3, Baths: 2})
		r.Changed(ctx, listing("78702", market.Summary{ID: "2", Address: "2 OAK AVE", Price: 500_000, Beds: 4}), listing("78702", oak), at)
	}
	for _, r := range replicas {
		r.Flush(ctx)
	}
	msgs := out.to(10)
	if len(msgs) != 1 || !strings.Contains(msgs[0], "1 MAIN ST") || !strings.Contains(msgs[0], "2 OAK AVE") || !strings.Contains(msgs[0], "+3.0%") {
		t.Fatalf("chat 10 should get both changes in one message, once: %q", msgs)
	}
	if got := out.to(20); len(got) != 0 {
		t.Fatalf("a 3-bed home reached a 5+ beds watch: %q", got)
	}
	tellNew(ctx, replicas[1], "78701", now, market.Summary{ID: "3", Address: "3 ELM ST", Price: 300_000, Beds: 5}) // seen by the other replica
	if replicas[1].Flush(ctx); len(out.to(10)) != 1 {
		t.Fatal("a second message to a chat within the pacing interval, from another replica")
	}
	clk.Advance(watch.DefaultEvery - time.Second)
	if replicas[1].Flush(ctx); len(out.to(10)) != 1 {
		t.Fatal("a second message to a chat a second before the pacing interval ends")
	}
	clk.Advance(time.Second)
	replicas[1].Flush(ctx)
	if msgs := out.to(10); len(msgs) != 2 || !strings.Contains(msgs[1], "3 ELM ST") {
		t.Fatalf("after the interval: %q", msgs)
	}
	if msgs := out.to(20); len(msgs) != 1 || !strings.Contains(msgs[0], "5+ beds") {
		t.Fatalf("the 5-bed home for chat 20: %q", msgs)
	}
}

// News waits in L2 until it is sent: a process that stops before telling a
// watcher leaves it to the next one; a console tells only its own chat.
func TestNewsSurvivesARestartAndTheConsoleTakesOnlyItsOwn(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			book := watch.NewBook(b.Store, nil)
			for _, w := range []watch.Watch{{User: 1, Chat: 10, ZIP: "78701", Type: realty.SFR}, {User: 2, Chat: 20, ZIP: "78701", Type: realty.SFR}} {
				if _, err := book.Add(ctx, w); err != nil {
					t.Fatal(err)
				}
			}
			before := watch.NewNotifier(book, b.Store, words.WatchNews, clock.Real, nil) // no sender yet: serving had not started
			tellNew(ctx, before, "78701", time.Now(), market.Summary{ID: "1", Address: "1 MAIN ST", Price: 400_000})
			if before.Flush(ctx) != 0 {
				t.Fatal("sent without a sender")
			}
			store := b.Open(t) // a restart
			out := &sent{msgs: map[int64][]string{}}
			console := watch.NewNotifier(watch.NewBook(store, nil), store, words.WatchNews, clock.Real, nil)
			console.Only = 20
			console.SetSend(out.send)
			if console.Flush(ctx); len(out.to(10)) != 0 || len(out.to(20)) != 1 {
				t.Fatalf("the console's flush: %v", out.msgs)
			}
			after := watch.NewNotifier(watch.NewBook(store, nil), store, words.WatchNews, clock.Real, nil)
			after.SetSend(out.send)
			tellNew(ctx, after, "78701", time.Now().Add(time.Second), market.Summary{ID: "2", Address: "2 GONE ST", Price: 400_000})
			after.Allowed = func(user int64) bool { return user != 2 } // user 2 left the agents
			after.Flush(ctx)
			after.Flush(ctx)
			if msgs := out.to(10); len(msgs) != 1 || !strings.Contains(msgs[0], "1 MAIN ST") || len(out.to(20)) != 1 {
				t.Fatalf("after the restart: %v", out.msgs)
			}
			if left, _ := store.HashAll(ctx, "watchnews"); len(left) != 0 {
				t.Fatalf("news left for a user no longer allowed: %d", len(left))
			}
		})
	}
}

// listing is a single-family listing of zip holding homes.
func listing(zip string, homes ...market.Summary) *market.Listing {
	return &market.Listing{ZIP: zip, Type: realty.SFR, Items: homes}
}

// tellNew tells n of a live listing of zip that adds homes to the one it
// replaced.
func tellNew(ctx context.Context, n *watch.Notifier, zip string, at time.Time, homes ...market.Summary) {
	n.Changed(ctx, listing(zip), listing(zip, homes...), at)
}
