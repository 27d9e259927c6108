package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"realtybot/handlers/reply"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/market/filter"
	"realtybot/market/outcome"
	"realtybot/realty"
)

const dealsUsage = "/deals [zip] [market: heating, steady, cooling, ...] [max price]"

// DealsArgs is what /deals asks for: a ZIP (empty: all), a market type
// (empty: all) and a price ceiling (0: none).
type DealsArgs struct {
	ZIP      realty.Zip
	Market   market.Type
	MaxPrice float64
}

// marketWord reads the words /market uses for a market's reading
// (temperature) as the market type they stand for; "heating fast" is two
// words, so next is the word after w.
func marketWord(w, next string) (t market.Type, words int, ok bool) {
	switch strings.ToLower(w) {
	case "heating":
		if strings.EqualFold(next, "fast") {
			return market.Hot, 2, true
		}
		return market.Growing, 1, true
	case "steady":
		return market.Stable, 1, true
	case "starting":
		return market.Emerging, 1, true
	}
	return "", 0, false
}

func (h *Handler) deals(ctx context.Context, args []string) Reply {
	var d DealsArgs
	thousands := ""
	for i := 0; i < len(args); i++ {
		a, next := args[i], ""
		if i+1 < len(args) {
			next = args[i+1]
		}
		if t, ok := market.ParseType(a); ok {
			d.Market = t
			continue
		}
		if t, n, ok := marketWord(a, next); ok {
			d.Market, i = t, i+n-1
			continue
		}
		if z, err := realty.ParseZip(a); err == nil && len(a) == 5 && d.ZIP == "" { // a ZIP, not a $78,701 ceiling
			d.ZIP = z
			continue
		}
		p, inThousands, err := filter.ParsePrice(a)
		if err != nil {
			types := make([]string, len(market.Types))
			for i, t := range market.Types {
				types[i] = string(t)
			}
			return Reply{Text: fmt.Sprintf("%s is neither a ZIP, a market (heating fast, heating, steady, cooling; or %s) nor a price (like 400k).\nUsage: %s",
				h.f.Code(h.f.Esc(a)), strings.Join(types, ", "), h.f.Code(h.f.Esc(dealsUsage)))}
		}
		if inThousands { // "400" means $400k, and the header says so
			thousands = a
		}
		d.MaxPrice = p
	}
	return h.dealsReply(ctx, d, thousands)
}

// dealsReply lists the best-scored cached homes with a button each.
func (h *Handler) dealsReply(ctx context.Context, d DealsArgs, thousands string) Reply {
	ceiling := d.MaxPrice
	if ceiling <= 0 {
		ceiling = 1e10
	}
	recs, err := h.svc.Deals(ctx, d.Market, ceiling, PageSize)
	if d.ZIP != "" {
		recs, err = h.svc.DealsIn(ctx, d.ZIP, d.Market, ceiling, PageSize)
	}
	if err != nil {
		return Reply{Text: h.userError(err, dealsUsage)}
	}
	what := "all markets"
	if d.Market != "" {
		what = words.Temperature(d.Market) + " markets (" + string(d.Market) + ")"
	}
	if d.ZIP != "" {
		what = "ZIP " + string(d.ZIP)
		if d.Market != "" {
			what += ", if its market is " + words.Temperature(d.Market)
		}
	}
	if d.MaxPrice > 0 {
		what += " under " + reply.Money(d.MaxPrice)
	}
	if thousands != "" {
		what += " (" + thousands + " read as thousands)"
	}
	var b strings.Builder
	b.WriteString(h.f.Bold(h.f.Esc("Deals in "+what)) + "\n")
	if len(recs) == 0 {
		b.WriteString("No cached real listings match yet. Deals come from properties already fetched by /search, so this costs no API call.")
		return Reply{Text: b.String()}
	}
	r := Reply{Source: outcome.Cached}
	for i := range recs {
		sum := recs[i].Summary()
		b.WriteString(h.w.SummaryLine(i+1, &sum) + "\n   " + h.f.Esc(dealFacts(&recs[i].Basic, h.now())) + "\n")
		r.IDs = append(r.IDs, recs[i].ID)
	}
	b.WriteString("Source: ATTOM data from the cache index (no API call).")
	r.Text = b.String()
	if h.Keyboards {
		var k keys
		for i, id := range r.IDs {
			if buttonID(id) {
				k.begin()
				k.buf = appendHome(k.buf, i+1)
				k.mid()
				k.buf = appendDealsData(append(append(append(k.buf, "q:"...), id...), ':'), d)
				k.end()
			}
			k.homesRow(i)
		}
		r.Keyboard = k.build()
	}
	return r
}

// appendDealsData writes "<market|->:<ceiling in $k|->", the list a
// deals button goes back to.
func appendDealsData(b []byte, d DealsArgs) []byte {
	if d.Market == "" {
		b = append(b, '-')
	} else {
		b = append(b, d.Market...)
	}
	b = append(b, ':')
	if d.MaxPrice <= 0 {
		return append(b, '-')
	}
	return strconv.AppendInt(b, int64(d.MaxPrice/1000), 10)
}

// parseDeals reads what appendDealsData wrote.
func parseDeals(mt, ceiling string) (DealsArgs, bool) {
	var d DealsArgs
	if mt != "-" {
		t, ok := market.ParseType(mt)
		if !ok || string(t) != mt {
			return d, false
		}
		d.Market = t
	}
	if ceiling != "-" {
		k, err := strconv.Atoi(ceiling)
		if err != nil || k < 1 || k > 10_000_000 || strconv.Itoa(k) != ceiling {
			return d, false
		}
		d.MaxPrice = float64(k) * 1000
	}
	return d, true
}
