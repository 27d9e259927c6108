package cli_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/bot/telegramtest"
	"realtybot/cli"
)

const watchAdmin = 1

// A watch outlives a restart, and an admin refresh that moves values in the
// watched ZIP notifies the watcher once: a second refresh that changes
// nothing sends nothing more.
func TestWatchSurvivesARestartAndARefreshNotifiesOnce(t *testing.T) {
	h := newHarness(t, map[string]string{"ADMIN_IDS": fmt.Sprint(watchAdmin)})
	h.start(t)
	agentChat, adminChat := telegramtest.From{UserID: agent, ChatID: agent}, telegramtest.From{UserID: watchAdmin, ChatID: watchAdmin}
	say := func(from telegramtest.From, text string, n int, want string) {
		t.Helper()
		h.tg.Push(telegramtest.Message(from, text))
		got := h.tg.WaitSent(n, 10*time.Second, to(from.ChatID))
		if len(got) < n || !strings.Contains(got[n-1].Text, want) {
			t.Fatalf("%s: want %q in reply %d, got %+v\n%s", text, want, n, got, h.logs)
		}
	}
	say(agentChat, "/search 78701 sfr", 1, "SFR in 78701")
	say(agentChat, "/watch 78701 sfr 2+ beds", 2, "Watching 78701 sfr · 2+ beds")
	h.shutdown(t)

	h.start(t) // a new process on the same Redis
	say(agentChat, "/watches", 3, "78701 sfr · 2+ beds")
	h.attom.Revalue("78701", 1.06) // ATTOM's next AVM run moves every value
	say(adminChat, "/refresh 78701 sfr", 1, "Refreshed 78701 sfr live")
	h.clk.Advance(cli.WatchFlush) // the next flush tells the watcher
	notes := h.tg.WaitSent(4, 10*time.Second, to(agent))
	if len(notes) != 4 {
		t.Fatalf("no notification\n%s", h.logs)
	}
	n := notes[3].Text
	if !strings.Contains(n, "Your watched ZIPs changed") || !strings.Contains(n, "78701 sfr · 2+ beds") || !strings.Contains(n, "value change") ||
		!strings.Contains(n, "(was $") || !strings.Contains(n, "/search 78701 sfr 2+ beds") {
		t.Fatalf("notification:\n%s", n)
	}
	say(adminChat, "/refresh 78701 sfr", 2, "Refreshed 78701 sfr live") // nothing moved this time
	for range 3 {                                                       // a tick is handed over only once the flush before it is done
		h.clk.Advance(cli.WatchFlush)
	}
	if got := h.tg.WaitSent(5, 100*time.Millisecond, to(agent)); len(got) != 4 {
		t.Fatalf("the watcher got %d messages, want the one notification: %+v", len(got)-3, got[3:])
	}
}

// In the console too: a watch made in one run is kept, and the admin's
// refresh in the next run prints its one notification.
func TestConsoleWatchAcrossRuns(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": srv.URL, "DEFAULT_MARKET_TYPE": "hot"}
	out, _, err := run(t, vars, "/search 78701 condo\n/watch 78701 condo\n", "console", "--quiet")
	if err != nil || !strings.Contains(out, "Watching 78701 condo") {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	srv.Revalue("78701", 0.95)
	out, _, err = run(t, vars, "/watches\n/refresh 78701 condo\n/refresh 78701 condo\n", "console", "--quiet")
	if err != nil || !strings.Contains(out, "1. 78701 condo") || strings.Count(out, "(notification to chat") != 1 ||
		!strings.Contains(out, "Your watched ZIPs changed") || !strings.Contains(out, "−5.") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
}
