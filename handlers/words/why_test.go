package words_test

import (
	"strings"
	"testing"
	"time"

	"realtybot/handlers/words"
	"realtybot/market/outcome"
	"realtybot/quota"
)

// Every kind of "why not live" has its own sentence, and the ones that say
// when live data comes back say it in UTC and in the bot's zone.
func TestEveryWhyHasItsWords(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	midnight := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC) // 16 March 2026 in New York: daylight time
	cases := map[outcome.WhyKind]struct {
		why  outcome.Why
		zone *time.Location
		want string
	}{
		outcome.WhyNoKey:        {want: "no ATTOM API key is configured"},
		outcome.WhyDaySpent:     {why: outcome.Why{Limit: 13, Until: midnight}, zone: ny, want: "today's ATTOM budget (13 calls) is spent; live data again at 20:00 EDT (00:00 UTC)"},
		outcome.WhyMonthSpent:   {why: outcome.Why{Limit: 400}, want: "this month's ATTOM budget (400 calls) is spent"},
		outcome.WhyAgentCap:     {why: outcome.Why{Until: midnight}, want: "your live lookups for today are used up; live data again at 00:00 UTC"},
		outcome.WhyCooldown:     {why: outcome.Why{Until: midnight.Add(-90 * time.Minute)}, want: "live calls are paused until 22:30 UTC"},
		outcome.WhyHotReserve:   {why: outcome.Why{Limit: 2}, want: "the last 2 calls of today are kept for hot markets"},
		outcome.WhyOtherReserve: {why: outcome.Why{Limit: 5}, want: "the last 5 calls of today are kept for hot and stable markets"},
		outcome.WhyMonthly:      {want: "refreshed monthly"},
		outcome.WhyPacing:       {want: "ahead of pace"},
		outcome.WhyLedgerDown:   {want: "the quota ledger is unreachable"},
		outcome.WhyJournal:      {want: "cannot write its quota journal (operator: check DATA_DIR"},
		outcome.WhyStoreFull:    {want: "Redis is full (maxmemory"},
		outcome.WhyUnsafe:       {want: "may lose its counts"},
		outcome.WhyUnconfirmed:  {want: "awaits an admin's /quota"},
		outcome.WhyTimeout:      {want: "ATTOM did not answer in time"},
		outcome.WhyBackoff:      {want: "unreadable; we wait"},
		outcome.WhyBusy:         {want: "another replica is fetching this"},
		outcome.WhyDecode:       {want: "ATTOM sent an unreadable answer"},
		outcome.WhyThrottled:    {want: "ATTOM is throttling requests"},
		outcome.WhyKeyRefused:   {want: "ATTOM refused the API key"},
		outcome.WhyUnavailable:  {want: "ATTOM is unavailable"},
		outcome.WhyNoGeo:        {want: "no real listing of this ZIP"},
		outcome.WhyEstimateID:   {want: "this id belongs to an estimate"},
		outcome.WhyEndpointRefused: {why: outcome.Why{Endpoint: "/propertyapi/v1.0.0/avm/snapshot"},
			want: "ATTOM refuses /avm/snapshot to this API key (HTTP 403): the plan may not include it (operator: ask ATTOM to add it"},
	}
	for _, k := range outcome.WhyKinds() {
		c, ok := cases[k]
		if !ok {
			t.Errorf("%v: no case; every kind needs its words", k)
			continue
		}
		c.why.Kind = k
		if got := words.Why(c.why, c.zone); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want it to say %q", k, got, c.want)
		}
	}
	if got := words.Why(outcome.Why{}, nil); got != "" {
		t.Errorf("a live answer has a reason: %q", got)
	}
	// Under record billing a call can be refused with some of the budget left.
	short := outcome.Why{Kind: outcome.WhyDaySpent, Left: 3, Need: 5, Unit: quota.UnitRecord, Until: midnight}
	if got := words.Why(short, nil); got != "what is left of today's ATTOM budget (3 records) is too little for this answer (5 records); live data again at 00:00 UTC" {
		t.Errorf("too little left: %q", got)
	}
	failed := outcome.Why{Kind: outcome.WhyTimeout, RefreshFailed: true}
	if got := words.Why(failed, nil); got != "the refresh failed (ATTOM did not answer in time); this data is still within its freshness" {
		t.Errorf("a failed refresh of fresh data: %q", got)
	}
}
