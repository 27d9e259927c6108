package words

import (
	"strconv"
	"time"

	"realtybot/market"
)

// whyWords is each kind's sentence; %d takes the Why's Limit.
var whyWords = map[market.WhyKind]string{
	market.WhyNoKey:        "no ATTOM API key is configured",
	market.WhyDaySpent:     "today's ATTOM budget is spent",
	market.WhyMonthSpent:   "this month's ATTOM budget is spent",
	market.WhyAgentCap:     "your live lookups for today are used up",
	market.WhyCooldown:     "ATTOM is failing or throttling us, so live calls are paused",
	market.WhyHotReserve:   "calls of today are kept for hot markets",
	market.WhyOtherReserve: "calls of today are kept for hot and stable markets",
	market.WhyMonthly:      "this market is refreshed monthly",
	market.WhyPacing:       "first searches use estimates while this month's spending is ahead of pace",
	market.WhyLedgerDown:   "the quota ledger is unreachable, so no live call is made",
	market.WhyJournal:      "this server cannot write its quota journal (operator: check DATA_DIR's permissions and free space), so no live call is made",
	market.WhyStoreFull:    "Redis is full (maxmemory; operator: raise it or free memory), so no live call is made",
	market.WhyUnsafe:       "the quota store may lose its counts (operator: see /readyz), so no live call is made",
	market.WhyUnconfirmed:  "the quota ledger awaits an admin's /quota after the store lost its data, so no live call is made",
	market.WhyTimeout:      "ATTOM did not answer in time",
	market.WhyBackoff:      "ATTOM's last answer for this was unreadable; we wait before paying for another",
	market.WhyBusy:         "another replica is fetching this right now",
	market.WhyDecode:       "ATTOM sent an unreadable answer",
	market.WhyThrottled:    "ATTOM is throttling requests",
	market.WhyKeyRefused:   "ATTOM refused the API key (operator: check ATTOM_API_KEY)",
	market.WhyUnavailable:  "ATTOM is unavailable",
	market.WhyNoGeo:        "no real listing of this ZIP is available to locate its market",
	market.WhyEstimateID:   "this id belongs to an estimate",
}

// Why is why an answer is not live, in the agent's words; times are said
// in zone (TZ) as well as UTC. "" for WhyNone.
func Why(w market.Why, zone *time.Location) string {
	s := whyWords[w.Kind]
	switch w.Kind {
	case market.WhyNone:
		return ""
	case market.WhyDaySpent, market.WhyMonthSpent:
		if w.Limit > 0 {
			s = s[:len(s)-len(" is spent")] + " (" + strconv.FormatInt(w.Limit, 10) + " calls) is spent"
		}
	case market.WhyHotReserve, market.WhyOtherReserve:
		s = "the last " + strconv.FormatInt(w.Limit, 10) + " " + s
	}
	switch w.Kind {
	case market.WhyDaySpent, market.WhyAgentCap:
		if !w.Until.IsZero() {
			s += "; live data again at " + at(w.Until, zone)
		}
	case market.WhyCooldown:
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
