package handlers

import (
	"fmt"
	"strings"

	"realtybot/market"
)

// temperature is a market type in an agent's words.
func temperature(t market.Type) string {
	switch t {
	case market.Hot:
		return "heating fast"
	case market.Growing:
		return "heating"
	case market.Emerging:
		return "starting to heat, from a low base"
	case market.Cooling:
		return "cooling"
	}
	return "steady"
}

// pricing is what a market type means for pricing a home.
func pricing(t market.Type) string {
	switch t {
	case market.Hot:
		return "Sellers have the edge: price at or a little above recent sales; buyers should expect competing offers and decide fast."
	case market.Growing:
		return "Prices are rising: price at recent sales; buyers waiting for a discount will likely pay more later."
	case market.Emerging:
		return "Prices are starting to rise from a low base: a good time for buyers and investors; price at recent sales."
	case market.Cooling:
		return "Buyers have the edge: price a little under recent sales, and expect negotiation and longer time on the market."
	}
	return "Balanced: price at recent comparable sales, with room for normal negotiation."
}

// basis says where the market's reading comes from, in plain words.
func basis(md *market.MarketData) string {
	switch md.TypeBasis {
	case "configured":
		s := "set by your team"
		if md.Classified != "" && md.Classified != md.Type {
			s += "; the sales trend alone reads " + temperature(md.Classified)
		}
		return s
	case "classified":
		return "read from the sales trend"
	}
	return "no sales trend yet, so assumed"
}

func (h *Handler) renderMarket(md *market.MarketData, p market.Provenance, admin bool) string {
	var b strings.Builder
	b.WriteString(h.estimateBanner(p))
	b.WriteString(h.f.Bold(h.f.Esc("Market " + md.ZIP + ": " + temperature(md.Type))))
	b.WriteString(h.f.Esc(" (" + basis(md) + ")\n"))
	if md.MedianPrice > 0 {
		b.WriteString("Median sale price: " + money(md.MedianPrice) + "\n")
	}
	if len(md.Trend) >= 2 {
		fmt.Fprintf(&b, "Over the last complete year: prices %s, number of sales %s\n", pct(md.Growth), pct(md.SalesChange))
	}
	b.WriteString(h.f.Bold("For pricing") + ": " + h.f.Esc(pricing(md.Type)) + "\n")
	if len(md.Trend) >= 2 {
		b.WriteString("Median by year:\n")
		for _, t := range md.Trend {
			so := ""
			if t.Partial {
				so = " so far, not compared"
			}
			fmt.Fprintf(&b, "  %d  %s  (%s sales%s)\n", t.Year, money(t.Median), thousands(float64(t.Sales)), so)
		}
	}
	if admin {
		m := md.Multipliers
		fmt.Fprintf(&b, "For admins: market type %s, partition %s, multipliers price ×%.2f, rent ×%.2f, appreciation ×%.2f\n",
			md.Type, md.Partition, m.Price, m.Rent, m.Appreciation)
	}
	b.WriteString(h.provenance(p))
	return b.String()
}
