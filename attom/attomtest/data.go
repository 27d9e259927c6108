package attomtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// HomesPerZIP is how many properties the fake has in each ZIP with data.
const HomesPerZIP = 40

type home struct {
	zip    string
	idx    int
	v1Type string
	beds   int
	baths  float64
	size   int
	year   int
	price  int
	lat    float64
	lon    float64
}

var v1Mix = []struct {
	name  string
	share float64
}{
	{"SFR", 0.5}, {"CONDOMINIUM", 0.2}, {"TOWNHOUSE/ROWHOUSE", 0.12}, {"DUPLEX", 0.05},
	{"MULTI FAMILY DWELLING", 0.05}, {"MOBILE HOME", 0.04}, {"RESIDENTIAL LOT", 0.04},
}

func zipSeed(zip string) uint64 {
	h := sha256.Sum256([]byte("attomtest:" + zip))
	var s uint64
	for _, b := range h[:8] {
		s = s<<8 | uint64(b)
	}
	return s
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

// AttomID is the id of the i-th home of a ZIP.
func AttomID(zip string, i int) int64 {
	z, _ := strconv.ParseInt(zip, 10, 64)
	return 100_000_000 + z*1000 + int64(i)
}

func homeByID(id int64) (home, bool) {
	id -= 100_000_000
	if id < 0 || id%1000 >= HomesPerZIP {
		return home{}, false
	}
	zip := fmt.Sprintf("%05d", id/1000)
	if id/1000 > 99999 {
		return home{}, false
	}
	return homesOf(zip)[id%1000], true
}

func homesOf(zip string) []home {
	r := rand.New(rand.NewPCG(zipSeed(zip), 3))
	base := float64(BasePrice(zip))
	lat, lon := 25+r.Float64()*23, -122+r.Float64()*50
	out := make([]home, HomesPerZIP)
	for i := range out {
		t, x := v1Mix[len(v1Mix)-1].name, r.Float64()
		for _, m := range v1Mix {
			if x < m.share {
				t = m.name
				break
			}
			x -= m.share
		}
		beds := 1 + r.IntN(5)
		size := 600 + beds*350 + r.IntN(900)
		price := base * (0.6 + r.Float64()*0.9) * float64(size) / 1800
		if t == "RESIDENTIAL LOT" {
			beds, size, price = 0, 0, base*0.2*(0.5+r.Float64())
		}
		out[i] = home{zip: zip, idx: i, v1Type: t, beds: beds,
			baths: math.Max(1, float64(beds)-float64(r.IntN(2))*0.5), size: size,
			year: 1920 + r.IntN(104), price: int(price/1000) * 1000,
			lat: lat + r.Float64()*0.05, lon: lon + r.Float64()*0.05}
	}
	return out
}

// item renders a home in ATTOM's wire shape: lower-case block names, latitude
// as a string, propIndicator as a string, empty blocks as {}.
func (h home) item(withAVM bool) map[string]any {
	id := AttomID(h.zip, h.idx)
	it := map[string]any{
		"identifier": map[string]any{"Id": id, "fips": "48453", "apn": fmt.Sprintf("%06d-%03d", id%1_000_000, h.idx), "attomId": id},
		"address": map[string]any{"country": "US", "countrySubd": "TX",
			"line1": fmt.Sprintf("%d MAIN ST", 100+h.idx*7), "line2": "SPRINGFIELD, TX " + h.zip,
			"locality": "SPRINGFIELD", "oneLine": fmt.Sprintf("%d MAIN ST, SPRINGFIELD, TX %s", 100+h.idx*7, h.zip),
			"postal1": h.zip, "postal2": "0001"},
		"location": map[string]any{"accuracy": "Rooftop", "latitude": strconv.FormatFloat(h.lat, 'f', 6, 64),
			"longitude": strconv.FormatFloat(h.lon, 'f', 6, 64), "distance": 0.0,
			"geoIdV4": map[string]any{"ZI": GeoIDV4(h.zip), "CO": "f2c1e3"}},
		"summary": map[string]any{"propclass": "Single Family Residence / Townhouse", "proptype": h.v1Type,
			"propertyType": h.v1Type, "yearbuilt": h.year, "propLandUse": h.v1Type, "propIndicator": "10"},
		"building": map[string]any{"size": map[string]any{"universalsize": h.size, "livingsize": h.size, "bldgsize": h.size + 200},
			"rooms": map[string]any{"beds": h.beds, "bathstotal": h.baths, "bathsfull": math.Floor(h.baths), "roomsTotal": h.beds + 3}},
		"lot":        map[string]any{"lotsize1": 0.17, "lotsize2": "7405"},
		"sale":       map[string]any{"saleTransDate": "2021-06-01", "amount": map[string]any{"saleamt": strconv.Itoa(h.price * 85 / 100), "salerecdate": "2021-06-03"}},
		"assessment": map[string]any{"market": map[string]any{"mktttlvalue": h.price * 9 / 10}, "tax": map[string]any{"taxamt": h.price / 50, "taxyear": 2025}},
		"vintage":    map[string]any{"lastModified": "2026-10-01", "pubDate": "2026-10-02"},
		"avm":        map[string]any{},
	}
	if withAVM || h.idx%3 != 0 {
		it["avm"] = map[string]any{"eventDate": "2026-10-01", "amount": map[string]any{
			"scr": 85 + h.idx%10, "value": h.price, "high": h.price * 11 / 10, "low": h.price * 9 / 10}}
	}
	return it
}

func trendItem(zip, geo string, year int) map[string]any {
	r := rand.New(rand.NewPCG(zipSeed(zip), uint64(year)))
	g := GrowthRate(zip)
	med := float64(BasePrice(zip)) * math.Pow(1+g, float64(year-2026))
	count := 200 + int(zipSeed(zip)%400) + int(g*1000) + r.IntN(20)
	return map[string]any{
		"location":   map[string]any{"geoIdV4": geo, "geographyName": zip},
		"dateRange":  map[string]any{"interval": "Yearly", "start": strconv.Itoa(year), "end": strconv.Itoa(year)},
		"salesTrend": map[string]any{"homeSaleCount": count, "avgSalePrice": int(med * 1.08), "medSalePrice": int(med)},
		"vintage":    map[string]any{"pubDate": "2026-10-02"},
	}
}
