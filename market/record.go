package market

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"realtybot/attom"
)

// Record is the guide's denormalized property record: basic info, the
// market data it was judged against, and analysis and scoring computed once
// when it was written, so a read does no work.
type Record struct {
	ID       string
	Estimate bool // made by the mock generator, not ATTOM
	Basic    Basic
	Market   MarketSnapshot
	Analysis Analysis
	Score    Score
}

// Basic is what ATTOM says about the property.
type Basic struct {
	Address    string
	ZIP        string
	Type       attom.PropertyType
	Beds       float64
	Baths      float64
	Sqft       float64
	LotSqft    float64
	YearBuilt  int
	Price      float64 // ATTOM's AVM, else last sale, else assessed market value
	PriceBasis string  // "avm", "sale", "assessed" or "" (no price)
	ValueLow   float64
	ValueHigh  float64
	Confidence float64 // AVM score, 0-100
	GeoIDV4    string
}

// MarketSnapshot is the ZIP's market data copied into the record.
type MarketSnapshot struct {
	Type         Type
	MedianPrice  float64
	MedianPerSqf float64
	Growth       float64 // expected yearly appreciation
	Multipliers  Multipliers
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
var rentRatio = map[attom.PropertyType]float64{
	attom.SFR: 0.0060, attom.Condo: 0.0065, attom.Townhouse: 0.0062, attom.Multifamily: 0.0080, attom.Mobile: 0.0090,
}

// RentRatio is the rule-of-thumb monthly rent / price of a property of type
// t whose price is vsMedian times the ZIP's typical price: cheaper homes rent
// for more of their price (the ratio falls with the square root of the price
// ratio, bounded to ×0.7–×1.4).
func RentRatio(t attom.PropertyType, vsMedian float64) float64 {
	f := 1.0
	if vsMedian > 0 {
		f = math.Min(1.4, math.Max(0.7, 1/math.Sqrt(vsMedian)))
	}
	return rentRatio[t] * f
}

var momentum = map[Type]float64{Hot: 90, Growing: 75, Emerging: 65, Stable: 50, Cooling: 30}

func basicOf(p *attom.Property, t attom.PropertyType) Basic {
	price, basis := p.Price()
	b := Basic{
		Address: strings.TrimSpace(string(p.Address.OneLine)), ZIP: string(p.Address.Postal1), Type: t,
		Beds: float64(p.Building.Rooms.Beds), Baths: float64(p.Building.Rooms.BathsTotal), Sqft: p.Size(),
		LotSqft: p.LotSqft(), YearBuilt: int(p.Summary.YearBuilt), Price: price, PriceBasis: string(basis),
		GeoIDV4: string(p.Location.GeoIDV4.ZI),
	}
	if basis == attom.BasisAVM {
		b.ValueLow, b.ValueHigh, b.Confidence = float64(p.AVM.Amount.Low), float64(p.AVM.Amount.High), float64(p.AVM.Amount.Scr)
	}
	if b.Address == "" {
		b.Address = strings.TrimSpace(string(p.Address.Line1) + ", " + string(p.Address.Line2))
	}
	return b
}

// snapshotFrom sets the market snapshot, deriving the medians from the
// listing itself when no sales trend is known.
func snapshotFrom(md *MarketData, basics []Basic) MarketSnapshot {
	var prices, perSqft []float64
	for _, b := range basics {
		if b.Price > 0 {
			prices = append(prices, b.Price)
			if b.Sqft > 0 {
				perSqft = append(perSqft, b.Price/b.Sqft)
			}
		}
	}
	s := MarketSnapshot{Type: md.Type, MedianPrice: md.MedianPrice, MedianPerSqf: median(perSqft),
		Growth: md.Growth, Multipliers: md.Multipliers}
	if s.MedianPrice == 0 {
		s.MedianPrice = median(prices)
	}
	return s
}

// analyse computes Analysis and Score for a record.
func analyse(b Basic, m MarketSnapshot) (Analysis, Score) {
	var a Analysis
	if b.Price <= 0 {
		return a, Score{Label: "no price"}
	}
	if b.Sqft > 0 {
		a.PricePerSqft = b.Price / b.Sqft
		if m.MedianPerSqf > 0 {
			a.PriceVsMedian = a.PricePerSqft / m.MedianPerSqf
		}
	} else if m.MedianPrice > 0 {
		a.PriceVsMedian = b.Price / m.MedianPrice
	}
	rentMult := m.Multipliers.Rent
	if rentMult <= 0 {
		rentMult = 1
	}
	vsMedian := 0.0
	if m.MedianPrice > 0 {
		vsMedian = b.Price / m.MedianPrice
	}
	a.MonthlyRent = math.Round(b.Price * RentRatio(b.Type, vsMedian) * rentMult / math.Max(m.Multipliers.Price, 0.5))
	a.GrossYield = a.MonthlyRent * 12 / b.Price
	a.CapRate = a.MonthlyRent * 12 * 0.6 / b.Price
	a.Value1y = math.Round(b.Price * (1 + m.Growth))

	var s Score
	if a.PriceVsMedian > 0 {
		s.Value = clamp(50 + (1-a.PriceVsMedian)*150)
	} else {
		s.Value = 50
	}
	s.Yield = clamp((a.GrossYield - 0.03) / 0.07 * 100)
	s.Momentum = clamp(momentum[m.Type] * (1 + m.Growth))
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

// buildRecords turns ATTOM items into denormalized records.
func buildRecords(items []attom.Property, t attom.PropertyType, md *MarketData) []Record {
	basics := make([]Basic, len(items))
	for i := range items {
		basics[i] = basicOf(&items[i], t)
	}
	snap := snapshotFrom(md, basics)
	out := make([]Record, len(items))
	for i := range items {
		a, s := analyse(basics[i], snap)
		out[i] = Record{ID: strconv.FormatInt(items[i].ID(), 10), Estimate: items[i].Estimate,
			Basic: basics[i], Market: snap, Analysis: a, Score: s}
	}
	return out
}

// Summary is what a search result shows of the record.
func (r *Record) Summary() Summary {
	b := &r.Basic
	return Summary{ID: r.ID, Estimate: r.Estimate, Address: b.Address, Price: b.Price, Low: b.ValueLow, High: b.ValueHigh, Beds: b.Beds,
		Baths: b.Baths, Sqft: b.Sqft, Lot: b.LotSqft, Score: r.Score.Total, Label: r.Score.Label}
}

func summaries(recs []Record) []Summary {
	out := make([]Summary, len(recs))
	for i := range recs {
		out[i] = recs[i].Summary()
	}
	return out
}

func clamp(v float64) int { return int(math.Round(math.Max(0, math.Min(100, v)))) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
