package market

import (
	"context"
	"errors"
	"fmt"
	"time"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/quota"
)

// mayCallLive is the guide's partition policy: it decides whether a miss (or
// an entry past its freshness) may spend a live call, and says why not.
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
func (s *Service) mayCallLive(ctx context.Context, part Partition, fetchedAt time.Time, haveReal, force bool) string {
	if s.cfg.Upstream == nil {
		return s.cfg.NoLiveReason
	}
	u, err := s.cfg.Quota.Usage(ctx)
	if err != nil {
		return "the quota ledger is unreachable, so no live call is made"
	}
	left := u.Limits.Daily - u.Today
	switch {
	case left <= 0:
		return fmt.Sprintf("today's ATTOM budget (%d calls) is spent", u.Limits.Daily) + s.backAt()
	case u.ThisMonth >= u.Limits.Monthly:
		return fmt.Sprintf("this month's ATTOM budget (%d calls) is spent", u.Limits.Monthly)
	case force || s.cfg.Naive:
		return ""
	}
	now := s.now()
	switch part {
	case PartStable:
		if r := s.hotReserve.Load(); left <= r {
			return fmt.Sprintf("the last %d calls of today are kept for hot markets", r)
		}
	case PartOther:
		if haveReal && now.Sub(fetchedAt) < PartOther.RefreshEvery() {
			return "this market is refreshed monthly"
		}
		if r := s.otherReserve.Load(); left <= r {
			return fmt.Sprintf("the last %d calls of today are kept for hot and stable markets", r)
		}
	}
	if !haveReal && part != PartHot && aheadOfPace(u, now) {
		return "first searches use estimates while this month's spending is ahead of pace"
	}
	return ""
}

// monthPace is where the month's spending would be on a straight line from 0
// on the 1st to the monthly limit at the month's end, as of today.
func monthPace(u quota.Usage, now time.Time) float64 {
	now = now.UTC()
	days := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return float64(u.Limits.Monthly) * float64(now.Day()) / float64(days)
}

// aheadOfPace reports whether the month's spending is at or above the pace.
func aheadOfPace(u quota.Usage, now time.Time) bool { return float64(u.ThisMonth) >= monthPace(u, now) }

// backAt says when a spent day's calls come back: at 00:00 UTC, said in
// the bot's zone (TZ) too.
func (s *Service) backAt() string {
	now := s.now().UTC()
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	if z := s.cfg.Zone; z != nil && z != time.UTC && next.In(z).Format("15:04 MST") != next.Format("15:04 UTC") {
		return "; live data again at " + next.In(z).Format("15:04 MST") + " (00:00 UTC)"
	}
	return "; live data again at 00:00 UTC"
}

// explainAt is explain, saying when a spent day or allowance comes back.
func (s *Service) explainAt(err error) string {
	w := explain(err)
	if errors.Is(err, quota.ErrDailyLimit) || errors.Is(err, quota.ErrAgentLimit) {
		w += s.backAt()
	}
	return w
}

// explain turns a failed live call into a sentence for the agent.
func explain(err error) string {
	var ae *attom.APIError
	var cool *quota.CooldownError
	switch {
	case errors.Is(err, quota.ErrDailyLimit):
		return "today's ATTOM budget is spent"
	case errors.Is(err, quota.ErrMonthlyLimit):
		return "this month's ATTOM budget is spent"
	case errors.Is(err, quota.ErrAgentLimit):
		return "your live lookups for today are used up"
	case errors.As(err, &cool):
		return "ATTOM is failing or throttling us, so live calls are paused until " + cool.Until.Format("15:04") + " UTC"
	case errors.Is(err, quota.ErrJournal):
		return "this server cannot write its quota journal (operator: check DATA_DIR's permissions and free space), so no live call is made"
	case cache.IsFull(err):
		return "Redis is full (maxmemory; operator: raise it or free memory), so no live call is made"
	case errors.Is(err, quota.ErrLedgerDown):
		return "the quota ledger is unreachable, so no live call is made"
	case errors.Is(err, quota.ErrLedgerUnsafe):
		return "the quota store may lose its counts (operator: see /readyz), so no live call is made"
	case errors.Is(err, quota.ErrLedgerUnconfirmed):
		return "the quota ledger awaits an admin's /quota after the store lost its data, so no live call is made"
	case errors.Is(err, attom.ErrTimeout):
		return "ATTOM did not answer in time"
	case errors.Is(err, attom.ErrBackoff):
		return "ATTOM's last answer for this was unreadable; we wait before paying for another"
	case errors.Is(err, errBusy):
		return "another replica is fetching this right now"
	case errors.Is(err, context.DeadlineExceeded):
		return "ATTOM did not answer in time"
	case errors.Is(err, attom.ErrDecode):
		return "ATTOM sent an unreadable answer"
	case errors.As(err, &ae) && ae.HTTPStatus == 429:
		return "ATTOM is throttling requests"
	case errors.As(err, &ae) && (ae.HTTPStatus == 401 || ae.HTTPStatus == 403):
		return "ATTOM refused the API key (operator: check ATTOM_API_KEY)"
	}
	return "ATTOM is unavailable"
}
