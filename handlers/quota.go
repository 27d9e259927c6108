package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"realtybot/market"
	"realtybot/quota"
)

const quotaUsage = "/quota [confirm [force] | set <today> [month] | set <today> <month> lower <reason>]"

// quota shows the ledger's state and lets an admin change the counts: raise
// them (a plain set), lower them (only with the word lower and a reason), or
// confirm the counts restored after the store lost its data. Every change is
// logged and told to every admin.
func (h *Handler) quota(ctx context.Context, args []string) Reply {
	q := h.svc.QuotaAdmin()
	if q == nil {
		return Reply{Text: "This bot has no quota ledger to manage."}
	}
	who := "admin " + strconv.FormatInt(requester(ctx).user, 10)
	var (
		c   quota.Change
		err error
	)
	switch {
	case len(args) == 0:
		return h.quotaState(ctx)
	case args[0] == "confirm" && len(args) == 1:
		c, err = q.Confirm(ctx, who, false)
	case args[0] == "confirm" && len(args) == 2 && args[1] == "force":
		c, err = q.Confirm(ctx, who, true)
	case args[0] == "set" && len(args) >= 2:
		c, err = h.quotaSet(ctx, q, who, args[1:])
	default:
		return Reply{Text: "Usage: " + h.f.Code(h.f.Esc(quotaUsage))}
	}
	if err != nil && c.Kind == "" {
		unit := quota.UnitCall
		if r := h.svc.Report(ctx); r.UsageErr == nil {
			unit = r.Usage.Limits.Unit
		}
		return Reply{Text: h.f.Esc(quotaRefusal(err, unit))}
	}
	text := h.changeWords(c)
	h.log.Info("quota counts changed", "who", c.Who, "kind", c.Kind, "reason", c.Reason, "day_before", c.DayBefore,
		"day_after", c.DayAfter, "month_before", c.MonthBefore, "month_after", c.MonthAfter, "hold_lifted", c.Lifted)
	if err != nil { // made, but not recorded for /usage
		text += "\n" + err.Error()
	}
	if h.Announce != nil {
		h.Announce(context.WithoutCancel(ctx), requester(ctx).user, text)
	}
	state := h.quotaState(ctx)
	return Reply{Text: h.f.Esc(text) + "\n\n" + state.Text}
}

var errQuotaWords = errors.New("counts are whole numbers")

// quotaSet reads "<today> [month]" (raise) or "<today> <month> lower
// <reason>" (lower).
func (h *Handler) quotaSet(ctx context.Context, q market.QuotaAdmin, who string, args []string) (quota.Change, error) {
	today, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return quota.Change{}, errQuotaWords
	}
	month := int64(-1) // a plain set never infers the month from the day
	if len(args) >= 2 {
		if month, err = strconv.ParseInt(args[1], 10, 64); err != nil {
			return quota.Change{}, errQuotaWords
		}
	}
	switch {
	case len(args) <= 2:
		return q.Raise(ctx, who, today, month)
	case strings.EqualFold(args[2], "lower"):
		return q.Lower(ctx, who, strings.Join(args[3:], " "), today, month)
	}
	return quota.Change{}, fmt.Errorf("%w: %q is not understood; to lower the counts write lower and a reason", quota.ErrBadCounts, args[2])
}

func quotaRefusal(err error, unit quota.Unit) string {
	var missing *quota.MissingJournalsError
	switch {
	case errors.As(err, &missing):
		return fmt.Sprintf("Not confirmed: the journals of %s (replicas seen in the last two days) have not reported what they spent; "+
			"they could still hold up to %s today and %d this month. Live calls resume by themselves once they report "+
			"(at their next call or start); to resume now anyway: /quota confirm force",
			strings.Join(missing.Missing, ", "), unit.N(missing.Day), missing.Month)
	case errors.Is(err, errQuotaWords):
		return "Counts are whole numbers of " + unit.Plural() + ". Usage: " + quotaUsage
	case errors.Is(err, quota.ErrBadCounts):
		return "Nothing changed: " + strings.TrimPrefix(err.Error(), quota.ErrBadCounts.Error()+": ") + ". Usage: " + quotaUsage
	}
	return "Nothing changed: the quota ledger is unreachable (" + err.Error() + ")."
}

// changeWords says what a change did, in plain words.
func (h *Handler) changeWords(c quota.Change) string {
	var b strings.Builder
	switch {
	case c.Kind == "lower":
		fmt.Fprintf(&b, "Quota counts lowered by %s (reason: %s)", c.Who, c.Reason)
	case c.Kind == "confirm" && !c.Lifted:
		fmt.Fprintf(&b, "Quota counts confirmed by %s (no hold was in force)", c.Who)
	case c.Kind == "confirm":
		fmt.Fprintf(&b, "Restored quota counts confirmed by %s", c.Who)
	case c.DayAfter == c.DayBefore && c.MonthAfter == c.MonthBefore:
		fmt.Fprintf(&b, "Quota counts unchanged (%s): a plain set only raises them; to lower them add lower and a reason", c.Who)
	default:
		fmt.Fprintf(&b, "Quota counts raised by %s", c.Who)
	}
	fmt.Fprintf(&b, ": today %d → %d, this month %d → %d", c.DayBefore, c.DayAfter, c.MonthBefore, c.MonthAfter)
	if c.Lifted {
		b.WriteString("; live calls are no longer held")
	}
	b.WriteString(".")
	return b.String()
}

// lastChangeWords is /usage's line on the last change of the counts.
func (h *Handler) lastChangeWords(c *quota.Change) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("Last change of the counts: %s by %s on %s UTC, today %d → %d, this month %d → %d%s.",
		c.Kind, c.Who, c.At.UTC().Format("2 Jan 15:04"), c.DayBefore, c.DayAfter, c.MonthBefore, c.MonthAfter,
		map[bool]string{true: " (" + c.Reason + ")", false: ""}[c.Reason != ""])
}

// quotaState is the ledger's state.
func (h *Handler) quotaState(ctx context.Context) Reply {
	r := h.svc.Report(ctx)
	if r.UsageErr != nil {
		return Reply{Text: h.f.Esc("The quota ledger is unreachable: " + r.UsageErr.Error())}
	}
	u := r.Usage
	text := fmt.Sprintf("Quota ledger: %d / %d %s today (%s UTC), %d / %d this month; %d replica(s) seen since the store last lost its data.\n",
		u.Today, u.Limits.Daily, u.Limits.Unit.Plural(), u.Day, u.ThisMonth, u.Limits.Monthly, u.Replicas)
	text += liveWords(r, h.w.Zone)
	if last := h.lastChangeWords(u.LastChange); last != "" {
		text += "\n" + last
	}
	return Reply{Text: h.f.Esc(text)}
}
