package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"realtybot/access"
	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/bot/telegramtest"
	"realtybot/clock"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/quota"
	"realtybot/store/storetest"
)

// BenchmarkWebhookUpdateToReply is one agent's /search on a warm cache, from
// the webhook POST to the sendMessage the fake Bot API received: secret
// check, decoding, keeping the update in the inbox (the embedded store's
// log: one synced write to keep it, one unsynced to forget it), dispatch, access control,
// the service's L1 hit, HTML rendering with the keyboard, and the multipart
// call. The platform's pacing is off here (it would measure the 1 message/s
// of one chat).
//
// The sub-benchmarks differ by the inbox alone: none (the inbox refuses,
// so the update is answered before it is confirmed), the embedded store,
// and Redis; and two floors that keep nothing but wait as a keep must (one
// fdatasync, one Redis PING; floor_bench_test.go), the least any embedded
// or Redis inbox can cost on the machine. The fake Bot API trusts the
// replies: only the bot is timed.
//
// Each also reports the median of two stages: keeping the update
// (add-µs, the inbox's write) and answering it (handle-µs, from the
// handler's start to the reply sent), so a ratio's extra time can be
// placed without a profiler.
func BenchmarkWebhookUpdateToReply(b *testing.B) {
	b.Run("no-inbox", func(b *testing.B) { benchWebhook(b, func(testing.TB) Inbox { return refusingInbox{} }) })
	b.Run("embedded-inbox", func(b *testing.B) { benchWebhook(b, func(t testing.TB) Inbox { return storetest.Bolt(t).Store }) })
	b.Run("redis-inbox", func(b *testing.B) { benchWebhook(b, func(t testing.TB) Inbox { return storetest.Redis(t).Store }) })
	for _, f := range inboxFloors {
		b.Run(f.name, func(b *testing.B) { benchWebhook(b, f.inbox) })
	}
}

// inboxFloors are the floors BenchmarkWebhookUpdateToReply runs where the
// system has them (floor_bench_test.go).
var inboxFloors []inboxFloor

type inboxFloor struct {
	name  string
	inbox func(testing.TB) Inbox
}

// refusingInbox cannot keep anything: intake answers each update inline.
type refusingInbox struct{}

var errNoInbox = errors.New("no inbox")

func (refusingInbox) InboxAdd(context.Context, string, int64, []byte) (bool, error) {
	return false, errNoInbox
}
func (refusingInbox) InboxClaim(context.Context, string, bool, time.Duration, int) ([]InboxItem, error) {
	return nil, nil
}
func (refusingInbox) InboxTouch(context.Context, []int64) error { return nil }
func (refusingInbox) InboxDone(context.Context, int64) error    { return nil }

func benchWebhook(b *testing.B, inbox func(testing.TB) Inbox) {
	ctx := context.Background()
	fake, atm := telegramtest.NewServer(), attomtest.NewServer()
	defer fake.Close()
	defer atm.Close()
	fake.TrustReplies()
	st := storetest.Bolt(b)
	ledger := quota.NewLedger(storetest.Counters(b, st.Store), st.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, time.Now)
	svc, err := market.New(market.Config{Store: st.Store, Namespace: st.NS, Quota: ledger, DefaultType: market.Hot,
		Upstream: attom.New(atm.URL, attomtest.Key, attom.WithLedger(ledger))})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	log := slog.New(slog.DiscardHandler)
	access := access.New(nil, []int64{5})
	h := handlers.New(svc, access, reply.HTML, time.Now, log)
	h.Keyboards = true
	api, err := tg.New(telegramtest.Token, tg.WithServerURL(fake.URL), tg.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	send := newSender(log, clock.Real)
	send.global, send.paced = rate.NewLimiter(rate.Inf, 1), false
	s := &session{api: api, username: telegramtest.Username, h: h, send: send, log: log, redact: func(s string) string { return s }}
	done := make(chan struct{}, 1)
	var stg stages
	var in *intake
	// Timed until the reply is out, as the agent waits; forgetting the
	// update follows it and overlaps the next one, as in the bot.
	d := newDispatcher(ctx, handlerWorkers, func(ctx context.Context, u *update) {
		stg.handle(func() { s.handle(ctx, u) })
		done <- struct{}{}
		in.done(ctx, u.raw.ID)
	})
	inline := func(ctx context.Context, u *update) { stg.handle(func() { s.handle(ctx, u) }); done <- struct{}{} }
	in = newIntake(timedInbox{inbox(b), &stg}, "bench", d, d, newStrangers(access, time.Now), inline, clock.Real, log)
	hook := webhook("secret", log, func(u *update) bool { return in.take(ctx, u.raw, u.body) })
	post := func() {
		upd := fake.Update(telegramtest.Message(telegramtest.From{UserID: 5, ChatID: 5}, "/search 78701 sfr"))
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(upd))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "secret")
		hook.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("webhook answered %d", rec.Code)
		}
		<-done
	}
	post() // warm: the one live call
	stg = stages{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		post()
	}
	b.StopTimer()
	stg.report(b)
	if n := fake.Calls("sendMessage"); n < b.N || atm.Billable() != 1 {
		b.Fatalf("%d replies for %d updates, %d ATTOM calls", n, b.N, atm.Billable())
	}
}

// stages keeps each update's time in the inbox's write and in the handler,
// one update at a time (the benchmark waits for each reply).
type stages struct{ add, handled []time.Duration }

func (st *stages) handle(f func()) {
	t := time.Now()
	f()
	st.handled = append(st.handled, time.Since(t))
}

func (st *stages) report(b *testing.B) {
	for _, s := range []struct {
		unit string
		d    []time.Duration
	}{{"add-µs", st.add}, {"handle-µs", st.handled}} {
		if len(s.d) > 0 {
			slices.Sort(s.d)
			b.ReportMetric(float64(s.d[len(s.d)/2])/1e3, s.unit)
		}
	}
}

// timedInbox times an inbox's writes of updates (none when it refuses).
type timedInbox struct {
	Inbox
	st *stages
}

func (t timedInbox) InboxAdd(ctx context.Context, owner string, id int64, body []byte) (bool, error) {
	start := time.Now()
	ok, err := t.Inbox.InboxAdd(ctx, owner, id, body)
	if err == nil {
		t.st.add = append(t.st.add, time.Since(start))
	}
	return ok, err
}
