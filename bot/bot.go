package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"realtybot/access"
	"realtybot/clock"
	"realtybot/handlers"
	"realtybot/handlers/reply"
)

const (
	// pollTimeout is the long poll; the HTTP client waits longer than it.
	pollTimeout = 50 * time.Second
	// handlerWorkers bounds how many chats are served at once. A worker also
	// waits out its chat's pacing, so this is above what the CPU needs.
	handlerWorkers = 32
)

// Config is what the transport needs.
type Config struct {
	Token, APIURL string
	Webhook       bool
	WebhookURL    string
	WebhookSecret string
	Handler       *handlers.Handler
	Access        *access.Access
	Inbox         Inbox
	Owner         string // stable across restarts (the ledger journal's replica id)
	Log           *slog.Logger
	OnSendError   func() // a call that failed for good (metrics)
	// Clock paces the sends, waits out a 429 and ticks the inbox keeper
	// and the menus (app's one clock).
	Clock clock.Clock
	// Redact removes the configured secrets from every text sent to
	// Telegram (replies, edits, captions, notices): the process's one
	// redaction layer, as for its logs and its console output.
	Redact func(string) string
}

// Bot is a running transport.
type Bot struct {
	cfg          Config
	api          *tg.Bot
	s            *session
	in           *intake
	d, slow      *dispatcher
	stopHandlers context.CancelFunc
	menus        menus
}

// Start connects to the Bot API, publishes the command menu and takes back
// what the previous run left in the inbox. Updates flow once Serve runs.
func Start(ctx context.Context, cfg Config) (*Bot, error) {
	if cfg.Clock == nil || cfg.Redact == nil {
		return nil, errors.New("telegram: Config.Clock and Config.Redact are required")
	}
	b := &Bot{cfg: cfg}
	// Handlers outlive ctx: they finish what was accepted during the drain.
	hctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	b.stopHandlers = stop
	answer := func(ctx context.Context, u *update) {
		if ctx.Err() != nil {
			return // past the grace period: left in the inbox for the next process
		}
		b.s.handle(ctx, u)
		if ctx.Err() == nil {
			b.in.done(ctx, u.raw.ID)
		}
	}
	b.d = newDispatcher(hctx, handlerWorkers, answer)
	b.slow = newDispatcher(hctx, strangerWorkers, answer)
	b.in = newIntake(cfg.Inbox, cfg.Owner, b.d, b.slow, newStrangers(cfg.Access, cfg.Clock.Now),
		func(ctx context.Context, u *update) { b.s.handle(ctx, u) }, cfg.Clock, cfg.Log)
	poll := newPollClient(&http.Client{Timeout: pollTimeout + 20*time.Second}, cfg.Log)
	api, err := tg.New(cfg.Token,
		tg.WithServerURL(cfg.APIURL),
		tg.WithHTTPClient(pollTimeout, poll),
		tg.WithSkipGetMe(),
		tg.WithNotAsyncHandlers(),
		tg.WithUpdatesChannelCap(0),
		tg.WithDefaultHandler(func(_ context.Context, _ *tg.Bot, u *models.Update) {
			// The next getUpdates, which confirms u, waits for this (see
			// pollClient): u is kept in the inbox, or answered, first.
			b.in.take(hctx, u, nil)
			poll.took(u.ID)
		}),
		tg.WithErrorsHandler(func(err error) { cfg.Log.Warn("telegram", "err", err) }),
	)
	if err != nil {
		stop()
		return nil, fmt.Errorf("telegram client: %w", err)
	}
	me, err := api.GetMe(ctx)
	if err != nil {
		stop()
		return nil, fmt.Errorf("cannot reach the Bot API at %s (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL): %w", cfg.APIURL, err)
	}
	b.api = api
	b.s = &session{api: api, username: me.Username, h: cfg.Handler, send: newSender(cfg.Log, cfg.Clock), log: cfg.Log, redact: cfg.Redact}
	b.s.send.onError = cfg.OnSendError
	if err := b.menus.sync(ctx, api, cfg.Access.Admins()); err != nil {
		cfg.Log.Warn("could not publish the command menus; retrying", "err", err)
	}
	if n := b.in.resume(ctx, true); n > 0 {
		cfg.Log.Info("answering updates the previous run took in but did not answer", "updates", n)
	}
	return b, nil
}

// Username is the bot's @name, from getMe.
func (b *Bot) Username() string { return b.s.username }

// Notify sends text (plain, escaped here, cut to one message if need be)
// and, when not nil, a PNG to a chat, paced like any reply.
func (b *Bot) Notify(ctx context.Context, chat int64, text string, photo []byte) {
	f := reply.HTML
	b.s.reply(ctx, chat, handlers.Reply{Text: f.Fit(f.Esc(text)), Photo: photo, Caption: "ATTOM calls this month"})
}

// Keep renews this process's claims on the updates it holds and takes over
// those a dead replica left, until ctx ends.
func (b *Bot) Keep(ctx context.Context) { b.in.keep(ctx) }

// Serve takes updates until ctx ends: long polling, or the webhook route on
// mux registered with Telegram.
func (b *Bot) Serve(ctx context.Context, mux *http.ServeMux) error {
	if !b.cfg.Webhook {
		if _, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil {
			b.cfg.Log.Warn("could not delete a webhook before polling", "err", err)
		}
		b.api.Start(ctx) // returns when ctx ends
		return nil
	}
	u, _ := url.Parse(b.cfg.WebhookURL)
	path := u.Path
	if path == "" || path == "/" {
		path = "/webhook"
	}
	mux.Handle("POST "+path, webhook(b.cfg.WebhookSecret, b.cfg.Log, func(u *update) bool { return b.in.take(context.WithoutCancel(ctx), u.raw, u.body) }))
	if _, err := b.api.SetWebhook(ctx, &tg.SetWebhookParams{URL: b.cfg.WebhookURL, SecretToken: b.cfg.WebhookSecret,
		AllowedUpdates: []string{"message", "callback_query"}}); err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	b.cfg.Log.Info("webhook registered", "path", path)
	<-ctx.Done()
	return nil
}

// Drain answers what is in hand until ctx ends (the grace period), then stops
// the handlers; it returns how many updates were left in the inbox for the
// next process.
func (b *Bot) Drain(ctx context.Context) int {
	defer b.stopHandlers()
	slowLeft := make(chan int, 1)
	go func() { slowLeft <- b.slow.Drain(ctx) }()
	return b.d.Drain(ctx) + <-slowLeft
}
