package market

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"realtybot/attom"
	"realtybot/market/deal"
	"realtybot/realty"
)

// Record is the denormalized property record ([record-denormalized]): basic info, the
// market data it was judged against, and analysis and scoring computed once
// when it was written, so a read does no work.
type Record struct {
	ID       string
	Estimate bool // made by the mock generator, not ATTOM
	Basic    Basic
	Market   MarketSnapshot
	Analysis deal.Analysis
	Score    deal.Score
}

// Basic is what ATTOM says about the property.
type Basic struct {
	Address    string
	ZIP        string
	Type       realty.PropertyType
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
	// What the AVM call also paid for: the valuation's date, ATTOM's value
	// per sqft and last month's change in dollars; the parcel's point.
	ValuedOn            string
	PerSqft, MonthlyChg float64
	Lat, Lon            float64
}

// MarketSnapshot is the ZIP's market data copied into the record.
type MarketSnapshot struct {
	Type         Type
	MedianPrice  float64
	MedianPerSqf float64
	Growth       float64 // expected yearly appreciation
	Multipliers  Multipliers
}

// momentum is the score's momentum base by market type (package deal).
var momentum = map[Type]float64{Hot: 90, Growing: 75, Emerging: 65, Stable: 50, Cooling: 30}

func basicOf(p *attom.Property, t realty.PropertyType) Basic {
	price, basis := p.Price()
	b := Basic{
		Address: strings.TrimSpace(string(p.Address.OneLine)), ZIP: string(p.Address.Postal1), Type: t,
		Beds: float64(p.Building.Rooms.Beds), Baths: float64(p.Building.Rooms.BathsTotal), Sqft: p.Size(),
		LotSqft: p.LotSqft(), YearBuilt: int(p.Summary.YearBuilt), Price: price, PriceBasis: string(basis),
		GeoIDV4: string(p.Location.GeoIDV4.ZI),
	}
	if basis == attom.BasisAVM {
		b.ValueLow, b.ValueHigh, b.Confidence = float64(p.AVM.Amount.Low), float64(p.AVM.Amount.High), float64(p.AVM.Amount.Scr)
		b.PerSqft, b.MonthlyChg = float64(p.AVM.Calculations.PerSizeUnit), float64(p.AVM.Calculations.MonthlyChgValue)
		if d, err := time.Parse(time.DateOnly, string(p.AVM.EventDate)[:min(10, len(p.AVM.EventDate))]); err == nil {
			b.ValuedOn = d.Format(time.DateOnly) // a date, or nothing: never ATTOM's text as is
		}
	}
	b.Lat, b.Lon = float64(p.Location.Latitude), float64(p.Location.Longitude)
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

// analyse computes the record's analysis and score (package deal).
func analyse(b Basic, m MarketSnapshot) (deal.Analysis, deal.Score) {
	return deal.Analyse(deal.Input{Type: b.Type, Price: b.Price, Sqft: b.Sqft, MedianPrice: m.MedianPrice,
		MedianPerSqft: m.MedianPerSqf, Growth: m.Growth, Momentum: momentum[m.Type],
		RentMult: m.Multipliers.Rent, PriceMult: m.Multipliers.Price})
}

// buildRecords turns ATTOM items into denormalized records.
func buildRecords(items []attom.Property, t realty.PropertyType, md *MarketData) []Record {
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

// scored sets the listing's homes and the market they were judged
// against from its records.
func (l *Listing) scored(recs []Record) {
	l.Items = make([]Summary, len(recs))
	for i := range recs {
		l.Items[i] = recs[i].Summary()
	}
	if len(recs) > 0 {
		l.Market = recs[0].Market
	}
}

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
