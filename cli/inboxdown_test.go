package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
	"realtybot/store/storetest"
)

// With Redis down, an update cannot be kept in the inbox and is answered
// before it is confirmed. While that answer waits (here on a 429), polling
// holds the next getUpdates, which would confirm it: a SIGKILL then leaves
// the update with Telegram, and the next process answers it.
func TestAnUpdateAnsweredWithTheInboxDownSurvivesAKill(t *testing.T) {
	t.Parallel() // its own binary, fakes and Redis
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	rs := storetest.NewRedisServer(t)
	tg := telegramtest.NewServer()
	t.Cleanup(tg.Close) // after the processes' cleanups, which end their polls
	env := append(os.Environ(), "TELEGRAM_BOT_TOKEN="+telegramtest.Token, "TELEGRAM_API_URL="+tg.URL,
		"AGENT_IDS=1000", "DATA_DIR="+filepath.Join(dir, "data"), "REDIS_URL="+rs.URL(), "REDIS_ADDRS=",
		"ATTOM_API_KEY=", "LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=warn")
	start := func() (*exec.Cmd, *syncBuilder) { return startServe(t, bin, env) }
	polls := tg.Calls("getUpdates")
	first, logs := start()
	waitFor(t, func() bool { return tg.Calls("getUpdates") > polls })
	rs.Stop() // the inbox is down
	tg.FailNext("sendMessage", 1, 60)
	tg.Push(telegramtest.Message(telegramtest.From{UserID: 1000, ChatID: 1000}, "/help"))
	waitFor(t, func() bool { return tg.Calls("sendMessage") == 1 }) // the answer met the 429
	first.Process.Kill()
	first.Wait()
	if tg.Pending() != 1 {
		t.Fatalf("the update was confirmed before it was answered (%d pending)\n%s", tg.Pending(), logs)
	}
	rs.Start(t)
	start()
	waitFor(t, func() bool { return tg.Pending() == 0 })
	replies := tg.WaitSent(1, 10*time.Second, func(s telegramtest.Sent) bool { return s.Method == "sendMessage" && s.ChatID == 1000 })
	if len(replies) != 1 || !strings.Contains(replies[0].Text, "Commands") {
		t.Fatalf("the update was not answered after the restart: %+v", replies)
	}
}
