package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"realtybot/config"
	"realtybot/handlers"
)

const (
	// shutdownGrace is how long accepted updates get to be answered after
	// SIGINT or SIGTERM.
	shutdownGrace = 15 * time.Second
	// pollTimeout is the long poll; the HTTP client waits longer than it.
	pollTimeout = 50 * time.Second
	// handlerWorkers bounds how many chats are served at once. A worker also
	// waits out its chat's pacing, so this is above what the CPU needs.
	handlerWorkers = 32
)

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "Runs the Telegram bot: long polling by default, or a webhook on LISTEN_ADDR with\n"+
		"TELEGRAM_MODE=webhook (WEBHOOK_URL and WEBHOOK_SECRET required). SIGINT/SIGTERM stop\n"+
		"taking updates and let the accepted ones be answered before the stores close.", stdout)
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	if err := checkServeConfig(cfg); err != nil {
		fmt.Fprintf(stderr, "realtybot serve: %v\n", err)
		return ErrUsage
	}
	log := newLogger(cfg, stderr) // Run redacts everything written to stderr
	app, err := Build(ctx, cfg, log, nil)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot: %v\n", err)
		return err
	}
	defer app.Close()
	for _, n := range app.Notes {
		log.Warn(n)
	}
	return serve(ctx, app, nil)
}

func checkServeConfig(cfg *config.Config) error {
	var errs []error
	if cfg.TelegramToken == "" {
		errs = append(errs, errors.New("TELEGRAM_BOT_TOKEN is required (ask @BotFather for one)"))
	}
	if cfg.TelegramMode == "webhook" {
		if u, err := url.Parse(cfg.WebhookURL); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
			errs = append(errs, fmt.Errorf("WEBHOOK_URL=%q: webhook mode needs the public https URL Telegram will post to", cfg.WebhookURL))
		}
		if !secretRE.MatchString(cfg.WebhookSecret) {
			errs = append(errs, errors.New("WEBHOOK_SECRET: webhook mode needs 1-256 characters of A-Z, a-z, 0-9, _ and -"))
		}
	}
	return errors.Join(errs...)
}

