package deal_test

import (
	"sort"
	"testing"

	"realtybot/market/deal"
	"realtybot/realty"
)

// In a stable market, homes priced from a third of the median up to twice
// it get scores that differ: the best deal stands out instead of tying with
// every cheap home; the cheapest is a strong deal, a home at the median is
// not, and one at twice the median is weak.
func TestScoresSpreadSoTheBestDealStandsOut(t *testing.T) {
	const median, perSqft = 400_000.0, 200.0
	var totals []int
	seen := map[int]int{}
	for _, ratio := range []float64{0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 1, 1.2, 1.5, 2} {
		price := median * ratio
		_, s := deal.Analyse(deal.Input{Type: realty.SFR, Price: price, Sqft: 2000,
			MedianPrice: median, MedianPerSqft: perSqft, Growth: 0.025, Momentum: 50, RentMult: 1, PriceMult: 1})
		totals = append(totals, s.Total)
		seen[s.Total]++
	}
	if !sort.SliceIsSorted(totals, func(i, j int) bool { return totals[i] > totals[j] }) {
		t.Fatalf("a cheaper home scored lower: %v", totals)
	}
	if len(seen) != len(totals) {
		t.Fatalf("ties among different prices: %v", totals)
	}
	if totals[0] < 75 || totals[6] > 60 || totals[len(totals)-1] > 40 {
		t.Fatalf("scores do not spread: %v", totals)
	}
}
