package words

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/market/outcome"
)

func (h Words) Record(r *market.Record, p outcome.Provenance) string {
	var b strings.Builder
	b.WriteString(h.EstimateBanner(p))
	bi, a, s := r.Basic, r.Analysis, r.Score
	fmt.Fprintf(&b, "%s\n", h.F.Bold(h.F.Esc(bi.Address)))
	fmt.Fprintf(&b, "id %s · %s · ZIP %s\n", h.F.Code(r.ID), bi.Type, bi.ZIP)
	b.WriteString(h.F.Esc(ValueLine(&bi, r.Estimate)) + "\n")
	if c := bi.MonthlyChg; c != 0 && !r.Estimate && bi.Price > c {
		fmt.Fprintf(&b, "Last month: %s%s (%s), by ATTOM's AVM\n", map[bool]string{true: "+", false: "−"}[c > 0], reply.Money(math.Abs(c)), reply.Pct(c/(bi.Price-c)))
	}
	b.WriteString(h.F.Esc(SizeLine(&bi)) + "\n")
	if link := MapLink(&bi, r.Estimate); link != "" {
		b.WriteString("Map: " + h.F.Esc(link) + "\n")
	}
	fmt.Fprintf(&b, "%s\n", h.F.Bold("Analysis"))
	if a.PricePerSqft > 0 {
		psf, whose := a.PricePerSqft, ""
		if bi.PerSqft > 0 && !r.Estimate {
			psf, whose = bi.PerSqft, " (ATTOM's)"
		}
		fmt.Fprintf(&b, "  %s/sqft%s", reply.Money(psf), whose)
		if a.PriceVsMedian > 0 {
			fmt.Fprintf(&b, " (%.0f%% of the ZIP median)", a.PriceVsMedian*100)
		}
		b.WriteString("\n")
	}
	if a.MonthlyRent > 0 {
		fmt.Fprintf(&b, "  rent %s/mo · gross yield %.1f%% · cap rate %.1f%% (rule of thumb by type and price, not ATTOM data)\n",
			reply.Money(a.MonthlyRent), a.GrossYield*100, a.CapRate*100)
	}
	if a.Value1y > 0 { // a home without a value has no projection: never "$0"
		fmt.Fprintf(&b, "  projected value in a year: %s (market %s, %s a year)\n", reply.Money(a.Value1y), Temperature(r.Market.Type), reply.Pct(r.Market.Growth))
	}
	fmt.Fprintf(&b, "%s %d/100 (%s): value %d, yield %d, momentum %d\n", h.F.Bold("Score"), s.Total, s.Label, s.Value, s.Yield, s.Momentum)
	b.WriteString(h.Provenance(p))
	return b.String()
}

// MapLink is the parcel's point on OpenStreetMap; "" for an estimate (it
// must never look like a real address) or a parcel without one.
func MapLink(bi *market.Basic, estimate bool) string {
	if estimate || bi.Lat == 0 && bi.Lon == 0 {
		return ""
	}
	lat, lon := strconv.FormatFloat(bi.Lat, 'f', 6, 64), strconv.FormatFloat(bi.Lon, 'f', 6, 64)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon
}

// valueLine says what the price is and where it comes from.
func ValueLine(bi *market.Basic, estimate bool) string {
	switch {
	case estimate:
		return fmt.Sprintf("Value: %s (made by the bot)", reply.Money(bi.Price))
	case bi.Price <= 0:
		return "Value: ATTOM has no value for this property"
	case bi.PriceBasis == "avm":
		s := fmt.Sprintf("Value: %s, ATTOM's automated estimate (AVM)", reply.Money(bi.Price))
		if bi.ValueLow > 0 && bi.ValueHigh > 0 {
			s += fmt.Sprintf(", range %s–%s", reply.Money(bi.ValueLow), reply.Money(bi.ValueHigh))
		}
		if bi.Confidence > 0 {
			s += fmt.Sprintf(", confidence %.0f/100", bi.Confidence)
		}
		if bi.ValuedOn != "" {
			s += ", valued on " + bi.ValuedOn
		}
		return s
	case bi.PriceBasis == "sale":
		return fmt.Sprintf("Value: %s, the last recorded sale (ATTOM has no AVM)", reply.Money(bi.Price))
	}
	return fmt.Sprintf("Value: %s, the assessor's market value (ATTOM has no AVM)", reply.Money(bi.Price))
}

// sizeLine is a property's rooms, size, lot and age, leaving out what is
// unknown (a lot has no rooms; the AVM detail has no year built).
func SizeLine(bi *market.Basic) string {
	var parts []string
	if bi.Beds > 0 || bi.Baths > 0 {
		parts = append(parts, reply.Rooms(bi.Beds, bi.Baths))
	}
	if bi.Sqft > 0 {
		parts = append(parts, reply.Thousands(bi.Sqft)+" sqft")
	}
	if bi.LotSqft > 0 {
		parts = append(parts, "lot "+reply.Thousands(bi.LotSqft)+" sqft")
	}
	if bi.YearBuilt > 0 {
		parts = append(parts, fmt.Sprintf("built %d", bi.YearBuilt))
	}
	if len(parts) == 0 {
		return "Size: not known"
	}
	return strings.Join(parts, " · ")
}
