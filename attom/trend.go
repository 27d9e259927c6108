package attom

import (
	"strconv"
	"strings"
	"time"
)

// SalesTrend is one interval of one series of a v4 salestrend response.
type SalesTrend struct {
	Location struct {
		GeoIDV4       String `json:"geoIdV4"`
		GeographyName String `json:"geographyName"`
	} `json:"location"`
	Category struct {
		TypeDescription String `json:"typeDescription"`
		TypeValue       String `json:"typeValue"`
	} `json:"category"`
	DateRange struct {
		Interval String `json:"interval"`
		Start    String `json:"start"`
		End      String `json:"end"`
	} `json:"dateRange"`
	SalesTrend struct {
		HomeSaleCount Int   `json:"homeSaleCount"`
		AvgSalePrice  Float `json:"avgSalePrice"`
		MedSalePrice  Float `json:"medSalePrice"`
	} `json:"salesTrend"`
}

// Period returns the first and last day of the interval. ATTOM does not
// document the format of dateRange: a year ("2024") covers the whole year,
// a date ("2024-01-01", "2024/01/01", an RFC 3339 time) is that day. ok is
// false when start cannot be read.
func (t *SalesTrend) Period() (from, to time.Time, ok bool) {
	from, fromYear, ok := parseDay(string(t.DateRange.Start))
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	to, toYear, ok := parseDay(string(t.DateRange.End))
	switch {
	case !ok && fromYear:
		to = from.AddDate(1, 0, -1)
	case !ok:
		to = from
	case toYear: // a bare end year runs to its last day
		to = to.AddDate(1, 0, -1)
	}
	return from, to, true
}

// parseDay reads a year or a date. year is true for a bare year.
func parseDay(s string) (day time.Time, year bool, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) == 4 {
		y, err := strconv.Atoi(s)
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true, err == nil && y > 0
	}
	for _, layout := range []string{"2006-01-02", "2006/01/02", time.RFC3339, "2006-01-02T15:04:05", "01/02/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), false, true
		}
	}
	return time.Time{}, false, false
}

type salesTrendResponse struct {
	Status      Status       `json:"status"`
	SalesTrends []SalesTrend `json:"salesTrends"`
}

func (r *salesTrendResponse) records() int { return len(r.SalesTrends) }
