package cli_test

import (
	"strings"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
)

// An update that cannot be decoded (a string message_id) does not wedge
// polling: it is logged once and skipped, and the update behind it is
// answered.
func TestAnUnreadableUpdateIsSkippedOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	from := telegramtest.From{UserID: agent, ChatID: agent}
	poison := telegramtest.Message(from, "/help")
	poison["message"].(map[string]any)["message_id"] = "not-a-number"
	h.tg.Push(poison)
	h.tg.Push(telegramtest.Message(from, "/watches"))
	if r := h.tg.WaitSent(1, 10*time.Second, to(agent)); len(r) != 1 || !strings.Contains(r[0].Text, "watch") {
		t.Fatalf("the update behind the unreadable one: %+v\n%s", r, h.logs)
	}
	if h.tg.WaitSent(1, 10*time.Second, func(telegramtest.Sent) bool { return h.tg.Pending() == 0 }) == nil {
		t.Fatalf("%d updates never confirmed", h.tg.Pending())
	}
	if n := strings.Count(h.logs.String(), "an update that cannot be read was skipped"); n != 1 {
		t.Fatalf("logged %d times, want once\n%s", n, h.logs)
	}
}
