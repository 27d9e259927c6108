package words

import (
	"time"

	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/market/filter"
	"realtybot/market/outcome"
	"realtybot/quota"
)

// WriteProvenance writes the line every data reply ends with; zone is the
// bot's (TZ), for the times a reason states.
func WriteProvenance(o *reply.Writer, p outcome.Provenance, a time.Duration, zone *time.Location) {
	switch p.Source {
	case outcome.Live:
		o.S("Source: live from ATTOM (")
		o.S(CostWords(p.Cost, p.Unit))
		o.S(")")
	case outcome.Cached:
		o.S("Source: ATTOM data, cached (fetched ")
		o.Age(a)
		o.S(")")
	case outcome.Stale:
		o.S("Source: ATTOM data, STALE (fetched ")
		o.Age(a)
		o.S(")")
	case outcome.Estimate:
		o.S("Source: made by the bot, not ATTOM (generated ")
		o.Age(a)
		o.S(")")
	}
	if p.Why.Kind != outcome.WhyNone {
		o.S(": ")
		o.Esc(Why(p.Why, zone))
	}
	o.S(".")
}

// provenance is the line every data reply carries.
func (h Words) Provenance(p outcome.Provenance) string {
	o := h.F.Writer(96)
	WriteProvenance(o, p, h.Now().Sub(p.FetchedAt), h.Zone)
	return o.String()
}

// banner heads replies made of estimates or of stale data, so nobody misses
// it.
func WriteBanner(o *reply.Writer, p outcome.Provenance, a time.Duration) {
	switch p.Source {
	case outcome.Estimate:
		o.Bold("⚠ ESTIMATES: not real data")
		o.S("\n")
	case outcome.Stale:
		o.Open("b")
		o.S("⚠ STALE: ATTOM data fetched ")
		o.Age(a)
		o.Close("b")
		o.S("\n")
	}
}

// estimateBanner is banner as a string, for the replies off the hot path.
func (h Words) EstimateBanner(p outcome.Provenance) string {
	o := h.F.Writer(64)
	WriteBanner(o, p, h.Now().Sub(p.FetchedAt))
	return o.String()
}

// summary writes one numbered home of a listing on two lines.
func WriteSummary(o *reply.Writer, i int, r *market.Summary) {
	o.Int(i)
	o.S(". ")
	o.Esc(r.Address) // an estimate's says so: "Estimated home 3", never a street
	o.S("\n   ")
	switch {
	case r.Price > 0 && r.Low > 0 && r.High > 0:
		o.Money(r.Price)
		o.S(" (")
		o.Short(r.Low)
		o.S("–")
		o.Short(r.High)
		o.S(")")
	case r.Price > 0:
		o.Money(r.Price)
	default:
		o.S("no value")
	}
	if r.Beds > 0 || r.Baths > 0 {
		o.S(" · ")
		o.Rooms(r.Beds, r.Baths)
	}
	switch {
	case r.Sqft > 0:
		o.S(" · ")
		o.Grouped(r.Sqft)
		o.S(" sqft")
	case r.Lot > 0:
		o.S(" · lot ")
		o.Grouped(r.Lot)
		o.S(" sqft")
	}
	o.S(" · score ")
	o.Int(r.Score)
	o.S(" (")
	o.Esc(r.Label)
	o.S(") · id ")
	o.Code(r.ID)
}

func (h Words) SummaryLine(i int, r *market.Summary) string {
	o := h.F.Writer(160)
	WriteSummary(o, i, r)
	return o.String()
}

// sample writes what part of the ZIP a listing is: a page holds at most 100
// of the thousands of parcels ATTOM has for a ZIP.
func WriteSample(o *reply.Writer, l *market.Listing) {
	switch {
	case l.Sampled == 0:
	case l.Untyped: // ATTOM documents neither the order nor the total of this sample
		o.S(", from a sample of ")
		o.Int(l.Sampled)
		o.S(" parcels of every kind in this ZIP (from /attomavm/detail: the plan lacks /avm/snapshot)")
	case l.Mixed:
		o.S(", from ")
		o.Int(l.Sampled)
		o.S(" of ")
		WriteTotal(o, l.Total)
		o.S(" parcels of every kind in this ZIP (the most recently updated)")
	default:
		o.S(" ")
		o.S(string(l.Type))
		o.S(": ")
		o.Int(l.Sampled)
		o.S(" of ")
		WriteTotal(o, l.Total)
		o.S(" in this ZIP (the most recently updated)")
	}
}

