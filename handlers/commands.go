package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"realtybot/attom"
	"realtybot/market"
)

// fetched is the data's fetch time, for replies made of real data.
func fetched(p market.Provenance) time.Time {
	if p.Source == market.Estimate {
		return time.Time{}
	}
	return p.FetchedAt
}

// PageSize is how many properties one reply lists.
const PageSize = 8

// SearchArgs is "<zip> [type] [page]", shared by /search and /refresh.
type SearchArgs struct {
	ZIP  string
	Type attom.PropertyType
	Page int // 1-based
}

// Search parse errors.
var (
	ErrNoZIP   = errors.New("handlers: which ZIP?")
	ErrBadPage = errors.New("handlers: a page number is between 1 and 99")
	ErrBadType = errors.New("handlers: unknown property type")
)

// ParseSearch reads the arguments of /search: a ZIP (ZIP+4 too), then an
// optional type (sfr by default, aliases accepted) and an optional page.
// Simulations read replayed searches with it, as the bot does.
func ParseSearch(args []string) (SearchArgs, error) {
	if len(args) == 0 {
		return SearchArgs{}, ErrNoZIP
	}
	zip, err := market.ParseZIP(args[0])
	if err != nil {
		return SearchArgs{}, err
	}
	a := SearchArgs{ZIP: zip, Type: attom.SFR, Page: 1}
	rest := args[1:]
	if n := len(rest); n > 0 {
		if p, err := strconv.Atoi(rest[n-1]); err == nil {
			if p < 1 || p > 99 {
				return SearchArgs{}, ErrBadPage
			}
			a.Page, rest = p, rest[:n-1]
		}
	}
	if len(rest) > 0 {
		t, ok := attom.ParsePropertyType(strings.Join(rest, " "))
		if !ok {
			return SearchArgs{}, fmt.Errorf("%w %q", ErrBadType, strings.Join(rest, " "))
		}
		a.Type = t
	}
	return a, nil
}

// parseSearch is ParseSearch with the reply to give when it fails.
func (h *Handler) parseSearch(args []string, usage string) (SearchArgs, string) {
	a, err := ParseSearch(args)
	u := "Usage: " + h.f.Code(h.f.Esc(usage))
	switch {
	case err == nil:
		return a, ""
	case errors.Is(err, ErrNoZIP):
		return a, "Which ZIP? " + u
	case errors.Is(err, ErrBadPage):
		return a, "A page number is between 1 and 99.\n" + u
	case errors.Is(err, ErrBadType):
		rest := strings.Join(args[1:], " ")
		if _, perr := strconv.Atoi(args[len(args)-1]); perr == nil {
			rest = strings.Join(args[1:len(args)-1], " ")
		}
		return a, fmt.Sprintf("Unknown property type %s. Valid types: %s.\n%s",
			h.f.Code(h.f.Esc(rest)), strings.Join(attom.PropertyTypeNames(), ", "), u)
	}
	return a, h.userError(err, usage)
}

func (h *Handler) search(ctx context.Context, args []string) Reply {
	const usage = "/search <zip> [type] [page]"
	a, msg := h.parseSearch(args, usage)
	if msg != "" {
		return Reply{Text: msg}
	}
	return h.searchReply(ctx, a, usage)
}

func (h *Handler) searchReply(ctx context.Context, a SearchArgs, usage string) Reply {
	l, p, err := h.svc.Search(ctx, a.ZIP, a.Type)
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	pages := max(1, (len(l.Items)+PageSize-1)/PageSize)
	past := ""
	if a.Page > pages {
		past = h.f.Esc(fmt.Sprintf("There is no page %d: the last page is %d, shown here.", a.Page, pages)) + "\n"
		a.Page = pages
	}
	r := Reply{Text: past + h.renderListing(l, p, (a.Page-1)*PageSize, PageSize), Source: p.Source, Fetched: fetched(p), Homes: len(l.Items),
		IDs: pageIDs(l, (a.Page-1)*PageSize, PageSize)}
	if h.Keyboards {
		r.Keyboard = searchKeyboard(a, pages)
	} else if pages > 1 {
		r.Text += fmt.Sprintf("\nPage %d of %d", a.Page, pages)
		if a.Page < pages {
			r.Text += fmt.Sprintf("; next: /search %s %s %d", a.ZIP, a.Type, a.Page+1)
		}
	}
	return r
}

