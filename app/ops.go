package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"realtybot/handlers/words"
	"realtybot/market/outcome"
	"time"
)

// OpsMux serves the operator's endpoints on LISTEN_ADDR: /healthz (the
// process is alive), /readyz (the store and the ledger answer and a
// configuration is in force), and /metrics unless METRICS_ADDR gives it a
// private address (MetricsMux).
func (app *App) OpsMux() *http.ServeMux {
	mux := http.NewServeMux()
	if app.Cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", app.Metrics.Handler())
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := app.Ready(r.Context()); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready; "+app.LiveCallsWords(r.Context())+"\n")
	})
	return mux
}

// Ready reports why the app cannot serve, or nil.
func (a *App) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.Store.Ping(ctx); err != nil {
		return fmt.Errorf("store unreachable: %w", err)
	}
	u, err := a.Ledger.Usage(ctx)
	if err != nil {
		return fmt.Errorf("quota ledger unreachable: %w", err)
	}
	if err := a.Ledger.Safety(ctx); err != nil {
		return fmt.Errorf("no live calls: %w", err)
	}
	if u.Hold != "" {
		return fmt.Errorf("no live calls: %s", u.Hold)
	}
	if a.ConfigStatus() == "" {
		return fmt.Errorf("no configuration loaded")
	}
	return nil
}

// MetricsMux serves /metrics alone, on METRICS_ADDR.
func (app *App) MetricsMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", app.Metrics.Handler())
	return mux
}

// LiveCallsWords is the one reading of whether live calls are on
// (outcome.Report.LiveCalls), as /readyz says it.
func (a *App) LiveCallsWords(ctx context.Context) string {
	why := a.Service.Report(ctx).LiveCalls()
	if why.Kind == outcome.WhyNone {
		return "live calls on"
	}
	return "live calls off: " + words.Why(why, a.Cfg.Zone)
}