// totalCap is the most ATTOM counts for a query: a total at the cap means
// at least that many.
const totalCap = 10_000

// total writes a count of parcels, "10,000+" at ATTOM's cap.
func WriteTotal(o *reply.Writer, n int) {
	o.Grouped(float64(n))
	if n >= totalCap {
		o.S("+")
	}
}

// Page is one page of a listing, after its filter.
type Page struct {
	L        *market.Listing
	F        filter.Filter
	Matched  int // homes of L that meet F
	From, N  int // the page: N matches from the From-th (0-based)
	Provided outcome.Provenance
	IDs      []string       // filled by WritePage: the ids of the homes shown
	Zone     *time.Location // the bot's zone (TZ), for the times a reason states
}

// listing writes a page of a listing: banner, header (with the filters),
// what part of the ZIP it is, the homes and the source.
func WritePage(o *reply.Writer, pg *Page, a time.Duration) {
	l, p := pg.L, pg.Provided
	WriteBanner(o, p, a)
	o.Open("b")
	o.Upper(string(l.Type))
	o.S(" in ")
	o.S(l.ZIP)
	o.Close("b")
	if !pg.F.IsZero() {
		var tmp [128]byte
		o.S(" · ")
		o.Esc(string(pg.F.AppendText(tmp[:0]))) // no & < >: escaping copies nothing
	}
	o.S("\n")
	switch {
	case l.NoData():
		o.S("ATTOM has no data for ZIP ")
		o.S(l.ZIP)
		o.S(": it holds no property there (remembered for 30 days, so asking again costs nothing).\n")
	case len(l.Items) == 0 && l.Mixed && l.Sampled > 0:
		o.S("None of the ")
		o.Int(l.Sampled)
		o.S(" parcels ATTOM gave as a sample of this ZIP is of this type.\n")
	case len(l.Items) == 0:
		o.S("No properties of this type in this ZIP.\n")
	case pg.Matched == 0:
		o.S("None of the ")
		o.Int(len(l.Items))
		o.S(" cached homes matches these filters; try wider ones.\n")
	}
	to := min(pg.From+pg.N, pg.Matched)
	if pg.From < to {
		o.S("Showing ")
		o.Int(pg.From + 1)
		o.S("–")
		o.Int(to)
		o.S(" of ")
		o.Int(pg.Matched)
		if !pg.F.IsZero() {
			o.S(" matching, out of ")
			o.Int(len(l.Items))
		}
		WriteSample(o, l)
		o.S("\n")
		if p.Source != outcome.Estimate {
			o.S("Values: ATTOM's automated estimate (AVM), with its low–high range.\n")
		}
		WriteReading(o, p.Reading)
	}
	pg.F.Page(l.Items, pg.From, pg.N, func(k int, s *market.Summary) {
		WriteSummary(o, k+1, s)
		o.S("\n")
		pg.IDs = append(pg.IDs, s.ID)
	})
	WriteProvenance(o, p, a, pg.Zone)
}

// WriteReading says which market reading the scores used, in /market's
// words.
func WriteReading(o *reply.Writer, r outcome.Reading) {
	if r.Type == "" {
		return
	}
	o.S("Scores for a market ")
	o.S(Temperature(market.Type(r.Type)))
	o.S(", ")
	if r.Growth >= 0 {
		o.S("+")
	}
	o.Fixed(r.Growth*100, 1) // reply.Pct without its allocation
	o.S("% a year.\n")
}

// renderListing renders the first n homes from from, unfiltered (/refresh).
func (h Words) Listing(l *market.Listing, p outcome.Provenance, from, n int) string {
	o := h.F.Writer(256 + 160*n)
	WritePage(o, &Page{L: l, Matched: len(l.Items), From: from, N: n, Provided: p}, h.Now().Sub(p.FetchedAt))
	return o.String()
}

// CostWords says what an answer cost in billed units: calls, or records
// under record billing.
func CostWords(n int, u quota.Unit) string {
	if n == 0 {
		if u.Records() {
			return "no record billed"
		}
		return "no call billed"
	}
	return "cost " + u.N(int64(n))
}
