package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
)

// TestKilledMidFloodEveryUpdateIsAnsweredOnce runs the real binary in
// polling mode against the fake Bot API, stops it mid-flood (SIGTERM: a
// graceful stop shorter than the flood; SIGKILL: no goodbye), restarts it,
// and checks that every update Telegram sent is answered exactly once.
func TestKilledMidFloodEveryUpdateIsAnsweredOnce(t *testing.T) {
	t.Parallel() // its own binary, fakes and store: it waits on the wall clock beside the other tests
	const chats = 3
	// One message a second per chat: SIGTERM's flood is some 5 s longer than
	// the 15 s grace; SIGKILL's needs only to be under way.
	for sig, perChat := range map[syscall.Signal]int{syscall.SIGTERM: 22, syscall.SIGKILL: 8} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			bin := buildBinary(t, dir)
			tg := telegramtest.NewServer()
			defer tg.Close()
			var agents []string
			for c := range chats {
				agents = append(agents, fmt.Sprint(1000+c))
			}
			env := append(os.Environ(), "TELEGRAM_BOT_TOKEN="+telegramtest.Token, "TELEGRAM_API_URL="+tg.URL,
				"AGENT_IDS="+strings.Join(agents, ","), "DATA_DIR="+filepath.Join(dir, "data"), "REDIS_URL=", "REDIS_ADDRS=",
				"ATTOM_API_KEY=", "LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=warn")
			want := map[string]bool{}
			for i := range perChat {
				for c := range chats {
					zip := fmt.Sprintf("%05d", 10000+c*100+i)
					want[zip] = true
					tg.Push(telegramtest.Message(telegramtest.From{UserID: int64(1000 + c), ChatID: int64(1000 + c)}, "/search "+zip))
				}
			}
			start := func() *exec.Cmd { cmd, _ := startServe(t, bin, env); return cmd }
			replies := func() []telegramtest.Sent {
				return tg.WaitSent(0, 0, func(s telegramtest.Sent) bool { return s.Method == "sendMessage" })
			}
			first := start()
			waitFor(t, func() bool { return len(replies()) >= 2*chats })
			// Stop between two sends, as a crash most likely comes: a reply that
			// Telegram took but that the inbox had not yet forgotten (a window of
			// a millisecond or two, documented in the README) would be sent again.
			// The binary paces each chat at one send a second on the wall clock,
			// so 400 ms after a send is the middle of the gap: this sleep picks
			// the moment of the crash, it does not wait for anything to settle.
			n := len(replies())
			waitFor(t, func() bool { return len(replies()) > n })
			time.Sleep(400 * time.Millisecond)
			first.Process.Signal(sig)
			first.Wait()
			before := len(replies())
			second := start()
			restarted := time.Now()
			deadline := restarted.Add(150 * time.Second)
			for len(replies()) < len(want) && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			t.Logf("%s: %d replies before the stop, the rest %v after the restart", sig, before, time.Since(restarted).Round(time.Second))
			second.Process.Signal(syscall.SIGTERM)
			second.Wait()
			seen := map[string]int{}
			for _, s := range replies() {
				for zip := range want {
					if strings.Contains(s.Text, "SFR in "+zip) {
						seen[zip]++
					}
				}
			}
			var missing, twice []string
			for zip := range want {
				switch seen[zip] {
				case 0:
					missing = append(missing, zip)
				case 1:
				default:
					twice = append(twice, zip)
				}
			}
			if len(missing) > 0 || len(twice) > 0 || tg.Pending() > 0 {
				t.Fatalf("%s after %d replies: %d updates never answered %v, %d answered twice %v, %d never confirmed",
					sig, before, len(missing), missing, len(twice), twice, tg.Pending())
			}
			if before >= len(want) || before < 2*chats {
				t.Fatalf("the stop came at %d of %d replies: the test did not stop mid-flood", before, len(want))
			}
		})
	}
}
