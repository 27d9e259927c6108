package handlers

import (
	"fmt"
	"strings"

	"realtybot/market"
)

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
	if a.Value1y > 0 { // a home without a value has no projection: never "$0"
		fmt.Fprintf(&b, "  projected value in a year: %s (market %s, %s a year)\n", money(a.Value1y), temperature(r.Market.Type), pct(r.Market.Growth))
	}
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
