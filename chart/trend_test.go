package chart

import (
	"image"
	"math"
	"testing"
	"time"

	"realtybot/market"
	"realtybot/market/trend"
)

// The trend chart's layout: every text inside the image and clear of the
// others, round ticks that cover the medians, a bar per year no taller than
// the plot, and the incomplete year marked.
func TestTrendChartLayoutFitsAndReads(t *testing.T) {
	tf, hf, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]*market.MarketData{
		"five years": {ZIP: "78701", MedianPrice: 387_400, Trend: []trend.Point{
			{Year: 2022, Median: 351_000, Sales: 250}, {Year: 2023, Median: 375_700, Sales: 310},
			{Year: 2024, Median: 387_400, Sales: 280}, {Year: 2025, Median: 379_900, Sales: 305}, {Year: 2026, Median: 392_000, Sales: 120, Partial: true}}},
		"two flat years, estimate": {ZIP: "10001", Estimate: true, Trend: []trend.Point{{Year: 2025, Median: 1_250_000, Sales: 40}, {Year: 2026, Median: 1_250_000, Sales: 0}}},
		"ten years": {ZIP: "30301", Trend: func() []trend.Point {
			var ps []trend.Point
			for y := 2016; y <= 2025; y++ {
				ps = append(ps, trend.Point{Year: y, Median: 99_000 + float64(y-2016)*31_337, Sales: int64(1000 + y)})
			}
			return ps
		}()},
	}
	frame := image.Rect(0, 0, trendW, trendH)
	for name, md := range cases {
		l := layoutTrend(md, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), "heating fast (hot)", tf, hf)
		textsFit(t, name, l.Texts, frame)
		step := l.Ticks[1] - l.Ticks[0]
		mag := math.Pow(10, math.Floor(math.Log10(step)))
		if m := step / mag; m != 1 && m != 2 && m != 2.5 && m != 5 {
			t.Errorf("%s: tick step %v is not round", name, step)
		}
		for _, v := range l.Ticks {
			if r := math.Mod(v, step); r > 1e-6 && step-r > 1e-6 {
				t.Errorf("%s: tick %v is not a multiple of %v", name, v, step)
			}
		}
		for i, p := range md.Trend {
			if p.Median < l.Ticks[0] || p.Median > l.Ticks[len(l.Ticks)-1] {
				t.Errorf("%s: %v outside the ticks %v", name, p.Median, l.Ticks)
			}
			if !l.Bars[i].In(l.Plot) || !l.Points[i].In(l.Plot.Inset(-1)) {
				t.Errorf("%s: year %d drawn outside the plot", name, p.Year)
			}
			if l.Hollow[i] != p.Partial {
				t.Errorf("%s: year %d not marked as incomplete", name, p.Year)
			}
		}
		if len(l.Ticks) < 3 || len(l.Ticks) > 7 {
			t.Errorf("%s: %d ticks", name, len(l.Ticks))
		}
	}
}