// serve runs the bot until ctx ends, then drains. ln, when not nil, is the
// listener for LISTEN_ADDR (tests pass one).
func serve(ctx context.Context, app *App, ln net.Listener) error {
	cfg, log := app.Cfg, app.Log
	h := handlers.New(app.Service, app.Access, handlers.HTML{}, time.Now, log)
	h.Keyboards, h.Reload, h.ConfigStatus, h.Observe = true, app.Reload, app.ConfigStatus, app.Metrics.command
	h.StaleAlert = cfg.StaleAlert
	// Background work ends with ctx; serve waits for it before the stores
	// close.
	var bg sync.WaitGroup
	defer bg.Wait()
	ctx, stop := context.WithCancel(ctx) // also ends it when serve fails early
	defer stop()
	bg.Go(func() { app.conf.reloadEvery(ctx) })

	// Handlers outlive ctx: they finish what was accepted during the drain.
	hctx, stopHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHandlers()
	var t *telegram
	var in *intake
	answer := func(ctx context.Context, u *update) {
		if ctx.Err() != nil {
			return // past the grace period: left in the inbox for the next process
		}
		t.handle(ctx, u)
		if ctx.Err() == nil {
			in.done(ctx, u.raw.ID)
		}
	}
	d := newDispatcher(hctx, handlerWorkers, answer)
	slow := newDispatcher(hctx, strangerWorkers, answer)
	in = newIntake(app.Store, app.Ledger.Replica(), d, slow, newStrangers(app.Access, time.Now),
		func(ctx context.Context, u *update) { t.handle(ctx, u) }, log)

	api, err := tg.New(cfg.TelegramToken,
		tg.WithServerURL(cfg.TelegramAPIURL),
		tg.WithHTTPClient(pollTimeout, &http.Client{Timeout: pollTimeout + 20*time.Second}),
		tg.WithSkipGetMe(),
		tg.WithNotAsyncHandlers(),
		// Unbuffered: an update is confirmed to Telegram only by the next
		// getUpdates, so one the dispatcher never took is delivered again.
		tg.WithUpdatesChannelCap(0),
		tg.WithDefaultHandler(func(_ context.Context, _ *tg.Bot, u *models.Update) {
			// Returning lets the library confirm u (the next offset): it is
			// kept in the inbox, or answered, first.
			in.take(hctx, u)
		}),
		tg.WithErrorsHandler(func(err error) { log.Warn("telegram", "err", err) }),
	)
	if err != nil {
		return fmt.Errorf("telegram client: %w", err)
	}
	me, err := api.GetMe(ctx)
	if err != nil {
		return fmt.Errorf("cannot reach the Bot API at %s (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL): %w", cfg.TelegramAPIURL, err)
	}
	t = &telegram{api: api, username: me.Username, h: h, send: newSender(log), log: log}
	t.send.onError = app.Metrics.telegramError
	if err := t.setCommands(ctx); err != nil {
		log.Warn("could not publish the command menu", "err", err)
	}
	log.Info("serving", "bot", me.Username, "mode", cfg.TelegramMode, "store", app.Backend)
	if n := in.resume(ctx, true); n > 0 {
		log.Info("answering updates the previous run took in but did not answer", "updates", n)
	}
	bg.Go(func() { in.keep(ctx) })

	maint := newMaintenance(app, time.Now, func(ctx context.Context, text string) {
		for _, id := range app.Access.Admins() {
			t.reply(ctx, id, handlers.Reply{Text: handlers.HTML{}.Esc(text)})
		}
	})
	bg.Go(func() {
		maint.sched.loop(ctx, func(ctx context.Context) {
			if err := app.Service.FlushDemand(ctx); err != nil {
				log.Warn("demand not saved; kept for the next minute", "err", err)
			}
			maint.checkHealth(ctx)
		})
	})

	mux := opsMux(app)
	srv, err := listen(cfg.ListenAddr, ln, mux)
	if err != nil {
		return err
	}
	if cfg.TelegramMode == "webhook" {
		err = serveWebhook(ctx, app, api, func(u *update) bool { return in.take(hctx, u.raw) }, mux)
	} else {
		if _, err := api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil {
			log.Warn("could not delete a webhook before polling", "err", err)
		}
		api.Start(ctx) // returns when ctx ends
	}
	sctx, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
	srv.Shutdown(sctx) // stops intake; requests in progress finish
	cancelShutdown()

	log.Info("stopped taking updates; answering the ones in hand", "grace", shutdownGrace)
	dctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	slowLeft := make(chan int, 1)
	go func() { slowLeft <- slow.Drain(dctx) }()
	if left := d.Drain(dctx) + <-slowLeft; left > 0 {
		log.Warn("grace period over; the updates left stay in the inbox for the next process", "updates", left)
	}
	return err
}

// listen serves mux on LISTEN_ADDR (or ln) in the background.
func listen(addr string, ln net.Listener, mux http.Handler) (*http.Server, error) {
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", addr); err != nil {
			return nil, fmt.Errorf("LISTEN_ADDR=%s: %w", addr, err)
		}
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	go srv.Serve(ln)
	return srv, nil
}

// serveWebhook adds the webhook route, registers it with Telegram and waits
// for ctx to end.
func serveWebhook(ctx context.Context, app *App, api *tg.Bot, take func(*update) bool, mux *http.ServeMux) error {
	cfg, log := app.Cfg, app.Log
	u, _ := url.Parse(cfg.WebhookURL)
	path := u.Path
	if path == "" || path == "/" {
		path = "/webhook"
	}
	mux.Handle("POST "+path, webhook(cfg.WebhookSecret, take))
	if _, err := api.SetWebhook(ctx, &tg.SetWebhookParams{URL: cfg.WebhookURL, SecretToken: cfg.WebhookSecret,
		AllowedUpdates: []string{"message", "callback_query"}}); err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	log.Info("webhook registered", "path", path)
	<-ctx.Done()
	return nil
}
