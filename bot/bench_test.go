package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"realtybot/attom/attomtest"
	"realtybot/bot/telegramtest"
	"realtybot/config"
	"realtybot/handlers"
)

// BenchmarkWebhookUpdateToReply is one agent's /search on a warm cache, from
// the webhook POST to the sendMessage the fake Bot API received: secret
// check, decoding, dispatch, access control, the service's L1 hit, HTML
// rendering with the keyboard, and the multipart call. The platform's pacing
// is off here (it would measure the 1 message/s of one chat).
func BenchmarkWebhookUpdateToReply(b *testing.B) {
	ctx := context.Background()
	fake, atm := telegramtest.NewServer(), attomtest.NewServer()
	defer fake.Close()
	defer atm.Close()
	env := map[string]string{"DATA_DIR": b.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": atm.URL,
		"AGENT_IDS": "5", "DEFAULT_MARKET_TYPE": "hot"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	app, err := Build(ctx, cfg, log, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	api, err := tg.New(telegramtest.Token, tg.WithServerURL(fake.URL), tg.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	h := handlers.New(app.Service, app.Access, handlers.HTML{}, time.Now, log)
	h.Keyboards = true
	s := newSender(log)
	s.global, s.paced = rate.NewLimiter(rate.Inf, 1), false
	t := &telegram{api: api, username: telegramtest.Username, h: h, send: s, log: log}
	done := make(chan struct{}, 1)
	d := newDispatcher(ctx, handlerWorkers, func(ctx context.Context, u *update) { t.handle(ctx, u); done <- struct{}{} })
	hook := webhook("secret", d.Accept)
	upd := fake.Update(telegramtest.Message(telegramtest.From{UserID: 5, ChatID: 5}, "/search 78701 sfr"))
	post := func() {
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
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		post()
	}
	b.StopTimer()
	if n := fake.Calls("sendMessage"); n < b.N || atm.Billable() != 1 {
		b.Fatalf("%d replies for %d updates, %d ATTOM calls", n, b.N, atm.Billable())
	}
}
