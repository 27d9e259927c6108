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
	Price      float64 // AVM, else last sale, else assessed market value
	PriceBasis string  // "avm", "sale" or "assessed"
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
	MonthlyRent   float64 // estimated
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

// baseRentRatio is monthly rent / price of a typical US home.
const baseRentRatio = 0.0065

var momentum = map[Type]float64{Hot: 90, Growing: 75, Emerging: 65, Stable: 50, Cooling: 30}

func basicOf(p *attom.Property, t attom.PropertyType) Basic {
	b := Basic{
		Address: strings.TrimSpace(string(p.Address.OneLine)), ZIP: string(p.Address.Postal1), Type: t,
		Beds: float64(p.Building.Rooms.Beds), Baths: float64(p.Building.Rooms.BathsTotal), Sqft: p.Size(),
		LotSqft: float64(p.Lot.LotSize2), YearBuilt: int(p.Summary.YearBuilt), Price: p.Price(),
		ValueLow: float64(p.AVM.Amount.Low), ValueHigh: float64(p.AVM.Amount.High),
		Confidence: float64(p.AVM.Amount.Scr), GeoIDV4: string(p.Location.GeoIDV4.ZI),
	}
	if b.Address == "" {
		b.Address = strings.TrimSpace(string(p.Address.Line1) + ", " + string(p.Address.Line2))
	}
	switch {
	case p.AVM.Amount.Value > 0:
		b.PriceBasis = "avm"
	case p.Sale.Amount.SaleAmt > 0:
		b.PriceBasis = "sale"
	default:
		b.PriceBasis = "assessed"
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
	a.MonthlyRent = math.Round(b.Price * baseRentRatio * rentMult / math.Max(m.Multipliers.Price, 0.5))
	if b.Type == attom.Land {
		a.MonthlyRent = 0
	}
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
	return Summary{ID: r.ID, Estimate: r.Estimate, Address: b.Address, Price: b.Price, Beds: b.Beds,
		Baths: b.Baths, Sqft: b.Sqft, Score: r.Score.Total, Label: r.Score.Label}
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
