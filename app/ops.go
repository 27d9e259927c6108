package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"realtybot/attom"
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
		rep, err := app.Ready(r.Context())
		if err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready; "+app.liveCallsWords(rep)+"\n")
	})
	return mux
}

// Ready reports why the app cannot serve, or nil with the report it read
// (the ledger is read once for both).
func (a *App) Ready(ctx context.Context) (outcome.Report, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.Store.Ping(ctx); err != nil {
		return outcome.Report{}, fmt.Errorf("store unreachable: %w", err)
	}
	r := a.Service.Report(ctx)
	switch {
	case r.UsageErr != nil:
		return r, fmt.Errorf("quota ledger unreachable: %w", r.UsageErr)
	case r.Unsafe != nil:
		return r, fmt.Errorf("no live calls: %w", r.Unsafe)
	case r.Usage.Hold != "":
		return r, fmt.Errorf("no live calls: %s", r.Usage.Hold)
	case a.ConfigStatus() == "":
		return r, fmt.Errorf("no configuration loaded")
	}
	return r, nil
}

// MetricsMux serves /metrics alone, on METRICS_ADDR.
func (app *App) MetricsMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", app.Metrics.Handler())
	return mux
}

// liveCallsWords is the one reading of whether live calls are on
// (outcome.Report.LiveCalls), as /readyz says it.
func (a *App) liveCallsWords(r outcome.Report) string {
	s := "live calls on"
	if why := r.LiveCalls(); why.Kind != outcome.WhyNone {
		s = "live calls off: " + words.Why(why, a.Cfg.Zone)
	}
	for _, f := range r.Attom.Refused { // an endpoint refused: the others still answer
		s += fmt.Sprintf("; ATTOM refuses %s to the key (HTTP %d) since %s UTC", attom.EndpointName(f.Endpoint), f.HTTPStatus, f.Since.UTC().Format("15:04"))
	}
	return s
}
