package handlers

import (
	"context"
	"fmt"
	"strings"

	"realtybot/attom"
	"realtybot/market"
)

// PageSize is how many properties one reply lists.
const PageSize = 8

// parseZIPType reads "<zip> [type]" shared by /search and /refresh.
func (h *Handler) parseZIPType(args []string, usage string) (string, attom.PropertyType, string) {
	if len(args) == 0 {
		return "", "", "Which ZIP? Usage: " + h.f.Code(h.f.Esc(usage))
	}
	zip, err := market.ParseZIP(args[0])
	if err != nil {
		return "", "", h.userError(err, usage)
	}
	t := attom.SFR
	if len(args) > 1 {
		var ok bool
		if t, ok = attom.ParsePropertyType(strings.Join(args[1:], " ")); !ok {
			return "", "", fmt.Sprintf("Unknown property type %s. Valid types: %s.\nUsage: %s",
				h.f.Code(h.f.Esc(strings.Join(args[1:], " "))), strings.Join(attom.PropertyTypeNames(), ", "), h.f.Code(h.f.Esc(usage)))
		}
	}
	return zip, t, ""
}

func (h *Handler) search(ctx context.Context, args []string) string {
	const usage = "/search <zip> [type]"
	zip, t, msg := h.parseZIPType(args, usage)
	if msg != "" {
		return msg
	}
	l, p, err := h.svc.Search(ctx, zip, t)
	if err != nil {
		return h.userError(err, usage)
	}
	return h.renderListing(l, p, 0, PageSize)
}

func (h *Handler) refresh(ctx context.Context, args []string) string {
	const usage = "/refresh <zip> [type]"
	zip, t, msg := h.parseZIPType(args, usage)
	if msg != "" {
		return msg
	}
	l, p, err := h.svc.Refresh(ctx, zip, t)
	if err != nil {
		return h.userError(err, usage)
	}
	head := fmt.Sprintf("Refreshed %s %s live: %d properties, cost %d call.", zip, t, len(l.Items), p.Cost)
	if p.Source != market.Live {
		head = fmt.Sprintf("Could not refresh %s %s live (%s); nothing was spent.", zip, t, p.Reason)
	}
	return h.f.Esc(head) + "\n\n" + h.renderListing(l, p, 0, 3)
}

func (h *Handler) market(ctx context.Context, args []string) string {
	const usage = "/market <zip>"
	if len(args) == 0 {
		return "Which ZIP? Usage: " + h.f.Code(usage)
	}
	md, p, err := h.svc.Market(ctx, args[0])
	if err != nil {
		return h.userError(err, usage)
	}
	return h.renderMarket(md, p)
}

func (h *Handler) property(ctx context.Context, args []string) string {
	const usage = "/property <id>"
	if len(args) == 0 {
		return "Which property? Usage: " + h.f.Code(h.f.Esc(usage)) + " (ids are shown in /search results)"
	}
	r, p, err := h.svc.Property(ctx, args[0])
	if err != nil {
		return h.userError(err, usage)
	}
	return h.renderRecord(r, p)
}

func (h *Handler) deals(ctx context.Context, args []string) string {
	const usage = "/deals [market type] [max price]"
	var mt market.Type
	maxPrice := 1e10
	for _, a := range args {
		if t, ok := market.ParseType(a); ok {
			mt = t
			continue
		}
		p, err := ParsePrice(a)
		if err != nil {
			types := make([]string, len(market.Types))
			for i, t := range market.Types {
				types[i] = string(t)
			}
			return fmt.Sprintf("%s is neither a market type (%s) nor a price (like 400k).\nUsage: %s",
				h.f.Code(h.f.Esc(a)), strings.Join(types, ", "), h.f.Code(h.f.Esc(usage)))
		}
		maxPrice = p
	}
	recs, err := h.svc.Deals(ctx, mt, maxPrice, PageSize)
	if err != nil {
		return h.userError(err, usage)
	}
	what := "all markets"
	if mt != "" {
		what = string(mt) + " markets"
	}
	if maxPrice < 1e10 {
		what += " under " + money(maxPrice)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", h.f.Bold(h.f.Esc("Deals in "+what)))
	if len(recs) == 0 {
		b.WriteString("No cached real listings match yet. Deals come from properties already fetched by /search, so this costs no API call.")
		return b.String()
	}
	for i := range recs {
		sum := recs[i].Summary()
		b.WriteString(h.summaryLine(i+1, &sum) + "\n")
	}
	b.WriteString("Source: ATTOM data from the cache index (no API call).")
	return b.String()
}
