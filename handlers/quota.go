package handlers

import (
	"context"
	"fmt"
	"strconv"
)

// quota shows the ledger's state and lets an admin end a hold: after the
// store lost its data and several replicas were spending, live calls wait
// until an admin confirms the restored counts or sets them.
func (h *Handler) quota(ctx context.Context, args []string) Reply {
	const usage = "/quota [confirm | set <today> [month]]"
	q := h.svc.QuotaAdmin()
	if q == nil {
		return Reply{Text: "This bot has no quota ledger to manage."}
	}
	switch {
	case len(args) == 0:
	case args[0] == "confirm" && len(args) == 1:
		if err := q.Confirm(ctx); err != nil {
			return Reply{Text: h.f.Esc("Could not confirm: " + err.Error())}
		}
	case args[0] == "set" && (len(args) == 2 || len(args) == 3):
		today, err1 := strconv.ParseInt(args[1], 10, 64)
		month, err2 := today, error(nil)
		if len(args) == 3 {
			month, err2 = strconv.ParseInt(args[2], 10, 64)
		}
		if err1 != nil || err2 != nil {
			return Reply{Text: "Counts are whole numbers of calls.\nUsage: " + h.f.Code(h.f.Esc(usage))}
		}
		if err := q.SetCounts(ctx, today, month); err != nil {
			return Reply{Text: h.f.Esc("Could not set the counts: " + err.Error())}
		}
	default:
		return Reply{Text: "Usage: " + h.f.Code(h.f.Esc(usage))}
	}
	r := h.svc.Report(ctx)
	if r.UsageErr != nil {
		return Reply{Text: h.f.Esc("The quota ledger is unreachable: " + r.UsageErr.Error())}
	}
	u := r.Usage
	text := fmt.Sprintf("Quota ledger: %d / %d calls today (%s UTC), %d / %d this month; %d replica(s) in the last two days.\n",
		u.Today, u.Limits.Daily, u.Day, u.ThisMonth, u.Limits.Monthly, u.Replicas)
	switch {
	case r.Unsafe != nil:
		text += "Live calls are OFF: " + r.Unsafe.Error()
	case u.Hold != "":
		text += "Live calls are OFF: " + u.Hold
	default:
		text += "Live calls are on."
	}
	return Reply{Text: h.f.Esc(text)}
}
