package handlers

import (
	"strings"
	"time"

	"realtybot/market"
	"realtybot/market/filter"
)

// provenance writes the line every data reply ends with.
func (o *out) provenance(p market.Provenance, a time.Duration) {
	switch p.Source {
	case market.Live:
		o.s("Source: live from ATTOM (")
		o.s(costWords(p.Cost))
		o.s(")")
	case market.Cached:
		o.s("Source: ATTOM data, cached (fetched ")
		o.age(a)
		o.s(")")
	case market.Stale:
		o.s("Source: ATTOM data, STALE (fetched ")
		o.age(a)
		o.s(")")
	case market.Estimate:
		o.s("Source: made by the bot, not ATTOM (generated ")
		o.age(a)
		o.s(")")
	}
	if p.Reason != "" {
		o.s(": ")
		o.esc(p.Reason)
	}
	o.s(".")
}

// provenance is the line every data reply carries.
func (h *Handler) provenance(p market.Provenance) string {
	o := h.out(96)
	o.provenance(p, h.now().Sub(p.FetchedAt))
	return o.String()
}

// banner heads replies made of estimates or of stale data, so nobody misses
// it.
func (o *out) banner(p market.Provenance, a time.Duration) {
	switch p.Source {
	case market.Estimate:
		o.bold("⚠ ESTIMATES: not real data")
		o.s("\n")
	case market.Stale:
		o.open("b")
		o.s("⚠ STALE: ATTOM data fetched ")
		o.age(a)
		o.close("b")
		o.s("\n")
	}
}

// estimateBanner is banner as a string, for the replies off the hot path.
func (h *Handler) estimateBanner(p market.Provenance) string {
	o := h.out(64)
	o.banner(p, h.now().Sub(p.FetchedAt))
	return o.String()
}

// summary writes one numbered home of a listing on two lines.
func (o *out) summary(i int, r *market.Summary) {
	o.int(i)
	o.s(". ")
	o.esc(r.Address) // an estimate's says so: "Estimated home 3", never a street
	o.s("\n   ")
	switch {
	case r.Price > 0 && r.Low > 0 && r.High > 0:
		o.money(r.Price)
		o.s(" (")
		o.short(r.Low)
		o.s("–")
		o.short(r.High)
		o.s(")")
	case r.Price > 0:
		o.money(r.Price)
	default:
		o.s("no value")
	}
	if r.Beds > 0 || r.Baths > 0 {
		o.s(" · ")
		o.num(r.Beds)
		o.s(" bd / ")
		o.num(r.Baths)
		o.s(" ba")
	}
	switch {
	case r.Sqft > 0:
		o.s(" · ")
		o.grouped(r.Sqft)
		o.s(" sqft")
	case r.Lot > 0:
		o.s(" · lot ")
		o.grouped(r.Lot)
		o.s(" sqft")
	}
	o.s(" · score ")
	o.int(r.Score)
	o.s(" (")
	o.esc(r.Label)
	o.s(") · id ")
	o.code(r.ID)
}

func (h *Handler) summaryLine(i int, r *market.Summary) string {
	o := h.out(160)
	o.summary(i, r)
	return o.String()
}

// sample writes what part of the ZIP a listing is: a page holds at most 100
// of the thousands of parcels ATTOM has for a ZIP.
func (o *out) sample(l *market.Listing) {
	switch {
	case l.Sampled == 0:
	case l.Mixed:
		o.s(", from ")
		o.int(l.Sampled)
		o.s(" of ")
		o.total(l.Total)
		o.s(" parcels of every kind in this ZIP (the most recently updated)")
	default:
		o.s(" ")
		o.s(string(l.Type))
		o.s(": ")
		o.int(l.Sampled)
		o.s(" of ")
		o.total(l.Total)
		o.s(" in this ZIP (the most recently updated)")
	}
}

// totalCap is the most ATTOM counts for a query: a total at the cap means
// at least that many.
const totalCap = 10_000

// total writes a count of parcels, "10,000+" at ATTOM's cap.
func (o *out) total(n int) {
	o.grouped(float64(n))
	if n >= totalCap {
		o.s("+")
	}
}

// page is one page of a listing, after its filter.
type page struct {
	l        *market.Listing
	f        filter.Filter
	matched  int // homes of l that meet f
	from, n  int // the page: n matches from the from-th (0-based)
	provided market.Provenance
	ids      []string // filled by listing: the ids of the homes shown
}

// listing writes a page of a listing: banner, header (with the filters),
// what part of the ZIP it is, the homes and the source.
func (o *out) listing(pg *page, a time.Duration) {
	l, p := pg.l, pg.provided
	o.banner(p, a)
	o.open("b")
	o.s(strings.ToUpper(string(l.Type)))
	o.s(" in ")
	o.s(l.ZIP)
	o.close("b")
	if !pg.f.IsZero() {
		var tmp [128]byte
		o.s(" · ")
		o.esc(string(pg.f.AppendText(tmp[:0]))) // no & < >: escaping copies nothing
	}
	o.s("\n")
	switch {
	case l.NoData():
		o.s("ATTOM has no data for ZIP ")
		o.s(l.ZIP)
		o.s(": it holds no property there (remembered for 30 days, so asking again costs nothing).\n")
	case len(l.Items) == 0:
		o.s("No properties of this type in this ZIP.\n")
	case pg.matched == 0:
		o.s("None of the ")
		o.int(len(l.Items))
		o.s(" cached homes matches these filters; try wider ones.\n")
	}
	to := min(pg.from+pg.n, pg.matched)
	if pg.from < to {
		o.s("Showing ")
		o.int(pg.from + 1)
		o.s("–")
		o.int(to)
		o.s(" of ")
		o.int(pg.matched)
		if !pg.f.IsZero() {
			o.s(" matching, out of ")
			o.int(len(l.Items))
		}
		o.sample(l)
		o.s("\n")
		if p.Source != market.Estimate {
			o.s("Values: ATTOM's automated estimate (AVM), with its low–high range.\n")
		}
	}
	pg.f.Page(l.Items, pg.from, pg.n, func(k int, s *market.Summary) {
		o.summary(k+1, s)
		o.s("\n")
		pg.ids = append(pg.ids, s.ID)
	})
	o.provenance(p, a)
}

// renderListing renders the first n homes from from, unfiltered (/refresh).
func (h *Handler) renderListing(l *market.Listing, p market.Provenance, from, n int) string {
	o := h.out(256 + 160*n)
	o.listing(&page{l: l, matched: len(l.Items), from: from, n: n, provided: p}, h.now().Sub(p.FetchedAt))
	return o.String()
}
