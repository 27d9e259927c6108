package app

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/store/storetest"
)

var metricName = regexp.MustCompile(`\b(?:realtybot|go|process)_[a-z0-9_]+`)

// Every metric the Grafana dashboard and the alert rules in deploy/ name is
// one /metrics exports.
func TestDeployNamesOnlyExportedMetrics(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	clk := storetest.NewClock(time.Date(2026, 6, 3, 12, 0, 0, 0, time.UTC))
	app, m := replica(t, replicaRedis(t), atm.URL, clk, nil)
	// One of everything: a command, a live call, a scheduler tick.
	h := handlers.New(app.Service, app.Access, reply.Plain, clk.Now, nil)
	h.Observe = app.Metrics.Command
	h.Handle(context.Background(), handlers.Request{UserID: 1, ChatID: 1, Text: "/search 78701"})
	m.Tick(context.Background())
	_, body := get(t, app.OpsMux(), "/metrics")
	exported := map[string]bool{}
	for _, line := range strings.Split(body, "\n") {
		// "# TYPE name kind" names a metric even before it has samples.
		if f := strings.Fields(line); len(f) == 4 && f[1] == "TYPE" {
			exported[f[2]] = true
			if f[3] == "histogram" {
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					exported[f[2]+suffix] = true
				}
			}
		}
	}
	for _, f := range []string{"../deploy/grafana-dashboard.json", "../deploy/prometheus-rules.yml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names := metricName.FindAllString(string(raw), -1)
		if len(names) < 5 {
			t.Fatalf("%s names %d metrics", f, len(names))
		}
		for _, n := range names {
			if !exported[n] {
				t.Errorf("%s names %s, which /metrics does not export", f, n)
			}
		}
	}
}
