package handlers

import (
	"fmt"
	"strings"

	"realtybot/market"
)

// provenance is the line every data reply carries.
func (h *Handler) provenance(p market.Provenance) string {
	a := age(h.now().Sub(p.FetchedAt))
	var s string
	switch p.Source {
	case market.Live:
		s = fmt.Sprintf("Source: live from ATTOM (cost %d call", p.Cost)
		if p.Cost != 1 {
			s += "s"
		}
		s += ")"
	case market.Cached:
		s = fmt.Sprintf("Source: ATTOM data, cached (fetched %s)", a)
	case market.Stale:
		s = fmt.Sprintf("Source: ATTOM data, STALE (fetched %s)", a)
	case market.Estimate:
		s = fmt.Sprintf("Source: made by the bot, not ATTOM (generated %s)", a)
	}
	if p.Reason != "" {
		s += ": " + p.Reason
	}
	return h.f.Esc(s + ".")
}

// estimateBanner heads replies made of estimates or of stale data, so
// nobody misses it.
func (h *Handler) estimateBanner(p market.Provenance) string {
	switch p.Source {
	case market.Estimate:
		return h.f.Bold("⚠ ESTIMATES: not real data") + "\n"
	case market.Stale:
		return h.f.Bold(h.f.Esc("⚠ STALE: ATTOM data fetched "+age(h.now().Sub(p.FetchedAt)))) + "\n"
	}
	return ""
}

func (h *Handler) summaryLine(i int, r *market.Summary) string {
	var parts []string
	switch {
	case r.Price > 0 && r.Low > 0 && r.High > 0:
		parts = append(parts, fmt.Sprintf("%s (%s–%s)", money(r.Price), short(r.Low), short(r.High)))
	case r.Price > 0:
		parts = append(parts, money(r.Price))
	default:
		parts = append(parts, "no value")
	}
	if r.Beds > 0 || r.Baths > 0 {
		parts = append(parts, fmt.Sprintf("%g bd / %g ba", r.Beds, r.Baths))
	}
	switch {
	case r.Sqft > 0:
		parts = append(parts, fmt.Sprintf("%s sqft", thousands(r.Sqft)))
	case r.Lot > 0:
		parts = append(parts, fmt.Sprintf("lot %s sqft", thousands(r.Lot)))
	}
	parts = append(parts, fmt.Sprintf("score %d (%s)", r.Score, r.Label))
	est := ""
	if r.Estimate {
		est = " (est.)"
	}
	return fmt.Sprintf("%d. %s%s\n   %s · id %s", i, h.f.Esc(r.Address), est, h.f.Esc(strings.Join(parts, " · ")), h.f.Code(r.ID))
}

// sampleNote says what part of the ZIP a listing is: a page holds at most
// 100 of the thousands of parcels ATTOM has for a ZIP.
func sampleNote(l *market.Listing) string {
	switch {
	case l.Sampled == 0:
		return ""
	case l.Mixed:
		return fmt.Sprintf(", from %d of %s parcels of every kind in this ZIP (the most recently updated)", l.Sampled, thousands(float64(l.Total)))
	}
	return fmt.Sprintf(" %s: %d of %s in this ZIP (the most recently updated)", l.Type, l.Sampled, thousands(float64(l.Total)))
}

// short formats dollars in thousands: $352k, $1.2M.
func short(v float64) string {
	if v >= 1_000_000 {
		return fmt.Sprintf("$%.1fM", v/1_000_000)
	}
	return fmt.Sprintf("$%.0fk", v/1000)
}

func thousands(v float64) string { return strings.TrimPrefix(money(v), "$") }

func (h *Handler) renderListing(l *market.Listing, p market.Provenance, from, n int) string {
	var b strings.Builder
	b.WriteString(h.estimateBanner(p))
	fmt.Fprintf(&b, "%s\n", h.f.Bold(h.f.Esc(fmt.Sprintf("%s in %s", strings.ToUpper(string(l.Type)), l.ZIP))))
	if len(l.Items) == 0 {
		b.WriteString("No properties of this type in this ZIP.\n")
	}
	to := min(from+n, len(l.Items))
	if from < to {
		fmt.Fprintf(&b, "Showing %d–%d of %d%s\n", from+1, to, len(l.Items), sampleNote(l))
		if p.Source != market.Estimate {
			b.WriteString("Values: ATTOM's automated estimate (AVM), with its low–high range.\n")
		}
	}
	for i := from; i < to; i++ {
		b.WriteString(h.summaryLine(i+1, &l.Items[i]) + "\n")
	}
	b.WriteString(h.provenance(p))
	return b.String()
}

