// Package mock generates deterministic, realistic estimates in the same Go
// types as the attom package, for when the quota or ATTOM runs out. Every
// record it makes has Estimate set; the same ZIP, type and profile always give
// the same data.
package mock

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"realtybot/attom"
	"realtybot/realty"
)

// Profile shapes the data of one ZIP; the market package derives it from the
// ZIP's market type and multipliers.
type Profile struct {
	PriceLevel float64 // multiplier on the national baseline (1 = typical)
	Growth     float64 // yearly price growth, e.g. 0.08
	Volume     float64 // multiplier on yearly sales count
}

// IDBase starts the id range of estimates, far above ATTOM's ids, so an
// estimate can never be mistaken for a real property.
const IDBase int64 = 9_000_000_000_000

func seed(parts ...string) uint64 {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// ZIPBasePrice is the deterministic typical home price of a ZIP before the
// profile's level is applied (between 180k and 720k).
func ZIPBasePrice(zip string) float64 {
	r := rand.New(rand.NewPCG(seed("base", zip), 0))
	return 180_000 + float64(r.IntN(540))*1000
}

var typeFactor = map[realty.PropertyType]float64{
	realty.SFR: 1, realty.Condo: 0.7, realty.Townhouse: 0.85, realty.Multifamily: 1.45, realty.Mobile: 0.35, realty.Land: 0.3,
}

// ID is the id of the i-th estimate of a ZIP and type.
func ID(zip string, t realty.PropertyType, i int) int64 {
	z, _ := strconv.ParseInt(zip, 10, 64)
	return IDBase + z*10_000 + int64(typeIndex(t))*1000 + int64(i)
}

// ParseID reverses ID. ok is false for ids outside the estimate range.
func ParseID(id int64) (zip string, t realty.PropertyType, i int, ok bool) {
	n := id - IDBase
	if n < 0 || n/10_000 > 99999 {
		return "", "", 0, false
	}
	ti := int(n % 10_000 / 1000)
	if ti >= len(realty.PropertyTypes) {
		return "", "", 0, false
	}
	return fmt.Sprintf("%05d", n/10_000), realty.PropertyTypes[ti], int(n % 1000), true
}

func typeIndex(t realty.PropertyType) int {
	for i, x := range realty.PropertyTypes {
		if x == t {
			return i
		}
	}
	return 0
}

// Properties returns n estimated properties of type t in zip.
func Properties(zip string, t realty.PropertyType, p Profile, n int) []attom.Property {
	out := make([]attom.Property, n)
	for i := range out {
		out[i] = Property(zip, t, p, i)
	}
	return out
}

// Property returns the i-th estimate of a ZIP and type.
func Property(zip string, t realty.PropertyType, p Profile, i int) attom.Property {
	r := rand.New(rand.NewPCG(seed("prop", zip, string(t)), uint64(i)))
	var pr attom.Property
	id := ID(zip, t, i)
	pr.Estimate = true
	pr.Identifier.AttomID = attom.Int(id)
	pr.Identifier.ID = attom.Int(id)
	// No street: agents forward screenshots, and an estimate must never
	// look like a real address.
	pr.Address.Line1 = attom.String(fmt.Sprintf("Estimated home %d", i+1))
	pr.Address.Postal1 = attom.String(zip)
	pr.Address.OneLine = pr.Address.Line1 + attom.String(", "+zip)
	pr.Summary.PropType = attom.String(attom.V1(t))
	pr.Summary.YearBuilt = attom.Int(1950 + r.IntN(74))
	beds := 1 + r.IntN(4)
	if t == realty.Multifamily {
		beds += 2
	}
	size := 550 + float64(beds)*380 + float64(r.IntN(700))
	if t == realty.Land {
		beds, size = 0, 0
	}
	pr.Building.Rooms.Beds = attom.Float(beds)
	pr.Building.Rooms.BathsTotal = attom.Float(math.Max(1, float64(beds)-0.5*float64(r.IntN(3))))
	if t == realty.Land { // a lot has no rooms
		pr.Building.Rooms.BathsTotal = 0
	}
	pr.Building.Size.LivingSize = attom.Float(size)
	pr.Lot.LotSize2 = attom.Float(2500 + r.IntN(9000))
	level := p.PriceLevel
	if level <= 0 {
		level = 1
	}
	price := ZIPBasePrice(zip) * level * typeFactor[t] * (0.75 + r.Float64()*0.5)
	if size > 0 {
		price *= size / 1700
	}
	price = math.Round(price/1000) * 1000
	pr.AVM.Amount.Value = attom.Float(price)
	pr.AVM.Amount.Low = attom.Float(price * 0.9)
	pr.AVM.Amount.High = attom.Float(price * 1.1)
	pr.AVM.Amount.Scr = 50 // low confidence: it is an estimate
	return pr
}

// SalesTrend returns yearly estimated sales trends for a ZIP.
func SalesTrend(zip string, p Profile, startYear, endYear int) []attom.SalesTrend {
	level, vol := p.PriceLevel, p.Volume
	if level <= 0 {
		level = 1
	}
	if vol <= 0 {
		vol = 1
	}
	var out []attom.SalesTrend
	for y := startYear; y <= endYear; y++ {
		r := rand.New(rand.NewPCG(seed("trend", zip), uint64(y)))
		med := ZIPBasePrice(zip) * level * math.Pow(1+p.Growth, float64(y-endYear))
		var st attom.SalesTrend
		st.DateRange.Interval = "Yearly"
		st.DateRange.Start, st.DateRange.End = attom.String(strconv.Itoa(y)), attom.String(strconv.Itoa(y))
		st.SalesTrend.MedSalePrice = attom.Float(math.Round(med/1000) * 1000)
		st.SalesTrend.AvgSalePrice = attom.Float(math.Round(med*1.07/1000) * 1000)
		st.SalesTrend.HomeSaleCount = attom.Int(float64(250+r.IntN(40)) * vol * math.Pow(1+p.Growth/2, float64(y-startYear)))
		out = append(out, st)
	}
	return out
}
