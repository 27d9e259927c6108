package trend

import (
	"realtybot/attom"
	"sort"
	"strings"
	"time"
)

// Point is one year of a ZIP's sales trend.
type Point struct {
	Year    int
	Median  float64
	Avg     float64
	Sales   int64
	Partial bool // the year is not over, or its sales are still being recorded
}

// RecordingLag is how long after a sale its record reaches ATTOM: a county
// records a deed weeks to months after closing. A year counts as complete
// only once this long has passed since its end.
const RecordingLag = 90 * 24 * time.Hour

// Series is one property type's yearly points, named by the v4 type of
// ATTOM's answer (category.typeValue; "" when the answer names none).
type Series struct {
	V4     string
	Points []Point
}

// All reads every series of an answer (one per property type when ALL was
// asked), each sorted by year, the series by name. Years whose interval
// ended less than RecordingLag before now are marked partial.
func All(items []attom.SalesTrend, now time.Time) []Series {
	byName := map[string][]Point{}
	for _, it := range items {
		from, to, ok := it.Period()
		if !ok || it.SalesTrend.MedSalePrice <= 0 {
			continue
		}
		k := strings.ToUpper(strings.TrimSpace(string(it.Category.TypeValue)))
		byName[k] = append(byName[k], Point{Year: from.Year(), Median: float64(it.SalesTrend.MedSalePrice),
			Avg: float64(it.SalesTrend.AvgSalePrice), Sales: int64(it.SalesTrend.HomeSaleCount),
			Partial: now.Before(to.Add(24*time.Hour + RecordingLag))})
	}
	out := make([]Series, 0, len(byName))
	for k, pts := range byName {
		sort.Slice(pts, func(i, j int) bool { return pts[i].Year < pts[j].Year })
		out = append(out, Series{V4: k, Points: pts})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].V4 < out[j].V4 })
	return out
}

// Of converts one series of ATTOM sales trends to points sorted by year:
// the one of v4Type, else the one with the most sales.
func Of(items []attom.SalesTrend, v4Type string, now time.Time) []Point {
	return Main(All(items, now), v4Type)
}

// Main is the series of v4Type, else the one with the most sales.
func Main(all []Series, v4Type string) []Point {
	if s, ok := Find(all, v4Type); ok {
		return s
	}
	var best []Point
	most := int64(-1)
	for _, s := range all {
		if n := s.sales(); n > most {
			best, most = s.Points, n
		}
	}
	return best
}

// Find is the series of v4Type (any case).
func Find(all []Series, v4Type string) ([]Point, bool) {
	for _, s := range all {
		if strings.EqualFold(s.V4, v4Type) {
			return s.Points, true
		}
	}
	return nil, false
}

func (s Series) sales() int64 {
	var n int64
	for _, p := range s.Points {
		n += p.Sales
	}
	return n
}

// MinSales is the fewest sales a type's last complete year must hold for
// the type's own median to stand; a rarer type is read from the ZIP's main
// series instead.
const MinSales = 10

// Enough reports whether points hold MinSales sales in their last complete
// year, and that year's sales.
func Enough(points []Point) (ok bool, sales int64, year int) {
	for i := len(points) - 1; i >= 0; i-- {
		if !points[i].Partial {
			return points[i].Sales >= MinSales, points[i].Sales, points[i].Year
		}
	}
	return false, 0, 0
}

// ForType is the series of v4Type when it holds enough sales (Enough);
// else main, with own false.
func ForType(all []Series, v4Type string, main []Point) (points []Point, own bool) {
	if pts, ok := Find(all, v4Type); ok {
		if enough, _, _ := Enough(pts); enough {
			return pts, true
		}
	}
	return main, false
}

// SalesOf is v4Type's sales in its last complete year, and that year; ok
// is false when there is no series of v4Type.
func SalesOf(all []Series, v4Type string) (sales int64, year int, ok bool) {
	pts, ok := Find(all, v4Type)
	if !ok {
		return 0, 0, false
	}
	_, sales, year = Enough(pts)
	return sales, year, true
}

// Change returns the yearly change of the median price and of the number of
// sales between the last two complete years. ok is false with fewer than two.
// A partial year is never compared: its count is short by the months not yet
// over and by the sales not yet recorded, which no scaling can know.
func Change(points []Point) (price, sales float64, ok bool) {
	var done []Point
	for _, p := range points {
		if !p.Partial {
			done = append(done, p)
		}
	}
	if len(done) < 2 {
		return 0, 0, false
	}
	a, b := done[len(done)-2], done[len(done)-1]
	price = b.Median/a.Median - 1
	if a.Sales > 0 {
		sales = float64(b.Sales)/float64(a.Sales) - 1
	}
	return price, sales, true
}
