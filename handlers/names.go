package handlers

import (
	"context"
	"fmt"
	"realtybot/access"
	"realtybot/market"
	"slices"
	"strconv"
)

// Names keeps the names people go by on Telegram (first name and
// @username, as their last update carried them) in L2, so /usage says who
// spent what.
type Names interface {
	PutName(ctx context.Context, user int64, name string) error
	Names(ctx context.Context) (map[int64]string, error)
}

// noteName records the name req's user goes by, when it is new to this
// process (one L2 write per person and name, not per update). Strangers'
// names are not kept.
func (h *Handler) noteName(ctx context.Context, req Request, role access.Role) {
	if h.Names == nil || req.Name == "" || role == access.Stranger {
		return
	}
	if v, ok := h.seenNames.Load(req.UserID); ok && v == req.Name {
		return
	}
	if err := h.Names.PutName(ctx, req.UserID, req.Name); err != nil {
		h.log.Debug("name not kept", "user", req.UserID, "err", err)
		return
	}
	h.seenNames.Store(req.UserID, req.Name)
}

// who names a user for /usage: "Anna (@anna, 222)", or the id alone.
func who(names map[int64]string, id int64) string {
	if n := names[id]; n != "" {
		return fmt.Sprintf("%s (%d)", n, id)
	}
	return strconv.FormatInt(id, 10)
}

// spendToday says what the scheduled refreshes and each agent spent today.
func (h *Handler) spendToday(ctx context.Context) string {
	q := h.svc.QuotaAdmin()
	if q == nil {
		return "Spent today: unknown (no ledger)"
	}
	refresh, err := q.AgentUsed(ctx, market.SchedulerAgent)
	if err != nil {
		return "Spent today: unknown, the ledger is unreachable"
	}
	var names map[int64]string
	if h.Names != nil {
		names, _ = h.Names.Names(ctx)
	}
	ids := h.roles.Agents()
	slices.Sort(ids)
	var agents string
	for _, id := range ids {
		if n, err := q.AgentUsed(ctx, strconv.FormatInt(id, 10)); err == nil && n > 0 {
			if agents != "" {
				agents += ", "
			}
			agents += fmt.Sprintf("%s: %d", who(names, id), n)
		}
	}
	if agents == "" {
		agents = "none"
	}
	return fmt.Sprintf("Spent today by scheduled refreshes: %d; by agents (live calls their requests caused): %s", refresh, agents)
}
