package cli

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

	"realtybot/app"
	"realtybot/bot"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/handlers"
	"realtybot/handlers/reply"
)

const (
	// shutdownGrace is how long accepted updates get to be answered after
	// SIGINT or SIGTERM.
	shutdownGrace = 15 * time.Second
)

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func runServe(ctx context.Context, clk clock.Clock, red *config.Redactor, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
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
	a, err := app.Build(ctx, cfg, log, clk)
	if err != nil {
		fmt.Fprintf(stderr, "realtybot: %v\n", err)
		return Reported{err}
	}
	defer a.Close()
	for _, n := range a.Notes {
		log.Warn(n)
	}
	return serve(ctx, a, nil, red.Redact) // the same redactor as the output's and the errors'

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

// watchFlush is how often watch notifications are sent (each chat still
// gets at most one per watch.DefaultEvery).
const watchFlush = time.Second

// serve runs the bot until ctx ends, then drains. ln, when not nil, is the
// listener for LISTEN_ADDR (tests pass one); redact is the process's
// redaction layer, which every text sent to Telegram passes too.
func serve(ctx context.Context, a *app.App, ln net.Listener, redact func(string) string) error {
	cfg, log := a.Cfg, a.Log
	h := handlers.New(a.Service, a.Access, reply.HTML, a.Clock.Now, log)
	h.SetZone(a.Cfg.Zone)
	h.Keyboards, h.Charts, h.Reload, h.ConfigStatus, h.Observe = true, true, a.Reload, a.ConfigStatus, a.Metrics.Command
	h.StaleAlert, h.Watches, h.Names = cfg.StaleAlert, a.Watches, a.Names
	// Background work ends with ctx; serve waits for it before the stores
	// close.
	var bg sync.WaitGroup
	defer bg.Wait()
	ctx, stop := context.WithCancel(ctx) // also ends it when serve fails early
	defer stop()
	bg.Go(func() { a.ReloadConfigEvery(ctx) })

	tb, err := bot.Start(ctx, bot.Config{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL,
		Webhook: cfg.TelegramMode == "webhook", WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret,
		Handler: h, Access: a.Access, Inbox: a.Store, Owner: a.Ledger.Replica(), Log: log, OnSendError: a.Metrics.TelegramError, Clock: a.Clock, Redact: redact})
	if err != nil {
		return err
	}
	log.Info("serving", "bot", tb.Username(), "mode", cfg.TelegramMode, "store", a.Backend)
	bg.Go(func() { tb.Keep(ctx) })
	bg.Go(func() { tb.KeepMenus(ctx) })
	a.Notify.SetSend(func(ctx context.Context, chat int64, text string) { tb.Notify(ctx, chat, text, nil) })
	h.Announce = func(ctx context.Context, from int64, text string) {
		for _, id := range a.Access.Admins() {
			if id != from {
				tb.Notify(ctx, id, text, nil)
			}
		}
	}
	bg.Go(func() { a.Notify.Run(ctx, watchFlush) })

	maint := a.Maintenance(func(ctx context.Context, text string, photo []byte) {
		for _, id := range a.Access.Admins() {
			tb.Notify(ctx, id, text, photo)
		}
	})
	bg.Go(func() {
		maint.Run(ctx, func(ctx context.Context) {
			if err := a.Service.FlushCounts(ctx); err != nil {
				log.Warn("counts not saved; kept for the next minute", "err", err)
			}
		})
	})

	mux := a.OpsMux()
	srv, err := listen(cfg.ListenAddr, ln, mux)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		msrv, err := listen(cfg.MetricsAddr, nil, a.MetricsMux())
		if err != nil {
			srv.Close()
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
		defer msrv.Close()
		log.Info("metrics on their own address", "addr", cfg.MetricsAddr)
	}
	err = tb.Serve(ctx, mux)
	sctx, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
	srv.Shutdown(sctx) // stops intake; requests in progress finish
	cancelShutdown()

	log.Info("stopped taking updates; answering the ones in hand", "grace", shutdownGrace)
	dctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if left := tb.Drain(dctx); left > 0 {
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
