package chart

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"time"
)

// The usage chart's layout: every text inside the image and clear of the
// others, each day's bar in the upper panel, the running total and the
// pace in the lower one, today marked at the last bar; whatever the month's
// length and however far over the limits the counts go.
func TestUsageChartLayoutFitsAndReads(t *testing.T) {
	tf, hf, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	days := func(n int, each int64) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = each
		}
		return out
	}
	cases := map[string]struct {
		days []int64
		now  time.Time
	}{
		"the 1st, nothing yet":         {[]int64{0}, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)},
		"a full 31-day month at pace":  {days(31, 13), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)},
		"29 February, over the limits": {append(days(28, 20), 130), time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)},
	}
	frame := image.Rect(0, 0, usageW, usageH)
	for name, c := range cases {
		l := layoutUsage("calls", c.days, 13, 400, c.now, tf, hf)
		textsFit(t, name, l.Texts, frame)
		if l.Days.Plot.Overlaps(l.Month.Plot) || !l.Days.Plot.In(frame) || !l.Month.Plot.In(frame) {
			t.Errorf("%s: panels %v and %v", name, l.Days.Plot, l.Month.Plot)
		}
		for i, b := range l.Bars {
			if !b.In(l.Days.Plot.Inset(-1)) {
				t.Errorf("%s: day %d's bar %v outside %v", name, i+1, b, l.Days.Plot)
			}
		}
		for _, p := range append(l.Total, l.PaceFrom, l.PaceTo) {
			if !p.In(l.Month.Plot.Inset(-1)) {
				t.Errorf("%s: %v outside the lower panel %v", name, p, l.Month.Plot)
			}
		}
		if l.Today != len(c.days)-1 || l.TodayX < l.Bars[l.Today].Min.X || l.TodayX > l.Bars[l.Today].Max.X {
			t.Errorf("%s: today marked at %d, its bar is %v", name, l.TodayX, l.Bars[l.Today])
		}
		if !l.Days.Plot.Inset(-1).Min.In(frame) || l.LimitY < l.Days.Plot.Min.Y || l.LimitY > l.Days.Plot.Max.Y {
			t.Errorf("%s: the daily limit at %d, outside %v", name, l.LimitY, l.Days.Plot)
		}
	}
	png1, err := Usage("calls", []int64{3, 5, 0}, 13, 400, time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(png1))
	if err != nil || img.Bounds().Dx() < 720 {
		t.Fatalf("usage chart: %v %v", err, img.Bounds())
	}
	if _, err := Usage("calls", nil, 13, 400, time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)); err == nil {
		t.Fatal("a chart without days")
	}
}
