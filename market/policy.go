package market

import (
	"context"
	"time"

	"realtybot/market/outcome"
)

// mayCallLive is the partition policy: it decides whether a miss (or an
// entry past its freshness) may spend a live call, and says why not (a
// zero Why: it may).
//
//   - hot markets: yes, while today's budget lasts;
//   - stable markets (hybrid): yes, but the last HotReserve calls of the day
//     are kept for hot markets;
//   - other markets (monthly, estimates): only when no real data younger than
//     a month exists, and the last OtherReserve calls are kept for the others;
//   - pacing ("mock data for initial searches"): a first-ever search of a
//     non-hot ZIP gets an estimate while this month's spending is ahead of a
//     straight line to the monthly limit; behind the line it may go live.
//
// The ledger still enforces the hard limits when the call is reserved; this
// only decides what is worth asking for.
func (s *Service) mayCallLive(ctx context.Context, part Partition, fetchedAt time.Time, haveReal, force bool) outcome.Why {
	if s.cfg.Upstream == nil {
		return outcome.Why{Kind: outcome.WhyNoKey}
	}
	u, err := s.cfg.Quota.Usage(ctx)
	if err != nil {
		return outcome.Why{Kind: outcome.WhyLedgerDown}
	}
	now := s.now()
	left := u.Limits.Daily - u.Today
	switch {
	case left <= 0:
		return outcome.Why{Kind: outcome.WhyDaySpent, Limit: u.Limits.Daily, Unit: u.Limits.Unit, Until: outcome.NextDay(now)}
	case u.ThisMonth >= u.Limits.Monthly:
		return outcome.Why{Kind: outcome.WhyMonthSpent, Limit: u.Limits.Monthly, Unit: u.Limits.Unit}
	case force || s.cfg.Naive:
		return outcome.Why{}
	}
	switch part {
	case PartStable:
		if r := s.settings.hotReserve.Load(); left <= r {
			return outcome.Why{Kind: outcome.WhyHotReserve, Limit: r, Unit: u.Limits.Unit}
		}
	case PartOther:
		if haveReal && now.Sub(fetchedAt) < PartOther.RefreshEvery() {
			return outcome.Why{Kind: outcome.WhyMonthly}
		}
		if r := s.settings.otherReserve.Load(); left <= r {
			return outcome.Why{Kind: outcome.WhyOtherReserve, Limit: r, Unit: u.Limits.Unit}
		}
	}
	if !haveReal && part != PartHot && u.AheadOfPace(now) {
		return outcome.Why{Kind: outcome.WhyPacing}
	}
	return outcome.Why{}
}
