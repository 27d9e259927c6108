package outcome

import (
	"realtybot/attom"
	"realtybot/cache"
	"realtybot/quota"
	"time"
)

// Report is what /usage shows.
type Report struct {
	// Process counts the answers this process gave since it started; Today
	// every replica's since 00:00 UTC (kept in L2; TodayErr when L2 could
	// not be read). Cache counts tier lookups.
	Process    Counts
	Today      Counts
	TodayErr   error
	Usage      quota.Usage
	UsageErr   error
	Cache      cache.Snapshot
	Health     cache.Health
	HealthErr  error
	MaxEntries int64        // MAX_CACHE_ENTRIES: each in-memory tier's capacity
	L1Fullest  int64        // entries in the fullest in-memory tier (the cache-size health check)
	LiveOff    Why          // WhyNoKey when live calls are off entirely
	Unsafe     error        // why the quota store may lose the ledger (live calls off), nil when safe
	Attom      attom.Health // how ATTOM's calls went, as the client saw them
	At         time.Time    // when the report was made
}

// LiveCalls is the one reading of whether live calls are on, and why not:
// /usage, /quota, /readyz and /metrics all say this.
func (r Report) LiveCalls() Why {
	u := r.Usage
	switch {
	case r.LiveOff.Kind != WhyNone:
		return r.LiveOff
	case r.UsageErr != nil:
		return Why{Kind: WhyLedgerDown}
	case r.Unsafe != nil:
		return Why{Kind: WhyUnsafe}
	case u.Hold != "":
		return Why{Kind: WhyUnconfirmed}
	case !u.CooldownUntil.IsZero():
		return Why{Kind: WhyCooldown, Until: u.CooldownUntil}
	case u.ThisMonth >= u.Limits.Monthly:
		return Why{Kind: WhyMonthSpent, Limit: u.Limits.Monthly, Unit: u.Limits.Unit}
	case u.Today >= u.Limits.Daily:
		return Why{Kind: WhyDaySpent, Limit: u.Limits.Daily, Unit: u.Limits.Unit, Until: NextDay(r.At)}
	}
	return Why{}
}
