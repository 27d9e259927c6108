package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/bot/telegramtest"
	"realtybot/cli"
	"realtybot/clock"
)

const agent = 2

// testInstant is the tests' "now": a Wednesday afternoon, clear of the
// maintenance hour, a week's and a month's turn (tests of those instants
// set their own).
var testInstant = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

// syncBuffer collects logs written from several goroutines.
type syncBuffer = cli.SyncBuffer

type harness struct {
	clk *clock.Manual // the bot's clock: time passes only as the bot waits, or as the test moves it
	// maintenance is set by a test that moves the clock past maintenance's
	// first tick.
	maintenance bool
	tg          *telegramtest.Server
	attom       *attomtest.Server
	env         map[string]string
	logs        *syncBuffer
	stop        context.CancelFunc
	done        chan error
}

// newHarness prepares the fakes and the environment of `realtybot serve`
// with a real Redis (database 15, emptied around the test).
func newHarness(t *testing.T, extra map[string]string) *harness {
	t.Helper()
	h := &harness{clk: clock.NewManual(testInstant), tg: telegramtest.NewServer(), attom: attomtest.NewServer(), logs: &syncBuffer{}}
	h.tg.SetClock(h.clk.Now)
	// While a test waits for a reply, time moves to the bot's next wait
	// (pacing, a retry_after), never by itself: maintenance's first tick,
	// a minute after start, runs only in a test that moves the clock so far.
	h.tg.WhileWaiting(func() { h.clk.AdvanceToNextWait(10 * time.Second) })
	t.Cleanup(h.tg.Close)
	t.Cleanup(h.attom.Close)
	h.env = map[string]string{
		"TELEGRAM_BOT_TOKEN": telegramtest.Token, "TELEGRAM_API_URL": h.tg.URL,
		"ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": h.attom.URL, "REDIS_URL": consoleRedisURL(t),
		// No admins: maintenance reports and alerts would add messages.
		"AGENT_IDS": fmt.Sprint(agent), "DEFAULT_MARKET_TYPE": "hot",
		"LOG_LEVEL": "debug", "DATA_DIR": t.TempDir(), "LISTEN_ADDR": freeAddr(t),
	}
	for k, v := range extra {
		h.env[k] = v
	}
	return h
}

