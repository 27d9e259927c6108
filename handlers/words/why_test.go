package words_test

import (
	"strings"
	"testing"
	"time"

	"realtybot/handlers/words"
	"realtybot/market"
)

// Every kind of "why not live" has its own sentence, and the ones that say
// when live data comes back say it in UTC and in the bot's zone.
func TestEveryWhyHasItsWords(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	midnight := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC) // 16 March 2026 in New York: daylight time
	cases := map[market.WhyKind]struct {
		why  market.Why
		zone *time.Location
		want string
	}{
		market.WhyNoKey:        {want: "no ATTOM API key is configured"},
		market.WhyDaySpent:     {why: market.Why{Limit: 13, Until: midnight}, zone: ny, want: "today's ATTOM budget (13 calls) is spent; live data again at 20:00 EDT (00:00 UTC)"},
		market.WhyMonthSpent:   {why: market.Why{Limit: 400}, want: "this month's ATTOM budget (400 calls) is spent"},
		market.WhyAgentCap:     {why: market.Why{Until: midnight}, want: "your live lookups for today are used up; live data again at 00:00 UTC"},
		market.WhyCooldown:     {why: market.Why{Until: midnight.Add(-90 * time.Minute)}, want: "live calls are paused until 22:30 UTC"},
		market.WhyHotReserve:   {why: market.Why{Limit: 2}, want: "the last 2 calls of today are kept for hot markets"},
		market.WhyOtherReserve: {why: market.Why{Limit: 5}, want: "the last 5 calls of today are kept for hot and stable markets"},
		market.WhyMonthly:      {want: "refreshed monthly"},
		market.WhyPacing:       {want: "ahead of pace"},
		market.WhyLedgerDown:   {want: "the quota ledger is unreachable"},
		market.WhyJournal:      {want: "cannot write its quota journal (operator: check DATA_DIR"},
		market.WhyStoreFull:    {want: "Redis is full (maxmemory"},
		market.WhyUnsafe:       {want: "may lose its counts"},
		market.WhyUnconfirmed:  {want: "awaits an admin's /quota"},
		market.WhyTimeout:      {want: "ATTOM did not answer in time"},
		market.WhyBackoff:      {want: "unreadable; we wait"},
		market.WhyBusy:         {want: "another replica is fetching this"},
		market.WhyDecode:       {want: "ATTOM sent an unreadable answer"},
		market.WhyThrottled:    {want: "ATTOM is throttling requests"},
		market.WhyKeyRefused:   {want: "ATTOM refused the API key"},
		market.WhyUnavailable:  {want: "ATTOM is unavailable"},
		market.WhyNoGeo:        {want: "no real listing of this ZIP"},
		market.WhyEstimateID:   {want: "this id belongs to an estimate"},
	}
	for _, k := range market.WhyKinds() {
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
	if got := words.Why(market.Why{}, nil); got != "" {
		t.Errorf("a live answer has a reason: %q", got)
	}
	failed := market.Why{Kind: market.WhyTimeout, RefreshFailed: true}
	if got := words.Why(failed, nil); got != "the refresh failed (ATTOM did not answer in time); this data is still within its freshness" {
		t.Errorf("a failed refresh of fresh data: %q", got)
	}
}
