package market

import "realtybot/market/trend"

// Classify is the market type a sales trend reads as (trend.Classify, the
// documented rule); ok is false with fewer than two complete years.
func Classify(points []trend.Point) (Type, bool) {
	c, ok := trend.Classify(points)
	return Type(c), ok
}
