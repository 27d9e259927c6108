package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"realtybot/market"
)

// fetched is the data's fetch time, for replies made of real data.
func fetched(p market.Provenance) time.Time {
	if p.Source == market.Estimate {
		return time.Time{}
	}
	return p.FetchedAt
}

func (h *Handler) refresh(ctx context.Context, args []string) Reply {
	const usage = "/refresh <zip> [type] | /refresh config"
	if len(args) == 1 && strings.EqualFold(args[0], "config") {
		if h.Reload == nil {
			return Reply{Text: "There is no configuration source to reload."}
		}
		summary, err := h.Reload(ctx)
		if err != nil {
			h.log.Error("configuration reload failed", "err", err)
			return Reply{Text: "The configuration could not be reloaded; the previous one stays in force: " + h.f.Esc(err.Error())}
		}
		return Reply{Text: "Configuration reloaded.\n" + h.f.Esc(summary)}
	}
	a, msg := h.parseSearch(args, usage)
	if msg != "" {
		return Reply{Text: msg}
	}
	l, p, err := h.svc.AdminRefresh(ctx, a.ZIP, a.Type)
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	head := fmt.Sprintf("Refreshed %s %s live: %d properties, cost %d call.", a.ZIP, a.Type, len(l.Items), p.Cost)
	if p.Source != market.Live {
		head = fmt.Sprintf("Could not refresh %s %s live (%s); nothing was spent.", a.ZIP, a.Type, p.Reason)
	}
	return Reply{Text: h.f.Esc(head) + "\n\n" + h.renderListing(l, p, 0, 3), Source: p.Source, Fetched: fetched(p)}
}

func (h *Handler) market(ctx context.Context, args []string) Reply {
	const usage = "/market <zip>"
	if len(args) == 0 {
		return Reply{Text: "Which ZIP? Usage: " + h.f.Code(usage)}
	}
	md, p, err := h.svc.Market(ctx, args[0])
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	r := Reply{Text: h.renderMarket(md, p, roleOf(ctx) == Admin), Source: p.Source, Fetched: fetched(p)}
	if h.Charts && len(md.Trend) >= 2 {
		png, err := TrendChart(md)
		if err != nil {
			h.log.Warn("no chart", "zip", md.ZIP, "err", err)
		}
		r.Photo, r.Caption = png, "Median sale price by year"
	}
	return r
}

func (h *Handler) deals(ctx context.Context, args []string) Reply {
	const usage = "/deals [market type] [max price]"
	var mt market.Type
	maxPrice, thousands := 1e10, ""
	for _, a := range args {
		if t, ok := market.ParseType(a); ok {
			mt = t
			continue
		}
		p, err := ParsePrice(a)
		if err == nil && p < 10_000 && !strings.ContainsAny(strings.ToLower(a), "km") {
			p *= 1000 // no home costs $400: "400" means $400k, and the header says so
			thousands = a
		}
		if err != nil {
			types := make([]string, len(market.Types))
			for i, t := range market.Types {
				types[i] = string(t)
			}
			return Reply{Text: fmt.Sprintf("%s is neither a market type (%s) nor a price (like 400k).\nUsage: %s",
				h.f.Code(h.f.Esc(a)), strings.Join(types, ", "), h.f.Code(h.f.Esc(usage)))}
		}
		maxPrice = p
	}
	recs, err := h.svc.Deals(ctx, mt, maxPrice, PageSize)
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	what := "all markets"
	if mt != "" {
		what = string(mt) + " markets"
	}
	if maxPrice < 1e10 {
		what += " under " + money(maxPrice)
	}
	if thousands != "" {
		what += fmt.Sprintf(" (%s read as thousands)", thousands)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", h.f.Bold(h.f.Esc("Deals in "+what)))
	if len(recs) == 0 {
		b.WriteString("No cached real listings match yet. Deals come from properties already fetched by /search, so this costs no API call.")
		return Reply{Text: b.String()}
	}
	for i := range recs {
		sum := recs[i].Summary()
		b.WriteString(h.summaryLine(i+1, &sum) + "\n   " + h.f.Esc(dealFacts(&recs[i].Basic, h.now())) + "\n")
	}
	b.WriteString("Source: ATTOM data from the cache index (no API call).")
	return Reply{Text: b.String(), Source: market.Cached}
}

// dealFacts is what an agent weighs a deal by besides its price: the type,
// the rooms and the age.
func dealFacts(bi *market.Basic, now time.Time) string {
	parts := []string{string(bi.Type)}
	if bi.Beds > 0 || bi.Baths > 0 {
		parts = append(parts, fmt.Sprintf("%g bd / %g ba", bi.Beds, bi.Baths))
	}
	if bi.YearBuilt > 0 {
		parts = append(parts, fmt.Sprintf("built %d (%d years old)", bi.YearBuilt, now.Year()-bi.YearBuilt))
	}
	return strings.Join(parts, " · ")
}
