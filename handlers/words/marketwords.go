package words

import (
	"fmt"
	"strings"

	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/trend"
	"realtybot/realty"
)

// temperature is a market type in an agent's words.
func Temperature(t market.Type) string {
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
func Pricing(t market.Type) string {
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
func Basis(md *market.MarketData) string {
	switch md.TypeBasis {
	case "configured":
		s := "set by your team"
		if md.Classified != "" && md.Classified != md.Type {
			s += "; the sales trend alone reads " + Temperature(md.Classified)
		}
		return s
	case "classified":
		return "read from the sales trend"
	}
	return "no sales trend yet, so assumed"
}

// Market is the /market answer: the ZIP's reading, and the figures of
// type t's own sales when t is given (its series of the trend, else the
// ZIP's main series, saying why).
func (h Words) Market(md *market.MarketData, t realty.PropertyType, p outcome.Provenance, admin bool) string {
	var b strings.Builder
	b.WriteString(h.EstimateBanner(p))
	b.WriteString(h.F.Bold(h.F.Esc("Market " + md.ZIP + ": " + Temperature(md.Type))))
	b.WriteString(h.F.Esc(" (" + Basis(md) + ")\n"))
	points, growth, sales, median := md.Trend, md.Growth, md.SalesChange, md.MedianPrice
	if t != "" {
		own := false
		points, own = md.TypeTrend(t)
		b.WriteString(h.F.Esc(typeNote(md, t, own)) + "\n")
		if own {
			growth, sales, _ = trend.Change(points)
			median = points[len(points)-1].Median
		}
	}
	if median > 0 {
		b.WriteString("Median sale price: " + reply.Money(median) + medianYear(points, median) + "\n")
	}
	if len(points) >= 2 {
		fmt.Fprintf(&b, "Over the last complete year: prices %s, number of sales %s\n", reply.Pct(growth), reply.Pct(sales))
	}
	if t == "" && md.AllTypes {
		b.WriteString(h.F.Esc(byType(md)) + "\n")
	}
	b.WriteString(h.F.Bold("For pricing") + ": " + h.F.Esc(Pricing(md.Type)) + "\n")
	if len(points) >= 2 {
		b.WriteString("Median by year:\n")
		for _, t := range points {
			so := ""
			if t.Partial {
				so = " so far, not compared"
			}
			fmt.Fprintf(&b, "  %d  %s  (%s sales%s)\n", t.Year, reply.Money(t.Median), reply.Thousands(float64(t.Sales)), so)
		}
	}
	if admin {
		m := md.Multipliers
		fmt.Fprintf(&b, "For admins: market type %s, partition %s, multipliers price ×%.2f, rent ×%.2f, appreciation ×%.2f\n",
			md.Type, md.Partition, m.Price, m.Rent, m.Appreciation)
	}
	b.WriteString(h.Provenance(p))
	return b.String()
}

// medianYear says which year a median is of: " (2026 so far)" for the
// partial current year, " (2025)" for a complete one; "" when it is not a
// year's of the trend.
func medianYear(points []trend.Point, median float64) string {
	if n := len(points); n > 0 && points[n-1].Median == median {
		if points[n-1].Partial {
			return fmt.Sprintf(" (%d so far)", points[n-1].Year)
		}
		return fmt.Sprintf(" (%d)", points[n-1].Year)
	}
	return ""
}
