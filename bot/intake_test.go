package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"realtybot/access"
	"realtybot/bot/telegramtest"
	"realtybot/clock"
	"realtybot/store/storetest"
)

// A webhook update is kept in the inbox as Telegram sent it, not encoded
// again; when the process stops before answering it, the next one reads it
// back and answers it, once.
func TestAWebhookUpdateIsKeptAsSentAndAnsweredAfterAStop(t *testing.T) {
	ctx := context.Background()
	inbox := storetest.Bolt(t).Store
	log := slog.New(slog.DiscardHandler)
	agents := access.New(nil, []int64{5})
	fake := telegramtest.NewServer()
	defer fake.Close()
	body := fake.Update(telegramtest.Message(telegramtest.From{UserID: 5, ChatID: 5}, "/search 78701 sfr"))

	// The first process is stopping: its dispatcher takes nothing more.
	stopping := newDispatcher(ctx, 1, func(context.Context, *update) { t.Error("a stopping process answered") })
	stopping.Drain(ctx)
	first := newIntake(inbox, "replica", stopping, stopping, newStrangers(agents, time.Now), nil, clock.Real, log)
	hook := webhook("secret", log, func(u *update) bool { return first.take(ctx, u.raw, u.body) })
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "secret")
	rec := httptest.NewRecorder()
	if hook.ServeHTTP(rec, req); rec.Code != http.StatusOK {
		t.Fatalf("webhook answered %d", rec.Code)
	}
	items, err := inbox.InboxClaim(ctx, "replica", true, 0, 10)
	if err != nil || len(items) != 1 || !bytes.Equal(items[0].Body, body) {
		t.Fatalf("the inbox holds %v (%v), want the body as sent: %s", items, err, body)
	}

	// The next process reads it back and answers it once.
	answered := make(chan *update, 2)
	next := newDispatcher(ctx, 1, func(_ context.Context, u *update) { answered <- u })
	in := newIntake(inbox, "replica", next, next, newStrangers(agents, time.Now), nil, clock.Real, log)
	if n := in.resume(ctx, true); n != 1 {
		t.Fatalf("resumed %d updates, want 1", n)
	}
	next.Drain(ctx)
	close(answered)
	var got []*update
	for u := range answered {
		got = append(got, u)
	}
	if len(got) != 1 || got[0].chat != 5 || got[0].raw.Message == nil || got[0].raw.Message.Text != "/search 78701 sfr" || got[0].role != access.Agent {
		t.Fatalf("answered %+v", got)
	}
}
