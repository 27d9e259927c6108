package deal

import (
	"math"
	"realtybot/realty"
)

// Input is what a property's analysis reads: the property, and the ZIP's
// market it is judged against.
type Input struct {
	Type          realty.PropertyType
	Price, Sqft   float64
	MedianPrice   float64 // the ZIP's typical price
	MedianPerSqft float64 // the ZIP's typical price per sqft (0: unknown)
	Growth        float64 // expected yearly appreciation
	Momentum      float64 // the market type's momentum base, 0-100
	RentMult      float64 // the ZIP's rent multiplier (0: 1)
	PriceMult     float64 // the ZIP's price multiplier
}

// Analysis is pre-calculated at write time.
type Analysis struct {
	PricePerSqft  float64
	PriceVsMedian float64 // price per sqft / ZIP median per sqft (1 = at median)
	MonthlyRent   float64 // a rule-of-thumb estimate (RentRatio), not ATTOM data
	GrossYield    float64 // annual rent / price
	CapRate       float64 // (rent - 40% expenses) / price
	Value1y       float64 // projected value in a year
}

// Score rates the property 0-100 from value, yield and momentum.
type Score struct {
	Total    int
	Value    int
	Yield    int
	Momentum int
	Label    string
}

// rentRatio is a rule of thumb for monthly rent / price by property type:
// small multifamily rents for more of its price than a condo. It is not
// ATTOM data, and replies say so.
var rentRatio = map[realty.PropertyType]float64{
	realty.SFR: 0.0060, realty.Condo: 0.0065, realty.Townhouse: 0.0062, realty.Multifamily: 0.0080, realty.Mobile: 0.0090,
}

// RentRatio is the rule-of-thumb monthly rent / price of a property of type
// t whose price is vsMedian times the ZIP's typical price: cheaper homes rent
// for more of their price (the ratio falls with the square root of the price
// ratio, bounded to ×0.7–×1.4).
func RentRatio(t realty.PropertyType, vsMedian float64) float64 {
	f := 1.0
	if vsMedian > 0 {
		f = math.Min(1.4, math.Max(0.7, 1/math.Sqrt(vsMedian)))
	}
	return rentRatio[t] * f
}

// Analyse computes the analysis and the score of a property.
func Analyse(in Input) (Analysis, Score) {
	var a Analysis
	if in.Price <= 0 {
		return a, Score{Label: "no price"}
	}
	if in.Sqft > 0 {
		a.PricePerSqft = in.Price / in.Sqft
		if in.MedianPerSqft > 0 {
			a.PriceVsMedian = a.PricePerSqft / in.MedianPerSqft
		}
	} else if in.MedianPrice > 0 {
		a.PriceVsMedian = in.Price / in.MedianPrice
	}
	rentMult := in.RentMult
	if rentMult <= 0 {
		rentMult = 1
	}
	vsMedian := 0.0
	if in.MedianPrice > 0 {
		vsMedian = in.Price / in.MedianPrice
	}
	a.MonthlyRent = math.Round(in.Price * RentRatio(in.Type, vsMedian) * rentMult / math.Max(in.PriceMult, 0.5))
	a.GrossYield = a.MonthlyRent * 12 / in.Price
	a.CapRate = a.MonthlyRent * 12 * 0.6 / in.Price
	a.Value1y = math.Round(in.Price * (1 + in.Growth))

	var s Score
	if a.PriceVsMedian > 0 {
		s.Value = clamp(curve(1-a.PriceVsMedian, valueSteep))
	} else {
		s.Value = 50
	}
	s.Yield = clamp(curve(a.GrossYield-yieldMid, yieldSteep))
	s.Momentum = clamp(in.Momentum * (1 + in.Growth))
	s.Total = clamp(0.45*float64(s.Value) + 0.30*float64(s.Yield) + 0.25*float64(s.Momentum))
	switch {
	case s.Total >= 75:
		s.Label = "strong deal"
	case s.Total >= 60:
		s.Label = "good"
	case s.Total >= 45:
		s.Label = "fair"
	default:
		s.Label = "weak"
	}
	return a, s
}

func clamp(v float64) int { return int(math.Round(math.Max(0, math.Min(100, v)))) }

// The parts of the score follow an S-curve rather than a clamped line, so
// two cheap homes with high yields still differ (a line hit 100 for every
// home under two thirds of the median, and the best deals tied).
// docs/scoring.md shows the curves.
const (
	valueSteep = 4     // price per sqft at 75% of the median scores 73, at 50% 88
	yieldMid   = 0.065 // a 6.5% gross yield scores 50, 8.5% 73, 10% 85
	yieldSteep = 1 / 0.02
)

// curve maps x to 0-100: 50 at 0, rising with steepness k.
func curve(x, k float64) float64 { return 100 / (1 + math.Exp(-k*x)) }
