package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"realtybot/handlers/words"
	"realtybot/realty"
	"realtybot/watch"
)

// Watchlist is what the watch commands need (watch.Book).
type Watchlist interface {
	Add(ctx context.Context, w watch.Watch) (replaced bool, err error)
	Remove(ctx context.Context, user int64, zip realty.Zip, t realty.PropertyType) (int, error)
	Of(ctx context.Context, user int64) ([]watch.Watch, error)
}

const (
	watchUsage   = "/watch <zip> [type] [filters]"
	unwatchUsage = "/unwatch <zip> [type]"
)

func (h *Handler) watch(ctx context.Context, args []string) Reply {
	if h.Watches == nil {
		return Reply{Text: "Watching is not available on this bot."}
	}
	a, msg := h.parseSearch(args, watchUsage)
	if msg != "" {
		return Reply{Text: msg}
	}
	who := requester(ctx)
	w := watch.Watch{User: who.user, Chat: who.chat, ZIP: a.ZIP, Type: a.Type, Filter: a.Filter}
	replaced, err := h.Watches.Add(ctx, w)
	if errors.Is(err, watch.ErrTooMany) {
		return Reply{Text: h.f.Esc("You already watch " + strconv.Itoa(watch.MaxPerAgent) + " ZIPs and types, the most one agent may. /watches lists them; /unwatch <zip> stops one.")}
	}
	if err != nil {
		return Reply{Text: h.userError(err, watchUsage)}
	}
	verb := "Watching "
	if replaced {
		verb = "Now watching "
	}
	return Reply{Text: h.f.Esc(verb+words.Watch(w)+".\n"+
		"When a refresh brings new homes or value changes there that match, you get one short message (at most one every 10 minutes). "+
		"Watching costs no API call: it follows the refreshes the bot makes anyway, and makes your ZIP count in what gets refreshed.\n") +
		h.f.Code("/watches") + " lists yours; " + h.f.Code("/unwatch "+string(a.ZIP)+" "+string(a.Type)) + " stops this one (" +
		h.f.Code("/unwatch "+string(a.ZIP)) + " every watch of " + string(a.ZIP) + ")."}
}

func (h *Handler) unwatch(ctx context.Context, args []string) Reply {
	if h.Watches == nil {
		return Reply{Text: "Watching is not available on this bot."}
	}
	if len(args) == 0 || len(args) > 2 {
		return Reply{Text: "Which ZIP? Usage: " + h.f.Code(h.f.Esc(unwatchUsage)) + " (without a type, every type of the ZIP)"}
	}
	zip, err := realty.ParseZip(args[0])
	if err != nil {
		return Reply{Text: h.userError(err, unwatchUsage)}
	}
	var t realty.PropertyType
	if len(args) == 2 {
		var ok bool
		if t, ok = realty.ParsePropertyType(args[1]); !ok {
			return Reply{Text: "Unknown property type " + h.f.Code(h.f.Esc(args[1])) + ". Valid types: " + strings.Join(realty.PropertyTypeNames(), ", ") + "."}
		}
	}
	n, err := h.Watches.Remove(ctx, requester(ctx).user, zip, t)
	if err != nil {
		return Reply{Text: h.userError(err, unwatchUsage)}
	}
	what := string(zip)
	if t != "" {
		what += " " + string(t)
	}
	if n == 0 {
		return Reply{Text: h.f.Esc("You were not watching "+what+". ") + h.f.Code("/watches") + " lists what you watch."}
	}
	return Reply{Text: h.f.Esc("Stopped watching " + what + ".")}
}

func (h *Handler) watches(ctx context.Context, _ []string) Reply {
	if h.Watches == nil {
		return Reply{Text: "Watching is not available on this bot."}
	}
	ws, err := h.Watches.Of(ctx, requester(ctx).user)
	if err != nil {
		return Reply{Text: h.userError(err, "/watches")}
	}
	if len(ws) == 0 {
		return Reply{Text: "You watch nothing yet. " + h.f.Code(h.f.Esc("/watch 78701 sfr under 500k 3+ beds")) +
			" tells you when a refresh brings new homes or value changes there."}
	}
	var b strings.Builder
	b.WriteString(h.f.Bold("Your watches") + "\n")
	for i, w := range ws {
		b.WriteString(strconv.Itoa(i+1) + ". " + h.f.Esc(words.Watch(w)) + "\n")
	}
	b.WriteString(h.f.Code(h.f.Esc(unwatchUsage)) + " stops one.")
	return Reply{Text: b.String()}
}
