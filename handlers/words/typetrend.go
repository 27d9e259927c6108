package words

import (
	"fmt"
	"strings"

	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/market/trend"
	"realtybot/realty"
)

// seriesWords names the homes of each type's series of the sales trend;
// condos and townhouses share one (ATTOM's CONDO/TOWNHOME).
var seriesWords = map[realty.PropertyType]string{
	realty.SFR:         "single-family homes",
	realty.Condo:       "condos and townhouses",
	realty.Townhouse:   "condos and townhouses",
	realty.Multifamily: "2–4 unit buildings",
	realty.Mobile:      "manufactured homes",
	realty.Land:        "vacant land",
}

// SeriesName names the series /market shows for t: t's own, or the ZIP's
// main one when t has too few sales.
func SeriesName(md *market.MarketData, t realty.PropertyType) string {
	if _, own := md.TypeTrend(t); own {
		return seriesWords[t]
	}
	return seriesWords[realty.SFR]
}

// typeNote says whose figures a /market of type t shows, and why when they
// are not t's own.
func typeNote(md *market.MarketData, t realty.PropertyType, own bool) string {
	name := seriesWords[t]
	sales, year, ok := md.TypeSales(t)
	switch {
	case own:
		return fmt.Sprintf("Figures of %s alone (%s sales in %d).", name, reply.Thousands(float64(sales)), year)
	case md.Estimate:
		return "Estimated for the whole ZIP, not for " + name + " alone."
	case len(md.Types) == 0:
		return "This ZIP's trend was read before types were kept apart; its next refresh brings them. The figures are of the ZIP's single-family homes."
	case !md.AllTypes:
		return "Only the single-family trend was asked (under record billing each type's series is billed per record): the figures are of single-family homes, not " + name + "."
	case !ok:
		return "ATTOM's trend holds no sales of " + name + " in this ZIP: the figures are of the ZIP's single-family homes."
	}
	return fmt.Sprintf("Too few sales of %s for figures of their own (%d in %d; %d needed): the figures are of the ZIP's single-family homes.",
		name, sales, year, trend.MinSales)
}

// byType is each type's own median in its last complete year, for the
// types with enough sales.
func byType(md *market.MarketData) string {
	var parts []string
	seen := map[string]bool{}
	for _, t := range realty.PropertyTypes {
		name := seriesWords[t]
		points, own := md.TypeTrend(t)
		if !own || seen[name] {
			continue
		}
		seen[name] = true
		for i := len(points) - 1; i >= 0; i-- {
			if p := points[i]; !p.Partial {
				parts = append(parts, fmt.Sprintf("%s %s in %d", name, reply.Money(p.Median), p.Year))
				break
			}
		}
	}
	if len(parts) == 0 {
		return "No type has enough sales for a median of its own."
	}
	return "Medians by type: " + strings.Join(parts, "; ") + " (/market " + md.ZIP + " <type> for one)."
}
