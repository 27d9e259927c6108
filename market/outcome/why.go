package outcome

import (
	"context"
	"errors"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/quota"
)

// Why says why an answer is not live data billed for this request: the
// policy's refusal or the failed call's kind, with what its wording needs.
// Only the handlers (handlers/words) put it into words; tests assert on it.
type Why struct {
	Kind WhyKind
	// Limit is the spent budget (DaySpent, MonthSpent) or the calls kept in
	// reserve (HotReserve, OtherReserve), counted in Unit.
	Limit int64
	Unit  quota.Unit
	// Left and Need: the budget was refused with Left units of it unspent,
	// too few for the Need of the call (DaySpent, MonthSpent).
	Left, Need int64
	// Until is when live data comes back: the next UTC day (DaySpent,
	// AgentCap) or a cooldown's end.
	Until time.Time
	// RefreshFailed marks a forced refresh that failed while the data shown
	// is still within its freshness.
	RefreshFailed bool
	// Endpoint is the one ATTOM refuses to the key (EndpointRefused).
	Endpoint string
}

// WhyKind is the kind of a Why.
type WhyKind int

// The kinds. WhyNone: the answer is live, or cached within its freshness.
const (
	WhyNone            WhyKind = iota
	WhyNoKey                   // no ATTOM key is configured
	WhyDaySpent                // today's calls are spent
	WhyMonthSpent              // this month's calls are spent
	WhyAgentCap                // this agent's live lookups for today are used up
	WhyCooldown                // ATTOM failed or throttled us; calls pause until Until
	WhyHotReserve              // a stable market: the last calls are kept for hot ones
	WhyOtherReserve            // another market: the last calls are kept for hot and stable ones
	WhyMonthly                 // a market refreshed monthly, whose data is younger than a month
	WhyPacing                  // a first search while the month is ahead of pace gets an estimate
	WhyLedgerDown              // the quota ledger cannot be reached
	WhyJournal                 // this server cannot write its quota journal
	WhyStoreFull               // Redis is at maxmemory
	WhyUnsafe                  // the quota store may lose its counts
	WhyUnconfirmed             // the ledger awaits an admin after a loss
	WhyTimeout                 // ATTOM did not answer in time
	WhyBackoff                 // ATTOM's last answer for this was unreadable
	WhyBusy                    // another replica is fetching this
	WhyDecode                  // ATTOM sent an unreadable answer
	WhyThrottled               // ATTOM answered 429
	WhyKeyRefused              // ATTOM refused the key (401)
	WhyUnavailable             // ATTOM failed otherwise
	WhyNoGeo                   // no real listing of the ZIP locates its market
	WhyEstimateID              // the id asked for is an estimated home's
	WhyEndpointRefused         // ATTOM refuses this endpoint to the key (403): the plan may not include it
)

var whyNames = [...]string{"none", "no-key", "day-spent", "month-spent", "agent-cap", "cooldown", "hot-reserve",
	"other-reserve", "monthly", "pacing", "ledger-down", "journal", "store-full", "unsafe", "unconfirmed", "timeout",
	"backoff", "busy", "decode", "throttled", "key-refused", "unavailable", "no-geo", "estimate-id",
	"endpoint-refused"}

// String is the kind's name in logs and metrics ("day-spent").
func (k WhyKind) String() string {
	if k < 0 || int(k) >= len(whyNames) {
		return "unknown"
	}
	return whyNames[k]
}

// WhyKinds lists every kind, for the wording's table test.
func WhyKinds() []WhyKind {
	out := make([]WhyKind, len(whyNames)-1)
	for i := range out {
		out[i] = WhyKind(i + 1)
	}
	return out
}

// NextDay is when a spent day's calls come back: 00:00 UTC.
func NextDay(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
}

// Of is why a live call that failed with err did not answer, at now.
func Of(err error, now time.Time) Why {
	var ae *attom.APIError
	var cool *quota.CooldownError
	var lim *quota.LimitError
	switch {
	case errors.As(err, &lim) && lim.Left > 0 && errors.Is(err, quota.ErrDailyLimit):
		return Why{Kind: WhyDaySpent, Until: NextDay(now), Left: lim.Left, Need: lim.Need, Unit: lim.Unit}
	case errors.As(err, &lim) && lim.Left > 0:
		return Why{Kind: WhyMonthSpent, Left: lim.Left, Need: lim.Need, Unit: lim.Unit}
	case errors.Is(err, quota.ErrDailyLimit):
		return Why{Kind: WhyDaySpent, Until: NextDay(now)}
	case errors.Is(err, quota.ErrMonthlyLimit):
		return Why{Kind: WhyMonthSpent}
	case errors.Is(err, quota.ErrAgentLimit):
		return Why{Kind: WhyAgentCap, Until: NextDay(now)}
	case errors.As(err, &cool):
		return Why{Kind: WhyCooldown, Until: cool.Until}
	case errors.Is(err, quota.ErrJournal):
		return Why{Kind: WhyJournal}
	case cache.IsFull(err):
		return Why{Kind: WhyStoreFull}
	case errors.Is(err, quota.ErrLedgerDown):
		return Why{Kind: WhyLedgerDown}
	case errors.Is(err, quota.ErrLedgerUnsafe):
		return Why{Kind: WhyUnsafe}
	case errors.Is(err, quota.ErrLedgerUnconfirmed):
		return Why{Kind: WhyUnconfirmed}
	case errors.Is(err, attom.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return Why{Kind: WhyTimeout}
	case errors.Is(err, attom.ErrBackoff):
		return Why{Kind: WhyBackoff}
	case errors.Is(err, cache.ErrBusy):
		return Why{Kind: WhyBusy}
	case errors.Is(err, attom.ErrDecode):
		return Why{Kind: WhyDecode}
	case errors.Is(err, ErrNoGeo):
		return Why{Kind: WhyNoGeo}
	case errors.As(err, &ae) && ae.HTTPStatus == 429:
		return Why{Kind: WhyThrottled}
	}
	if f, ok := attom.RefusalOf(err); ok && f.KeyRefused() {
		return Why{Kind: WhyKeyRefused}
	} else if ok {
		return Why{Kind: WhyEndpointRefused, Endpoint: f.Endpoint}
	}
	return Why{Kind: WhyUnavailable}
}
