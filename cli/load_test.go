package cli_test

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
)

var underRE = regexp.MustCompile(`under \$([0-9,]+)`)

// price reads the "/deals hot <n>k" a reply answers, as n.
func price(t *testing.T, s telegramtest.Sent) int {
	t.Helper()
	m := underRE.FindStringSubmatch(s.Text)
	if m == nil {
		t.Fatalf("not a /deals reply: %q", s.Text)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n / 1000
}

func TestServeManyChatsEveryMessageAnsweredInOrderAndPaced(t *testing.T) {
	if testing.Short() {
		t.Skip("paced at the platform's real limits: about 20 s")
	}
	h := newHarness(t, map[string]string{"LOG_LEVEL": "info"})
	h.start(t)
	const chats, each = 100, 5
	// Chats send in turns, as agents do, not all of one chat first.
	for j := range each {
		for c := range chats {
			h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: int64(1000 + c)}, fmt.Sprintf("/deals hot %dk", c*10+j+1)))
		}
	}
	sent := h.tg.WaitSent(chats*each, 60*time.Second, func(s telegramtest.Sent) bool { return s.Method == "sendMessage" })
	if len(sent) != chats*each {
		t.Fatalf("%d of %d messages answered", len(sent), chats*each)
	}
	byChat := map[int64][]telegramtest.Sent{}
	for _, s := range sent {
		byChat[s.ChatID] = append(byChat[s.ChatID], s)
	}
	for c := range chats {
		got := byChat[int64(1000+c)]
		if len(got) != each {
			t.Fatalf("chat %d got %d replies, want %d", c, len(got), each)
		}
		sort.SliceStable(got, func(a, b int) bool { return got[a].At.Before(got[b].At) })
		for j, s := range got {
			if p := price(t, s); p != c*10+j+1 {
				t.Fatalf("chat %d: reply %d answers %dk, want %dk (out of order)", c, j, p, c*10+j+1)
			}
			// One message a second per chat, in bursts of two: any three span
			// about two seconds (less the fake's own latency on a busy machine).
			if j >= 2 && s.At.Sub(got[j-2].At) < 1500*time.Millisecond {
				t.Fatalf("chat %d: 3 messages within %v", c, s.At.Sub(got[j-2].At))
			}
		}
		if span := got[each-1].At.Sub(got[0].At); span < 3500*time.Millisecond {
			t.Fatalf("chat %d: %d messages within %v, faster than one a second", c, each, span)
		}
	}
	// About 30 messages a second overall (bursts of 5): 46 take 1.37 s of
	// grants, so even with the fake's latency they cannot fit in a second.
	sort.Slice(sent, func(a, b int) bool { return sent[a].At.Before(sent[b].At) })
	for i := 45; i < len(sent); i++ {
		if d := sent[i].At.Sub(sent[i-45].At); d < time.Second {
			t.Fatalf("46 messages within %v: over the global limit", d)
		}
	}
}

func TestServeShutdownLosesNoAcceptedUpdate(t *testing.T) {
	h := newHarness(t, map[string]string{"LOG_LEVEL": "info"})
	const n = 100
	push := func(i int) {
		h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: int64(2000 + i%20)}, fmt.Sprintf("/deals hot %dk", i+1)))
	}
	for i := range 60 {
		push(i)
	}
	h.start(t)
	// Stop in the middle of the traffic, with updates still arriving.
	h.tg.WaitSent(15, 20*time.Second, func(s telegramtest.Sent) bool { return s.Method == "sendMessage" })
	pushed := make(chan struct{})
	go func() {
		for i := 60; i < n; i++ {
			push(i)
		}
		close(pushed)
	}()
	h.shutdown(t)
	first := len(h.tg.Sent())
	<-pushed
	// What the first process did not take is still pending at Telegram (it
	// was never confirmed); a new process answers it.
	h.start(t)
	sent := h.tg.WaitSent(n, 30*time.Second, func(s telegramtest.Sent) bool { return s.Method == "sendMessage" })
	answered := map[int]bool{}
	for _, s := range sent {
		answered[price(t, s)] = true
	}
	for i := 1; i <= n; i++ {
		if !answered[i] {
			t.Fatalf("update %d was never answered (first process answered %d)\n%s", i, first, h.logs)
		}
	}
	t.Logf("the first process answered %d of %d; %d were left unconfirmed for the next", first, n, n-first)
}
