package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// v4Enum is the v4 salestrend propertyType enum of ATTOM's Swagger, spelled
// as it is (values are matched exactly); v4Types are the ones the fake has
// sales of. "ALL" asks for a series of each; no propertyType consolidates
// every type into one series.
var (
	v4Enum = []string{"ALL", "CONDO/TOWNHOME", "COOPERATIVE", "MANUFACTURED", "MISCELLANEOUS", "MULTI (2-4 Units)",
		"MULTI 5+", "SINGLE FAMILY RESIDENCE", "VACANT LAND", "FARM/RANCH", "INDUSTRIAL", "OFFICE", "OTHER", "RETAIL"}
	v4Types = []string{"SINGLE FAMILY RESIDENCE", "CONDO/TOWNHOME", "MULTI (2-4 Units)", "MULTI 5+", "MANUFACTURED", "VACANT LAND"}
)

// consolidated is the series of no propertyType: every type together. Its
// category is not documented, so the fake sends none.
const consolidated = ""

// RecordingLag is how long recorded sales take to reach ATTOM in the fake: a
// year's count only holds the sales of its months up to this long ago, so the
// current year is short even when scaled by the months elapsed.
const RecordingLag = 75 * 24 * time.Hour

func (s *API) salesTrend(w http.ResponseWriter, q query, now time.Time) (any, bool) {
	if !s.single(w, q, "geoidv4", "interval", "startyear", "endyear") {
		return nil, false
	}
	geo := q.get("geoidv4")
	if geo == "" {
		s.reject(w, -8, "GeoIDV4 required")
		return nil, false
	}
	zip, ok := zipOfGeo(geo)
	if !ok {
		s.reject(w, 39, "Invalid GeoIdV4 Value")
		return nil, false
	}
	if iv := strings.ToLower(q.get("interval")); iv != "yearly" {
		s.reject(w, -5, "Invalid Parameter: interval (the fake serves yearly)")
		return nil, false
	}
	start, err1 := strconv.Atoi(q.get("startyear"))
	end, err2 := strconv.Atoi(q.get("endyear"))
	if err1 != nil || err2 != nil || end < start || end-start > 20 || end > now.Year() {
		s.reject(w, 11, "Invalid date range")
		return nil, false
	}
	var types []string
	for _, v := range q["propertytype"] { // documented as taking several values
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == '|' || r == ',' }) {
			t = strings.TrimSpace(t)
			switch {
			case t == "ALL":
				types = append(types, v4Types...)
			case slices.Contains(v4Types, t):
				types = append(types, t)
			case slices.Contains(v4Enum, t): // documented, but no sales of it here
			default:
				s.reject(w, -5, "Invalid Parameter: propertytype")
				return nil, false
			}
		}
	}
	if len(q["propertytype"]) == 0 {
		types = []string{consolidated}
	}
	if !s.hasData(zip) {
		s.noResult(w)
		return nil, false
	}
	s.mu.Lock()
	years, size := s.trendYears, s.trendPage
	s.mu.Unlock()
	var out []map[string]any
	for _, t := range types {
		for y := start; y <= end; y++ {
			out = append(out, trendItem(zip, geo, t, y, now, years))
		}
	}
	total, page := len(out), 1
	if size == 0 && q.get("page") != "" { // paging is not documented for the trend: only a paging fake takes it
		s.reject(w, -5, "Invalid Parameter: page")
		return nil, false
	}
	if size > 0 {
		p, err := strconv.Atoi(q.get("page"))
		if q.get("page") != "" && (err != nil || p < 1 || (p-1)*size >= total) {
			s.reject(w, -5, "Invalid Parameter: page")
			return nil, false
		}
		page = max(p, 1)
		out = out[(page-1)*size : min(page*size, total)]
	}
	return map[string]any{"status": okStatus(total, page, len(out), "pageSize"), "salesTrends": out}, true
}

// SalesCount is the fake's full-year number of sales of a ZIP and v4 type.
func SalesCount(zip, v4Type string, year int) int {
	r := rand.New(rand.NewPCG(zipSeed(zip), uint64(year)*7+uint64(len(v4Type))))
	base := 150 + float64(zipSeed(zip)%400)
	switch v4Type {
	case v4Types[0]:
	case consolidated:
		base *= 2
	default:
		base /= 4
	}
	return int(base*math.Pow(1+SalesGrowth(zip), float64(year-2026))) + r.IntN(5)
}

// typePrice is each v4 type's median against single-family homes' (the
// consolidated series' too): a condo sells for less than a house.
var typePrice = map[string]float64{"CONDO/TOWNHOME": 0.7, "MULTI (2-4 Units)": 1.3, "MULTI 5+": 2.5, "MANUFACTURED": 0.4, "VACANT LAND": 0.3}

func trendItem(zip, geo, v4Type string, year int, now time.Time, yearsOnly bool) map[string]any {
	med := float64(BasePrice(zip)) * math.Pow(1+GrowthRate(zip), float64(year-2026))
	if f, ok := typePrice[v4Type]; ok {
		med *= f
	}
	count := SalesCount(zip, v4Type, year)
	// Only the sales recorded by now: the current year's first months less
	// the lag, and early in a year the end of the last one is missing too.
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	recorded := now.Add(-RecordingLag).Sub(jan1).Hours() / (365 * 24)
	count = int(float64(count) * math.Min(1, math.Max(0, recorded)))
	start, end := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	if yearsOnly {
		start, end = strconv.Itoa(year), strconv.Itoa(year)
	}
	it := map[string]any{
		"location":   map[string]any{"geoIdV4": geo, "geographyName": zip},
		"dateRange":  map[string]any{"interval": "Yearly", "start": start, "end": end},
		"salesTrend": map[string]any{"homeSaleCount": count, "avgSalePrice": int(med * 1.08), "medSalePrice": int(med)},
		"vintage":    map[string]any{"pubDate": now.AddDate(0, 0, -3).Format("2006-01-02")},
	}
	if v4Type != consolidated {
		it["category"] = map[string]any{"typeDescription": "Property Type", "typeValue": v4Type}
	}
	return it
}
