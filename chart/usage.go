package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strconv"
	"time"

	"golang.org/x/image/font"
)

const usageW, usageH = 720, 600

var (
	colToday = color.RGBA{255, 127, 14, 255}
	colLimit = color.RGBA{214, 39, 40, 255}
	colPace  = color.RGBA{150, 150, 150, 255}
	colTotal = color.RGBA{44, 160, 44, 255}
)

// usagePanel is one of the usage chart's two plots and its scale.
type usagePanel struct {
	Plot  image.Rectangle
	Ticks []float64
}

func (p usagePanel) y(v float64) int {
	hi := p.Ticks[len(p.Ticks)-1]
	return p.Plot.Max.Y - int(v/hi*float64(p.Plot.Dy())+0.5)
}

// usageLayout is where everything of the usage chart goes.
type usageLayout struct {
	Days, Month usagePanel
	Texts       []chartText
	Bars        []image.Rectangle // a bar a day so far
	Today       int               // today's bar (index into Bars)
	TodayX      int
	LimitY      int           // the daily limit, in Days
	Total       []image.Point // the month's running total, in Month
	PaceFrom    image.Point   // the pace line, 0 on the 1st ...
	PaceTo      image.Point   // ... to the plan at the month's end
}

// layoutUsage places two panels, one above the other: calls a day as bars
// against the daily limit, and the month's running total against the pace
// that ends the month at the plan, each on its own axis.
func layoutUsage(noun string, days []int64, daily, monthly int64, now time.Time, tf, hf font.Face) usageLayout {
	var l usageLayout
	n := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	var total, most int64
	for _, d := range days {
		total, most = total+d, max(most, d)
	}
	asc, desc := tf.Metrics().Ascent.Ceil(), tf.Metrics().Descent.Ceil()
	textH := asc + desc
	title := fmt.Sprintf("ATTOM %s, %s (UTC days)", noun, now.Format("Jan 2006"))
	l.Texts = append(l.Texts, place(hf, title, margin, margin+hf.Metrics().Ascent.Ceil(), true))
	l.Days.Ticks = niceTicks(0, float64(max(most, daily)), 3)
	l.Month.Ticks = niceTicks(0, float64(max(total, monthly)), 4)
	axisW := 0
	for _, v := range append(append([]float64{}, l.Days.Ticks...), l.Month.Ticks...) {
		axisW = max(axisW, font.MeasureString(tf, strconv.FormatFloat(v, 'f', -1, 64)).Ceil())
	}
	left, right := margin+axisW+12, usageW-margin
	top1 := margin + hf.Metrics().Height.Ceil() + textH + 8 // the panel's caption above it
	bottom2 := usageH - margin - textH - 6                  // the day numbers under the lower panel
	gap := 2*textH + 24                                     // day numbers under the upper panel, the lower's caption
	h := (bottom2 - top1 - gap) / 2
	l.Days.Plot = image.Rect(left, top1, right, top1+h)
	l.Month.Plot = image.Rect(left, bottom2-h, right, bottom2)
	slot := l.Days.Plot.Dx() / n
	x := func(day int) int { return left + day*slot } // day 0 is the 1st
	for _, p := range []struct {
		panel   usagePanel
		caption string
	}{
		{l.Days, fmt.Sprintf("Calls a day (red: the limit, %d; orange: today)", daily)},
		{l.Month, fmt.Sprintf("Month so far: %d of %d (grey: the pace to %d)", total, monthly, monthly)},
	} {
		l.Texts = append(l.Texts, place(tf, p.caption, left, p.panel.Plot.Min.Y-8-desc, false))
		for _, v := range p.panel.Ticks {
			s := strconv.FormatFloat(v, 'f', -1, 64)
			w := font.MeasureString(tf, s).Ceil()
			l.Texts = append(l.Texts, place(tf, s, left-12-w, p.panel.y(v)+asc/2-2, false))
		}
		for day := 1; day <= n; day++ {
			if day == 1 || day%5 == 0 {
				s := strconv.Itoa(day)
				w := font.MeasureString(tf, s).Ceil()
				l.Texts = append(l.Texts, place(tf, s, x(day-1)+slot/2-w/2, p.panel.Plot.Max.Y+6+asc, false))
			}
		}
	}
	for i, d := range days {
		l.Bars = append(l.Bars, image.Rect(x(i)+2, l.Days.y(float64(d)), x(i)+slot-2, l.Days.Plot.Max.Y))
	}
	l.Today = len(days) - 1
	l.TodayX = x(l.Today) + slot/2
	l.LimitY = l.Days.y(float64(daily))
	var run int64
	l.Total = append(l.Total, image.Pt(x(0), l.Month.y(0)))
	for i, d := range days {
		run += d
		l.Total = append(l.Total, image.Pt(x(i+1), l.Month.y(float64(run))))
	}
	l.PaceFrom, l.PaceTo = image.Pt(x(0), l.Month.y(0)), image.Pt(x(n), l.Month.y(float64(monthly)))
	return l
}

// Usage draws the month's ATTOM calls as a PNG: days holds each day's calls
// from the 1st to today (UTC), daily and monthly are the plan's limits.
func Usage(noun string, days []int64, daily, monthly int64, now time.Time) ([]byte, error) {
	now = now.UTC()
	if n := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day(); len(days) == 0 || len(days) > n || daily <= 0 || monthly <= 0 {
		return nil, fmt.Errorf("chart: a usage chart needs this month's days and the limits")
	}
	tf, hf, err := faces()
	if err != nil {
		return nil, fmt.Errorf("chart: the chart font: %w", err)
	}
	defer tf.Close()
	defer hf.Close()
	l := layoutUsage(noun, days, daily, monthly, now, tf, hf)
	img := image.NewRGBA(image.Rect(0, 0, usageW, usageH))
	draw.Draw(img, img.Bounds(), &image.Uniform{colBG}, image.Point{}, draw.Src)
	for _, p := range []usagePanel{l.Days, l.Month} {
		for _, v := range p.Ticks {
			hline(img, p.Plot.Min.X, p.Plot.Max.X, p.y(v), colGrid)
		}
		hline(img, p.Plot.Min.X, p.Plot.Max.X, p.Plot.Max.Y, colAxis)
		for y := p.Plot.Min.Y; y <= p.Plot.Max.Y; y += 6 { // today, dotted
			vline(img, l.TodayX, y, min(y+2, p.Plot.Max.Y), colToday)
		}
	}
	for i, b := range l.Bars {
		c := colLine
		if i == l.Today {
			c = colToday
		}
		draw.Draw(img, b, &image.Uniform{c}, image.Point{}, draw.Src)
	}
	for x := l.Days.Plot.Min.X; x <= l.Days.Plot.Max.X; x += 8 { // the daily limit, dashed
		hline(img, x, min(x+4, l.Days.Plot.Max.X), l.LimitY, colLimit)
	}
	segment(img, l.PaceFrom.X, l.PaceFrom.Y, l.PaceTo.X, l.PaceTo.Y, colPace)
	for i := 1; i < len(l.Total); i++ {
		segment(img, l.Total[i-1].X, l.Total[i-1].Y, l.Total[i].X, l.Total[i].Y, colTotal)
		segment(img, l.Total[i-1].X, l.Total[i-1].Y-1, l.Total[i].X, l.Total[i].Y-1, colTotal)
	}
	drawTexts(img, l.Texts, tf, hf)
	return encode(img)
}
