package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// A real ZIP holds thousands of parcels of every kind: homes, lots,
// commercial buildings, exempt land. The fake gives each ZIP between
// MinParcels and MaxParcels, so one page of 100 is a sample, never the whole.
const (
	MinParcels = 1500
	MaxParcels = 9000
)

// kind is one kind of parcel: its v1 property type, propIndicator group,
// ATTOM's descriptions and its share of a ZIP's parcels.
type kind struct {
	v1        string
	indicator int
	class     string // propClass
	general   string // propertyType, the general description
	share     float64
	residence bool // has rooms and an AVM
	price     float64
}

var kinds = []kind{
	{"SFR", 10, "Single Family Residence / Townhouse", "SINGLE FAMILY RESIDENCE", 0.52, true, 1},
	{"TOWNHOUSE/ROWHOUSE", 10, "Single Family Residence / Townhouse", "TOWNHOUSE", 0.06, true, 0.85},
	{"CONDOMINIUM", 11, "Condominium", "CONDOMINIUM", 0.13, true, 0.7},
	{"DUPLEX", 21, "Duplex, Triplex, Quadplex", "DUPLEX", 0.03, true, 1.3},
	{"TRIPLEX", 21, "Duplex, Triplex, Quadplex", "TRIPLEX", 0.01, true, 1.5},
	{"MULTI FAMILY DWELLING", 21, "Duplex, Triplex, Quadplex", "MULTI FAMILY", 0.01, true, 1.6},
	{"APARTMENT", 22, "Apartment", "APARTMENT", 0.02, false, 4},
	{"MOBILE HOME", 10, "Single Family Residence / Townhouse", "MOBILE HOME", 0.02, true, 0.35},
	{"RESIDENTIAL LOT", 80, "Vacant", "RESIDENTIAL LOT", 0.04, false, 0.25},
	{"VACANT LAND (NEC)", 80, "Vacant", "VACANT LAND", 0.03, false, 0.2},
	{"COMMERCIAL BUILDING", 20, "Commercial", "COMMERCIAL", 0.04, false, 3},
	{"RETAIL TRADE", 25, "Retail", "RETAIL", 0.02, false, 2},
	{"OFFICE BUILDING", 27, "Office Building", "OFFICE", 0.02, false, 3},
	{"INDUSTRIAL (NEC)", 50, "Industrial", "INDUSTRIAL", 0.01, false, 2},
	{"TAX EXEMPT", 90, "Exempt", "EXEMPT", 0.02, false, 0},
	{"MISCELLANEOUS", 0, "Miscellaneous", "MISCELLANEOUS", 0.02, false, 0},
}

// parcel is one parcel of a ZIP.
type parcel struct {
	zip     string
	idx     int
	kind    *kind
	beds    int
	baths   float64
	size    int
	year    int
	acres   float64
	value   int // AVM value; 0 when ATTOM has no valuation
	scr     int
	updated time.Time // calendar date: parcel 0 was updated last
}

func zipSeed(zip string) uint64 {
	h := sha256.Sum256([]byte("attomtest:" + zip))
	var s uint64
	for _, b := range h[:8] {
		s = s<<8 | uint64(b)
	}
	return s
}

// Parcels is how many parcels the fake has in a ZIP.
func Parcels(zip string) int {
	return MinParcels + int(zipSeed(zip)%uint64(MaxParcels-MinParcels+1))
}

// BasePrice is the median home price the fake uses for a ZIP.
func BasePrice(zip string) int {
	r := rand.New(rand.NewPCG(zipSeed(zip), 1))
	return 150_000 + r.IntN(750_000)/1000*1000
}

// GrowthRate is the fake ZIP's yearly price growth (between -6% and +16%).
func GrowthRate(zip string) float64 {
	r := rand.New(rand.NewPCG(zipSeed(zip), 2))
	return -0.06 + r.Float64()*0.22
}

// SalesGrowth is the fake ZIP's yearly change in the number of sales
// (between -10% and +12%).
func SalesGrowth(zip string) float64 {
	r := rand.New(rand.NewPCG(zipSeed(zip), 4))
	return -0.10 + r.Float64()*0.22
}

// GeoIDV4 is the fake ZIP's geoIdV4: 32 hex digits ending in the ZIP itself,
// so the server can map it back without state.
func GeoIDV4(zip string) string {
	h := sha256.Sum256([]byte("geo:" + zip))
	return hex.EncodeToString(h[:])[:27] + zip
}

func zipOfGeo(geo string) (string, bool) {
	if len(geo) != 32 || GeoIDV4(geo[27:]) != geo {
		return "", false
	}
	return geo[27:], true
}

// AttomID is the id of the i-th parcel of a ZIP.
func AttomID(zip string, i int) int64 {
	z, _ := strconv.ParseInt(zip, 10, 64)
	return 100_000_000_000 + z*100_000 + int64(i)
}

func parcelByID(id int64, now time.Time) (parcel, bool) {
	id -= 100_000_000_000
	if id < 0 || id/100_000 > 99999 {
		return parcel{}, false
	}
	zip, i := fmt.Sprintf("%05d", id/100_000), int(id%100_000)
	if i >= Parcels(zip) {
		return parcel{}, false
	}
	return parcelOf(zip, i, now), true
}

// parcelOf makes the i-th parcel of a ZIP; each parcel has its own seed, so
// a page is made without the rest of the ZIP.
func parcelOf(zip string, i int, now time.Time) parcel {
	r := rand.New(rand.NewPCG(zipSeed(zip), 100+uint64(i)))
	k, x := &kinds[len(kinds)-1], r.Float64()
	for j := range kinds {
		if x < kinds[j].share {
			k = &kinds[j]
			break
		}
		x -= kinds[j].share
	}
	p := parcel{zip: zip, idx: i, kind: k, acres: math.Round((0.08+r.Float64()*0.4)*100) / 100,
		updated: now.Add(-time.Duration(i) * 3 * time.Hour).Truncate(24 * time.Hour)}
	switch {
	case k.residence:
		p.beds = 1 + r.IntN(5)
		p.baths = math.Max(1, float64(p.beds)-float64(r.IntN(2))*0.5)
		p.size = 600 + p.beds*350 + r.IntN(900)
		p.year = 1920 + r.IntN(104)
	case k.indicator != 80:
		p.size = 1500 + r.IntN(20000)
		p.year = 1920 + r.IntN(104)
	}
	// Most residences and lots have a valuation; some do not.
	if (k.residence || k.indicator == 80) && r.Float64() > 0.07 {
		base := float64(BasePrice(zip)) * k.price * (0.6 + r.Float64()*0.9)
		if p.size > 0 {
			base *= float64(p.size) / 1800
		}
		p.value = int(base/1000) * 1000
		p.scr = 70 + r.IntN(30)
	}
	return p
}
