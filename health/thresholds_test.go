package health_test

import (
	"strings"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/health"
	"realtybot/market/outcome"
	"realtybot/quota"
)

// MAX_CACHE_ENTRIES bounds each in-memory tier: a store holding 10k entries
// raises no cache-size alert while memory is far from full, and a nearly
// full tier does, whatever the store holds.
func TestCacheSizeIsTheInMemoryTiersFill(t *testing.T) {
	crossed := func(r outcome.Report) bool {
		for _, th := range health.Thresholds(r, 0.5) {
			if th.Name == "cache_size" {
				return true
			}
		}
		return false
	}
	big := outcome.Report{MaxEntries: 10_000, Health: cache.Health{Entries: 10_000, Valid: 10_000}, L1Fullest: 1_200}
	if crossed(big) {
		t.Error("a 10k store with a light memory tier raised the cache-size alert")
	}
	full := outcome.Report{MaxEntries: 10_000, Health: cache.Health{Entries: 300, Valid: 300}, L1Fullest: 9_500}
	if !crossed(full) {
		t.Error("an in-memory tier at 95% raised no alert")
	}
}

// A cooldown any replica set counts as ATTOM failing, on every replica, and
// live calls read as paused until it ends.
func TestACooldownIsATTOMFailingEverywhere(t *testing.T) {
	until := time.Date(2026, 12, 6, 21, 30, 0, 0, time.UTC)
	r := outcome.Report{Usage: quota.Usage{CooldownUntil: until, Limits: quota.Limits{Daily: 13, Monthly: 400}}}
	var failing string
	for _, th := range health.Thresholds(r, 0.5) {
		if th.Name == "attom_failing" {
			failing = th.Text
		}
	}
	if !strings.Contains(failing, "paused on every replica until 21:30 UTC") {
		t.Errorf("a cooldown in force: %q", failing)
	}
	if why := r.LiveCalls(); why.Kind != outcome.WhyCooldown || !why.Until.Equal(until) {
		t.Errorf("live calls during a cooldown: %+v", why)
	}
}

// An endpoint ATTOM refuses to the key is a threshold crossed, naming the
// endpoint and the fix: a 403 the plan, a 401 the key.
func TestARefusedEndpointIsReported(t *testing.T) {
	since := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	r := outcome.Report{Attom: attom.Health{Refused: []attom.Refusal{
		{Endpoint: "/propertyapi/v1.0.0/avm/snapshot", HTTPStatus: 403, Since: since},
		{Endpoint: "/v4/transaction/salestrend", HTTPStatus: 401, Since: since}}}}
	var got []string
	for _, th := range health.Thresholds(r, 0.5) {
		if th.Name == "attom_refused" {
			got = append(got, th.Text)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "refuses /avm/snapshot to the API key: the plan may not include it (ask ATTOM to add it), HTTP 403 since 09:00 UTC; not asked again until Dec 7 09:00 UTC") ||
		!strings.Contains(got[1], "refused the API key (check ATTOM_API_KEY), HTTP 401") {
		t.Fatalf("thresholds: %q", got)
	}
}
