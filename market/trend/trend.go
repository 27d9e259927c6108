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

// Of converts one series of ATTOM sales trends to points sorted by year.
// A response may hold a series per property type (category.typeValue): the
// one of v4Type is used, else the one with the most sales. Years whose
// interval ended less than RecordingLag before now are marked partial.
func Of(items []attom.SalesTrend, v4Type string, now time.Time) []Point {
	series := map[string][]Point{}
	sales := map[string]int64{}
	for _, it := range items {
		from, to, ok := it.Period()
		if !ok || it.SalesTrend.MedSalePrice <= 0 {
			continue
		}
		k := strings.ToUpper(strings.TrimSpace(string(it.Category.TypeValue)))
		series[k] = append(series[k], Point{Year: from.Year(), Median: float64(it.SalesTrend.MedSalePrice),
			Avg: float64(it.SalesTrend.AvgSalePrice), Sales: int64(it.SalesTrend.HomeSaleCount),
			Partial: now.Before(to.Add(24*time.Hour + RecordingLag))})
		sales[k] += int64(it.SalesTrend.HomeSaleCount)
	}
	pick, best := strings.ToUpper(v4Type), int64(-1)
	if _, ok := series[pick]; !ok {
		for k, n := range sales {
			if n > best || n == best && k < pick {
				pick, best = k, n
			}
		}
	}
	out := series[pick]
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
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