// start runs serve in process and waits until it takes updates: it polls,
// or its webhook is registered.
func (h *harness) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.stop, h.done = cancel, make(chan error, 1)
	polls := h.tg.Calls("getUpdates")
	ready := func() bool {
		if h.env["TELEGRAM_MODE"] == "webhook" {
			url, _ := h.tg.Webhook()
			return url != ""
		}
		return h.tg.Calls("getUpdates") > polls
	}
	go func() {
		h.done <- cli.RunOn(ctx, h.clk, []string{"realtybot", "serve"}, func(k string) string { return h.env[k] }, strings.NewReader(""), h.logs, h.logs)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !ready() {
		select {
		case err := <-h.done:
			t.Fatalf("serve stopped at start: %v\n%s", err, h.logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start\n%s", h.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() { h.shutdown(t) })
}

// shutdown is SIGTERM: it waits for Run to return.
func (h *harness) shutdown(t *testing.T) {
	t.Helper()
	if h.stop == nil {
		return
	}
	h.stop()
	// The drain answers what is in hand: its sends wait on the bot's clock,
	// which moves as they wait.
	deadline := time.Now().Add(30 * time.Second)
	for stopped := false; !stopped; {
		select {
		case err := <-h.done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
			stopped = true
		default:
			if time.Now().After(deadline) {
				t.Fatal("serve did not stop")
			}
			if !h.clk.AdvanceToNextWait(10 * time.Second) {
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
	h.stop = nil
	if logs := h.logs.String(); strings.Contains(logs, telegramtest.Token) || strings.Contains(logs, attomtest.Key) {
		t.Error("a secret appears in the logs")
	}
	// Maintenance runs only in a test that moves the clock to its first
	// tick, a minute after start.
	if logs := h.logs.String(); strings.Contains(logs, "maintenance task") && !h.maintenance {
		t.Errorf("maintenance ran though the test did not ask for it:\n%s", logs)
	}
}

func to(chat int64) func(telegramtest.Sent) bool {
	return func(s telegramtest.Sent) bool { return s.ChatID == chat && s.Method == "sendMessage" }
}

func TestServeSearchWithProvenanceAndKeyboardPaging(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/search 78701 sfr"))
	got := h.tg.WaitSent(1, 10*time.Second, to(agent))
	if len(got) != 1 {
		t.Fatalf("no reply\n%s", h.logs)
	}
	m := got[0]
	if !strings.Contains(m.Text, "SFR in 78701") || !strings.Contains(m.Text, "Source: live from ATTOM (cost 1 call)") || m.ParseMode != "HTML" {
		t.Fatalf("reply: %+v", m)
	}
	if !strings.Contains(m.Markup, `"callback_data":"s:78701:sfr:2"`) || !strings.Contains(m.Markup, `"callback_data":"s:78701:condo:1"`) {
		t.Fatalf("keyboard: %s", m.Markup)
	}
	isEdit := func(s telegramtest.Sent) bool { return s.Method == "editMessageText" && s.MessageID == m.MessageID }
	h.tg.Push(telegramtest.Callback(telegramtest.From{UserID: agent, ChatID: agent}, m.MessageID, "s:78701:sfr:2"))
	edits := h.tg.WaitSent(1, 10*time.Second, isEdit)
	if len(edits) != 1 || !strings.Contains(edits[0].Text, "Showing 9–16") || !strings.Contains(edits[0].Text, "cached") {
		t.Fatalf("page 2 edit: %+v\n%s", edits, h.logs)
	}
	h.tg.Push(telegramtest.Callback(telegramtest.From{UserID: agent, ChatID: agent}, m.MessageID, "s:78701:condo:1"))
	edits = h.tg.WaitSent(2, 10*time.Second, isEdit)
	if len(edits) != 2 || !strings.Contains(edits[1].Text, "CONDO in 78701") {
		t.Fatalf("type switch edit: %+v", edits)
	}
	// A button without data leaves the message as it is.
	h.tg.Push(telegramtest.Callback(telegramtest.From{UserID: agent, ChatID: agent}, m.MessageID, ""))
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/watches")) // answered after it
	if r := h.tg.WaitSent(2, 10*time.Second, to(agent)); len(r) != 2 || len(h.tg.WaitSent(0, 0, isEdit)) != 2 {
		t.Fatalf("a button without data: replies %+v, edits %d", r, len(h.tg.WaitSent(0, 0, isEdit)))
	}
	// A forged button costs nothing and edits nothing.
	calls := h.attom.Calls()
	h.tg.Push(telegramtest.Callback(telegramtest.From{UserID: agent, ChatID: agent}, m.MessageID, "s:../../etc:sfr:1"))
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/watches")) // answered after it
	h.tg.WaitSent(3, 10*time.Second, to(agent))
	answers := h.tg.WaitSent(4, 10*time.Second, func(s telegramtest.Sent) bool { return s.Method == "answerCallbackQuery" })
	if len(answers) != 4 || !strings.Contains(answers[3].Text, "out of date") || h.attom.Calls() != calls || len(h.tg.WaitSent(0, 0, isEdit)) != 2 {
		t.Fatalf("forged callback: answers %+v, attom calls %d→%d", answers, calls, h.attom.Calls())
	}
}

func TestServeRefusesStrangersAndNonAdminsForFree(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: 777, ChatID: 777}, "/search 78701 sfr"))
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/usage"))
	stranger := h.tg.WaitSent(1, 10*time.Second, to(777))
	if len(stranger) != 1 || !strings.Contains(stranger[0].Text, "registered agents") || !strings.Contains(stranger[0].Text, "<code>777</code>") {
		t.Fatalf("stranger: %+v", stranger)
	}
	if r := h.tg.WaitSent(1, 10*time.Second, to(agent)); len(r) != 1 || !strings.Contains(r[0].Text, "admins only") {
		t.Fatalf("agent /usage: %+v", r)
	}
	if h.attom.Calls() != 0 {
		t.Fatalf("refusals reached ATTOM %d times", h.attom.Calls())
	}
	// In a group: commands addressed to us are answered, others' and chatter are not.
	group := telegramtest.From{UserID: agent, ChatID: -100}
	h.tg.Push(telegramtest.Message(group, "/search@OtherBot 78701"))
	h.tg.Push(telegramtest.Message(group, "nice weather"))
	h.tg.Push(telegramtest.Message(group, "/help@"+telegramtest.Username))
	h.tg.Push(telegramtest.Message(group, "/watches")) // a chat is answered in order: this reply comes last
	if r := h.tg.WaitSent(2, 10*time.Second, to(-100)); len(r) != 2 || !strings.Contains(r[0].Text, "Commands") || !strings.Contains(r[1].Text, "watch") {
		t.Fatalf("group replies: %+v", r)
	}
	if !strings.Contains(h.tg.Commands(), `"command":"search"`) || strings.Contains(h.tg.Commands(), `"command":"usage"`) {
		t.Fatalf("setMyCommands: %s", h.tg.Commands())
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeWebhookChecksTheSecret(t *testing.T) {
	addr := freeAddr(t)
	h := newHarness(t, map[string]string{"TELEGRAM_MODE": "webhook", "LISTEN_ADDR": addr,
		"WEBHOOK_URL": "http://" + addr + "/tg/hook", "WEBHOOK_SECRET": "s3cret_-value"})
	h.start(t)
	if url, secret := h.tg.Webhook(); url != "http://"+addr+"/tg/hook" || secret != "s3cret_-value" {
		t.Fatalf("setWebhook: %q %q", url, secret)
	}
	post := func(secret string, body []byte) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/tg/hook", bytes.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	upd := h.tg.Update(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/help"))
	refused := h.tg.Update(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/deals"))
	for _, bad := range []string{"", "wrong", "s3cret_-valuE", "s3cret_-value-and-more"} {
		if code := post(bad, refused); code != http.StatusUnauthorized {
			t.Fatalf("secret %q: %d, want 401", bad, code)
		}
	}
	if code := post("s3cret_-value", []byte("{not json")); code != http.StatusBadRequest {
		t.Fatalf("malformed: %d", code)
	}
	// An update Telegram sends that does not decode is skipped with a 200,
	// or Telegram would send it again and again.
	poison := telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/deals")
	poison["message"].(map[string]any)["message_id"] = "not-a-number"
	if code := post("s3cret_-value", h.tg.Update(poison)); code != http.StatusOK {
		t.Fatalf("unreadable update: %d, want 200 (skipped)", code)
	}
	if code := post("s3cret_-value", bytes.Repeat([]byte(" "), 2<<20)); code != http.StatusRequestEntityTooLarge && code != http.StatusBadRequest {
		t.Fatalf("oversized: %d", code)
	}
	if code := post("s3cret_-value", upd); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	if r := h.tg.WaitSent(1, 10*time.Second, to(agent)); len(r) != 1 || !strings.Contains(r[0].Text, "Commands") {
		t.Fatalf("reply: %+v", r)
	}
	// Telegram sends an update again when our 200 was lost: it is answered once.
	if code := post("s3cret_-value", upd); code != http.StatusOK {
		t.Fatalf("duplicate delivery: %d", code)
	}
	// The chat is answered in order: once this last update's reply is in,
	// a refused request or the duplicate would have been answered before it.
	if code := post("s3cret_-value", h.tg.Update(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/watches"))); code != http.StatusOK {
		t.Fatalf("last update: %d", code)
	}
	if r := h.tg.WaitSent(2, 10*time.Second, to(agent)); len(r) != 2 || !strings.Contains(r[1].Text, "watch") {
		t.Fatalf("a refused request or the duplicate delivery was answered: %+v", r)
	}
}

func TestServeRetriesAfterA429(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	h.tg.FailNext("sendMessage", 1, 1)
	pushed := h.clk.Now()
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/help"))
	r := h.tg.WaitSent(1, 10*time.Second, to(agent))
	if len(r) != 1 || h.tg.Calls("sendMessage") != 2 {
		t.Fatalf("delivered %d after %d attempts", len(r), h.tg.Calls("sendMessage"))
	}
	if d := r[0].At.Sub(pushed); d != time.Second {
		t.Fatalf("delivered %v after the update, want retry_after (1s) on the bot's clock", d)
	}
}

// Strangers are told once each and kept out of the agents' way: while 40 of
// them (more than the workers) flood the bot, an agent's command is answered
// within 2 s.
func TestStrangersFloodingDoNotDelayAgents(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	for range 30 {
		for s := range 40 {
			h.tg.Push(telegramtest.Message(telegramtest.From{UserID: int64(5000 + s), ChatID: int64(5000 + s)}, "/search 78701"))
		}
	}
	pushed := h.clk.Now()
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/help"))
	r := h.tg.WaitSent(1, 10*time.Second, to(agent))
	if len(r) != 1 {
		t.Fatalf("the agent was not answered\n%s", h.logs)
	}
	if d := r[0].At.Sub(pushed); d > 2*time.Second {
		t.Fatalf("the agent waited %v behind 1,200 strangers' messages, want under 2 s", d)
	}
	// Every stranger's first message is answered; once Telegram has no
	// update left to give, nothing more can be sent to them.
	isStranger := func(s telegramtest.Sent) bool { return s.ChatID >= 5000 }
	if got := h.tg.WaitSent(40, 10*time.Second, isStranger); len(got) < 40 {
		t.Fatalf("%d of 40 strangers were told who to ask", len(got))
	}
	if h.tg.WaitSent(1, 10*time.Second, func(telegramtest.Sent) bool { return h.tg.Pending() == 0 }) == nil {
		t.Fatalf("%d updates still pending", h.tg.Pending())
	}
	per := map[int64]int{}
	for _, s := range h.tg.Sent() {
		if s.ChatID >= 5000 {
			per[s.ChatID]++
		}
	}
	for chat, n := range per {
		if n > 1 {
			t.Fatalf("stranger %d got %d replies, want one refusal", chat, n)
		}
	}
	if h.attom.Calls() != 0 {
		t.Fatalf("strangers cost %d ATTOM calls", h.attom.Calls())
	}
}

// In a group, strangers are told once an hour whoever asks, and their
// refusals give way to agents': after 15 strangers, an agent's command in
// the same group is answered within a second.
func TestStrangersInAGroupDoNotDelayItsAgents(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	const group = -4242
	for s := range 15 {
		h.tg.Push(telegramtest.Message(telegramtest.From{UserID: int64(7000 + s), ChatID: group}, "/search 78701"))
	}
	pushed := h.clk.Now()
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: group}, "/help"))
	isAgents := func(s telegramtest.Sent) bool { return s.ChatID == group && strings.Contains(s.Text, "Commands") }
	r := h.tg.WaitSent(1, 10*time.Second, isAgents)
	if len(r) != 1 {
		t.Fatalf("the agent was not answered\n%s", h.logs)
	}
	if d := r[0].At.Sub(pushed); d > time.Second {
		t.Fatalf("the agent waited %v behind 15 strangers in the group, want at most 1 s", d)
	}
	// Intake decides at once which stranger is told: once Telegram has no
	// update left to give, the one refusal is queued, and no other.
	if h.tg.WaitSent(1, 10*time.Second, func(telegramtest.Sent) bool { return h.tg.Pending() == 0 }) == nil {
		t.Fatalf("%d updates never confirmed", h.tg.Pending())
	}
	isRefusal := func(s telegramtest.Sent) bool {
		return s.ChatID == group && strings.Contains(s.Text, "registered agents")
	}
	if refusals := h.tg.WaitSent(1, 10*time.Second, isRefusal); len(refusals) != 1 {
		t.Fatalf("%d refusals in the group, want 1 an hour", len(refusals))
	}
}