func (h *Handler) renderMarket(md *market.MarketData, p market.Provenance) string {
	var b strings.Builder
	b.WriteString(h.estimateBanner(p))
	fmt.Fprintf(&b, "%s\n", h.f.Bold("Market "+md.ZIP))
	line := fmt.Sprintf("Type: %s (%s", md.Type, md.TypeBasis)
	if md.Classified != "" && md.Classified != md.Type {
		line += fmt.Sprintf("; sales trend says %s", md.Classified)
	}
	b.WriteString(h.f.Esc(line+fmt.Sprintf("), partition %s", md.Partition)) + "\n")
	if md.MedianPrice > 0 {
		fmt.Fprintf(&b, "Median sale price: %s\n", money(md.MedianPrice))
	}
	if len(md.Trend) >= 2 {
		fmt.Fprintf(&b, "Trend: price %s, sales %s year over year (complete years)\n", pct(md.Growth), pct(md.SalesChange))
		for _, t := range md.Trend {
			so := ""
			if t.Partial {
				so = " so far; not compared"
			}
			fmt.Fprintf(&b, "  %d  %s  (%d sales%s)\n", t.Year, money(t.Median), t.Sales, so)
		}
	}
	m := md.Multipliers
	fmt.Fprintf(&b, "Multipliers: price ×%.2f, rent ×%.2f, appreciation ×%.2f\n", m.Price, m.Rent, m.Appreciation)
	b.WriteString(h.provenance(p))
	return b.String()
}

func (h *Handler) renderRecord(r *market.Record, p market.Provenance) string {
	var b strings.Builder
	b.WriteString(h.estimateBanner(p))
	bi, a, s := r.Basic, r.Analysis, r.Score
	fmt.Fprintf(&b, "%s\n", h.f.Bold(h.f.Esc(bi.Address)))
	fmt.Fprintf(&b, "id %s · %s · ZIP %s\n", h.f.Code(r.ID), bi.Type, bi.ZIP)
	b.WriteString(valueLine(&bi, r.Estimate) + "\n")
	b.WriteString(h.f.Esc(sizeLine(&bi)) + "\n")
	fmt.Fprintf(&b, "%s\n", h.f.Bold("Analysis"))
	if a.PricePerSqft > 0 {
		fmt.Fprintf(&b, "  %s/sqft", money(a.PricePerSqft))
		if a.PriceVsMedian > 0 {
			fmt.Fprintf(&b, " (%.0f%% of the ZIP median)", a.PriceVsMedian*100)
		}
		b.WriteString("\n")
	}
	if a.MonthlyRent > 0 {
		fmt.Fprintf(&b, "  rent %s/mo · gross yield %.1f%% · cap rate %.1f%% (rule of thumb by type and price, not ATTOM data)\n",
			money(a.MonthlyRent), a.GrossYield*100, a.CapRate*100)
	}
	fmt.Fprintf(&b, "  projected value in a year: %s (%s market, %s)\n", money(a.Value1y), r.Market.Type, pct(r.Market.Growth))
	fmt.Fprintf(&b, "%s %d/100 (%s): value %d, yield %d, momentum %d\n", h.f.Bold("Score"), s.Total, s.Label, s.Value, s.Yield, s.Momentum)
	b.WriteString(h.provenance(p))
	return b.String()
}

// valueLine says what the price is and where it comes from.
func valueLine(bi *market.Basic, estimate bool) string {
	switch {
	case estimate:
		return fmt.Sprintf("Value: %s (made by the bot)", money(bi.Price))
	case bi.Price <= 0:
		return "Value: ATTOM has no value for this property"
	case bi.PriceBasis == "avm":
		s := fmt.Sprintf("Value: %s, ATTOM's automated estimate (AVM)", money(bi.Price))
		if bi.ValueLow > 0 && bi.ValueHigh > 0 {
			s += fmt.Sprintf(", range %s–%s", money(bi.ValueLow), money(bi.ValueHigh))
		}
		if bi.Confidence > 0 {
			s += fmt.Sprintf(", confidence %.0f/100", bi.Confidence)
		}
		return s
	case bi.PriceBasis == "sale":
		return fmt.Sprintf("Value: %s, the last recorded sale (ATTOM has no AVM)", money(bi.Price))
	}
	return fmt.Sprintf("Value: %s, the assessor's market value (ATTOM has no AVM)", money(bi.Price))
}

// sizeLine is a property's rooms, size, lot and age, leaving out what is
// unknown (a lot has no rooms; the AVM detail has no year built).
func sizeLine(bi *market.Basic) string {
	var parts []string
	if bi.Beds > 0 || bi.Baths > 0 {
		parts = append(parts, fmt.Sprintf("%g bd / %g ba", bi.Beds, bi.Baths))
	}
	if bi.Sqft > 0 {
		parts = append(parts, thousands(bi.Sqft)+" sqft")
	}
	if bi.LotSqft > 0 {
		parts = append(parts, "lot "+thousands(bi.LotSqft)+" sqft")
	}
	if bi.YearBuilt > 0 {
		parts = append(parts, fmt.Sprintf("built %d", bi.YearBuilt))
	}
	if len(parts) == 0 {
		return "Size: not known"
	}
	return strings.Join(parts, " · ")
}
