package words

import (
	"realtybot/attom"
	"realtybot/market/outcome"
	"strconv"
	"strings"
	"time"
)

// whyWords is each kind's sentence; %d takes the Why's Limit.
var whyWords = map[outcome.WhyKind]string{
	outcome.WhyNoKey:        "no ATTOM API key is configured",
	outcome.WhyDaySpent:     "today's ATTOM budget is spent",
	outcome.WhyMonthSpent:   "this month's ATTOM budget is spent",
	outcome.WhyAgentCap:     "your live lookups for today are used up",
	outcome.WhyCooldown:     "ATTOM is failing or throttling us, so live calls are paused",
	outcome.WhyHotReserve:   "calls of today are kept for hot markets",
	outcome.WhyOtherReserve: "calls of today are kept for hot and stable markets",
	outcome.WhyMonthly:      "this market is refreshed monthly",
	outcome.WhyPacing:       "first searches use estimates while this month's spending is ahead of pace",
	outcome.WhyLedgerDown:   "the quota ledger is unreachable, so no live call is made",
	outcome.WhyJournal:      "this server cannot write its quota journal (operator: check DATA_DIR's permissions and free space), so no live call is made",
	outcome.WhyStoreFull:    "Redis is full (maxmemory; operator: raise it or free memory), so no live call is made",
	outcome.WhyUnsafe:       "the quota store may lose its counts (operator: see /readyz), so no live call is made",
	outcome.WhyUnconfirmed:  "the quota ledger awaits an admin's /quota after the store lost its data, so no live call is made",
	outcome.WhyTimeout:      "ATTOM did not answer in time",
	outcome.WhyBackoff:      "ATTOM's last answer for this was unreadable; we wait before paying for another",
	outcome.WhyBusy:         "another replica is fetching this right now",
	outcome.WhyDecode:       "ATTOM sent an unreadable answer",
	outcome.WhyThrottled:    "ATTOM is throttling requests",
	outcome.WhyKeyRefused:   "ATTOM refused the API key (operator: check ATTOM_API_KEY)",
	outcome.WhyUnavailable:  "ATTOM is unavailable",
	outcome.WhyNoGeo:        "no real listing of this ZIP is available to locate its market",
	outcome.WhyEstimateID:   "this id belongs to an estimate",
	outcome.WhyEndpointRefused: "ATTOM refuses %s to this API key (HTTP 403): the plan may not include it " +
		"(operator: ask ATTOM to add it to the plan; it is not asked again for a day, or until a restart)",
}

// Why is why an answer is not live, in the agent's words; times are said
// in zone (TZ) as well as UTC. "" for WhyNone.
func Why(w outcome.Why, zone *time.Location) string {
	s := whyWords[w.Kind]
	switch w.Kind {
	case outcome.WhyNone:
		return ""
	case outcome.WhyDaySpent, outcome.WhyMonthSpent:
		if w.Left > 0 { // refused with some left: too little for this call
			period := "today's"
			if w.Kind == outcome.WhyMonthSpent {
				period = "this month's"
			}
			s = "what is left of " + period + " ATTOM budget (" + w.Unit.N(w.Left) + ") is too little for this answer (" + w.Unit.N(w.Need) + ")"
		} else if w.Limit > 0 {
			s = s[:len(s)-len(" is spent")] + " (" + w.Unit.N(w.Limit) + ") is spent"
		}
	case outcome.WhyHotReserve, outcome.WhyOtherReserve:
		s = "the last " + strconv.FormatInt(w.Limit, 10) + " " + strings.Replace(s, "calls", w.Unit.Plural(), 1)
	case outcome.WhyEndpointRefused:
		s = strings.Replace(s, "%s", attom.EndpointName(w.Endpoint), 1)
	}
	switch w.Kind {
	case outcome.WhyDaySpent, outcome.WhyAgentCap:
		if !w.Until.IsZero() {
			s += "; live data again at " + at(w.Until, zone)
		}
	case outcome.WhyCooldown:
		s += " until " + at(w.Until, zone)
	}
	if w.RefreshFailed {
		s = "the refresh failed (" + s + "); this data is still within its freshness"
	}
	return s
}

// at says an instant as 15:04 UTC, or 20:00 EDT (00:00 UTC) when the bot's
// zone reads it otherwise.
func at(t time.Time, zone *time.Location) string {
	utc := t.UTC().Format("15:04 UTC")
	if zone != nil && zone != time.UTC {
		if local := t.In(zone).Format("15:04 MST"); local != utc {
			return local + " (" + utc + ")"
		}
	}
	return utc
}
