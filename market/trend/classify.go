package trend

// Classify is the documented classification rule, by the market types'
// names ("hot", "growing", "cooling", "emerging", "stable"; market.Type).
// With p the last year-over-year change of the median sale price and s that
// of the number of sales:
//
//	hot       p ≥ 8%, or p ≥ 5% with s ≥ 10%
//	growing   p ≥ 3%
//	cooling   p ≤ -2%, or s ≤ -15% with p < 1%
//	emerging  s ≥ 10% (activity rising ahead of prices)
//	stable    otherwise
//
// ok is false when the trend has fewer than two complete years; the caller keeps
// the configured or default type.
func Classify(points []Point) (string, bool) {
	p, s, ok := Change(points)
	if !ok {
		return "", false
	}
	switch {
	case p >= 0.08 || (p >= 0.05 && s >= 0.10):
		return "hot", true
	case p >= 0.03:
		return "growing", true
	case p <= -0.02 || (s <= -0.15 && p < 0.01):
		return "cooling", true
	case s >= 0.10:
		return "emerging", true
	}
	return "stable", true
}
