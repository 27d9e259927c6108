package handlers_test

import (
	"strings"
	"testing"

	"realtybot/handlers/reply"
	"realtybot/store/storetest"
	"realtybot/watch"
)

func TestWatchCommands(t *testing.T) {
	f := newFixture(t, reply.Plain)
	if r := f.say(agent, "/watch 78701"); !strings.Contains(r, "not available") {
		t.Fatalf("without a watchlist: %s", r)
	}
	f.h.Watches = watch.NewBook(storetest.Bolt(t).Store, nil)
	for in, want := range map[string]string{
		"/watch":                   "Which ZIP?",
		"/watch 7870":              "five digits",
		"/watch 78701 castle":      "Valid types",
		"/watch 78701 under cheap": "Filters look like",
		"/unwatch":                 "Which ZIP?",
		"/unwatch 78701 castle":    "Valid types",
		"/unwatch 78701":           "You were not watching 78701",
		"/watches":                 "You watch nothing yet",
	} {
		if got := f.say(agent, in); !strings.Contains(got, want) {
			t.Errorf("%q: %s\nwant %q", in, got, want)
		}
	}
	// The reply says what /unwatch removes: this watch, or every watch of the ZIP.
	if r := f.say(agent, "/watch 78701 condo under 400k 2+ beds"); !strings.Contains(r, "Watching 78701 condo · under $400k · 2+ beds") ||
		!strings.Contains(r, "/unwatch 78701 condo stops this one (/unwatch 78701 every watch of 78701)") {
		t.Fatalf("/watch: %s", r)
	}
	f.say(agent, "/watch 78701 sfr")
	if r := f.say(agent, "/unwatch 78701 sfr"); !strings.Contains(r, "Stopped watching 78701 sfr") {
		t.Fatalf("/unwatch one type: %s", r)
	}
	if r := f.say(agent, "/watches"); !strings.Contains(r, "1. 78701 condo · under $400k · 2+ beds") {
		t.Fatalf("/watches: %s", r)
	}
	if r := f.say(agent, "/unwatch 78701"); !strings.Contains(r, "Stopped watching 78701") {
		t.Fatalf("/unwatch: %s", r)
	}
	if f.srv.Calls() != 0 {
		t.Fatalf("watching called ATTOM %d times", f.srv.Calls())
	}
}
