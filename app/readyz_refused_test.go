package app

import (
	"strings"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/config"
	"realtybot/market/outcome"
	"realtybot/quota"
)

// /readyz stays ready when ATTOM refuses one endpoint (the others, and
// the fallback for /avm/snapshot, still answer) and names it.
func TestReadyzNamesARefusedEndpoint(t *testing.T) {
	a := &App{Cfg: &config.Config{}}
	since := time.Date(2026, 12, 6, 9, 5, 0, 0, time.UTC)
	r := outcome.Report{At: since, Usage: quota.Usage{Limits: quota.Limits{Daily: 13, Monthly: 400}},
		Attom: attom.Health{Refused: []attom.Refusal{{Endpoint: attom.PathAVMSnapshot, HTTPStatus: 403, Since: since}}}}
	if got := a.liveCallsWords(r); got != "live calls on; ATTOM refuses /avm/snapshot to the key (HTTP 403) since 09:05 UTC" {
		t.Fatalf("%q", got)
	}
	if got := a.liveCallsWords(outcome.Report{Usage: r.Usage}); strings.Contains(got, "refuses") {
		t.Fatalf("%q", got)
	}
}
