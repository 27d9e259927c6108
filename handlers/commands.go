package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"realtybot/access"
	"realtybot/chart"
	"realtybot/handlers/reply"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/realty"
)

// fetched is the data's fetch time, for replies made of real data.
func fetched(p outcome.Provenance) time.Time {
	if p.Source == outcome.Estimate {
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
	head := fmt.Sprintf("Refreshed %s %s live: %d properties, %s.", a.ZIP, a.Type, len(l.Items), words.CostWords(p.Cost, p.Unit))
	if p.Source != outcome.Live {
		head = fmt.Sprintf("Could not refresh %s %s live: %s.", a.ZIP, a.Type, words.Why(p.Why, h.w.Zone))
	}
	return Reply{Text: h.f.Esc(head) + "\n\n" + h.w.Listing(l, p, 0, 3), Source: p.Source, Fetched: fetched(p)}
}

func (h *Handler) market(ctx context.Context, args []string) Reply {
	const usage = "/market <zip> [type]"
	if len(args) == 0 {
		return Reply{Text: "Which ZIP? Usage: " + h.f.Code(usage)}
	}
	zip, err := realty.ParseZip(args[0])
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	var t realty.PropertyType
	if len(args) > 1 {
		var ok bool
		if t, ok = realty.ParsePropertyType(strings.Join(args[1:], " ")); !ok {
			return Reply{Text: h.f.Esc("Unknown property type \""+strings.Join(args[1:], " ")+"\". Use one of: "+
				strings.Join(realty.PropertyTypeNames(), ", ")+". Usage: ") + h.f.Code(usage)}
		}
	}
	md, p, err := h.svc.Market(ctx, zip)
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	r := Reply{Text: h.w.Market(md, t, p, roleOf(ctx) == access.Admin), Source: p.Source, Fetched: fetched(p)}
	shown := *md
	if t != "" {
		shown.Trend, _ = md.TypeTrend(t)
	}
	if h.Charts && len(shown.Trend) >= 2 {
		png, err := chart.Trend(&shown, p.FetchedAt, words.Temperature(md.Type)+" ("+string(md.Type)+")")
		if err != nil {
			h.log.Warn("no chart", "zip", md.ZIP, "err", err)
		}
		r.Photo, r.Caption = png, "Median sale price by year"
		if t != "" {
			r.Caption += ": " + words.SeriesName(md, t)
		}
	}
	return r
}

// dealFacts is what an agent weighs a deal by besides its price: the type,
// the rooms and the age.
func dealFacts(bi *market.Basic, now time.Time) string {
	parts := []string{string(bi.Type)}
	if bi.Beds > 0 || bi.Baths > 0 {
		parts = append(parts, reply.Rooms(bi.Beds, bi.Baths))
	}
	if bi.YearBuilt > 0 {
		parts = append(parts, fmt.Sprintf("built %d (%d years old)", bi.YearBuilt, now.Year()-bi.YearBuilt))
	}
	return strings.Join(parts, " · ")
}
