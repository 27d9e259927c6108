package market

import (
	"sort"
	"strconv"

	"realtybot/attom"
)

// TrendPoint is one year of a ZIP's sales trend.
type TrendPoint struct {
	Year   int
	Median float64
	Avg    float64
	Sales  int64
}

// Trend converts ATTOM sales trends to points sorted by year.
func Trend(items []attom.SalesTrend) []TrendPoint {
	var out []TrendPoint
	for _, it := range items {
		y, err := strconv.Atoi(string(it.DateRange.Start))
		if err != nil || it.SalesTrend.MedSalePrice <= 0 {
			continue
		}
		out = append(out, TrendPoint{Year: y, Median: float64(it.SalesTrend.MedSalePrice),
			Avg: float64(it.SalesTrend.AvgSalePrice), Sales: int64(it.SalesTrend.HomeSaleCount)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// Change returns the last year-over-year change of the median price and of
// the number of sales. ok is false with fewer than two years.
func Change(points []TrendPoint) (price, sales float64, ok bool) {
	if len(points) < 2 {
		return 0, 0, false
	}
	a, b := points[len(points)-2], points[len(points)-1]
	price = b.Median/a.Median - 1
	if a.Sales > 0 {
		sales = float64(b.Sales)/float64(a.Sales) - 1
	}
	return price, sales, true
}

// Classify is the documented classification rule. With p the last
// year-over-year change of the median sale price and s that of the number of
// sales:
//
//	hot       p ≥ 8%, or p ≥ 5% with s ≥ 10%
//	growing   p ≥ 3%
//	cooling   p ≤ -2%, or s ≤ -15% with p < 1%
//	emerging  s ≥ 10% (activity rising ahead of prices)
//	stable    otherwise
//
// ok is false when the trend has fewer than two years; the caller then keeps
// the configured or default type.
func Classify(points []TrendPoint) (Type, bool) {
	p, s, ok := Change(points)
	if !ok {
		return "", false
	}
	switch {
	case p >= 0.08 || (p >= 0.05 && s >= 0.10):
		return Hot, true
	case p >= 0.03:
		return Growing, true
	case p <= -0.02 || (s <= -0.15 && p < 0.01):
		return Cooling, true
	case s >= 0.10:
		return Emerging, true
	}
	return Stable, true
}