// Callback data of the search keyboard: "s:<zip>:<type>:<page>", at most
// 6+5+11+2 bytes, far under Telegram's 64.
func searchData(zip string, t attom.PropertyType, page int) string {
	return fmt.Sprintf("s:%s:%s:%d", zip, t, page)
}

func searchKeyboard(a SearchArgs, pages int) [][]Button {
	var types [][]Button
	row := []Button{}
	for _, t := range attom.PropertyTypes {
		label := string(t)
		if t == a.Type {
			label = "• " + label
		}
		row = append(row, Button{Text: label, Data: searchData(a.ZIP, t, 1)})
		if len(row) == 3 {
			types, row = append(types, row), []Button{}
		}
	}
	if pages > 1 {
		nav := []Button{}
		if a.Page > 1 {
			nav = append(nav, Button{Text: "◀ prev", Data: searchData(a.ZIP, a.Type, a.Page-1)})
		}
		nav = append(nav, Button{Text: fmt.Sprintf("%d / %d", a.Page, pages), Data: searchData(a.ZIP, a.Type, a.Page)})
		if a.Page < pages {
			nav = append(nav, Button{Text: "next ▶", Data: searchData(a.ZIP, a.Type, a.Page+1)})
		}
		types = append(types, nav)
	}
	return types
}

// ParseCallback validates callback data coming back from Telegram: anything
// but a well-formed search button is refused, so no input can build a cache
// key outside the valid ZIP and type space.
func ParseCallback(data string) (zip string, t attom.PropertyType, page int, ok bool) {
	if len(data) > 64 {
		return "", "", 0, false
	}
	parts := strings.Split(data, ":")
	if len(parts) != 4 || parts[0] != "s" {
		return "", "", 0, false
	}
	z, err := market.ParseZIP(parts[1])
	if err != nil || z != parts[1] {
		return "", "", 0, false
	}
	t = attom.PropertyType(parts[2])
	p, err := strconv.Atoi(parts[3])
	if !t.Valid() || err != nil || p < 1 || p > 99 || strconv.Itoa(p) != parts[3] {
		return "", "", 0, false
	}
	return z, t, p, true
}

func (h *Handler) callback(ctx context.Context, data string) Reply {
	zip, t, page, ok := ParseCallback(data)
	if !ok {
		return Reply{Toast: "This button is out of date; send the command again."}
	}
	r := h.searchReply(ctx, SearchArgs{ZIP: zip, Type: t, Page: page}, "/search <zip> [type] [page]")
	r.Text, r.Toast = h.f.Fit(r.Text), fmt.Sprintf("%s %s, page %d", zip, t, page)
	return r
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
	r := Reply{Text: h.renderMarket(md, p), Source: p.Source, Fetched: fetched(p)}
	if h.Charts && len(md.Trend) >= 2 {
		png, err := TrendChart(md)
		if err != nil {
			h.log.Warn("no chart", "zip", md.ZIP, "err", err)
		}
		r.Photo, r.Caption = png, "Median sale price by year"
	}
	return r
}

func (h *Handler) property(ctx context.Context, args []string) Reply {
	const usage = "/property <id>"
	if len(args) == 0 {
		return Reply{Text: "Which property? Usage: " + h.f.Code(h.f.Esc(usage)) + " (ids are shown in /search results)"}
	}
	r, p, err := h.svc.Property(ctx, args[0])
	if err != nil {
		return Reply{Text: h.userError(err, usage)}
	}
	return Reply{Text: h.renderRecord(r, p), Source: p.Source, Fetched: fetched(p)}
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

// pageIDs are the ids of the properties a page of a listing shows.
func pageIDs(l *market.Listing, from, n int) []string {
	var out []string
	for i := from; i < min(from+n, len(l.Items)); i++ {
		out = append(out, l.Items[i].ID)
	}
	return out
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
