package handlers

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"time"
)

var (
	colBar   = color.RGBA{31, 119, 180, 255}
	colLimit = color.RGBA{214, 39, 40, 255}
	colPace  = color.RGBA{150, 150, 150, 255}
	colTotal = color.RGBA{44, 160, 44, 255}
)

// UsageChart draws the month's ATTOM calls: a bar a day against the daily
// limit (red), and the month's running total (green) against a straight pace
// line to the monthly limit (grey), which use the right-hand scale.
func UsageChart(days []int64, daily, monthly int64, hitRate float64, now time.Time) ([]byte, error) {
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	n := first.AddDate(0, 1, -1).Day()
	if len(days) == 0 || len(days) > n || daily <= 0 || monthly <= 0 {
		return nil, fmt.Errorf("handlers: a usage chart needs this month's days and the limits")
	}
	img := image.NewRGBA(image.Rect(0, 0, chartW, chartH))
	draw.Draw(img, img.Bounds(), &image.Uniform{colBG}, image.Point{}, draw.Src)
	top := daily + 2
	var total int64
	for _, d := range days {
		top, total = max(top, d+1), total+d
	}
	plotW, plotH := chartW-padL-padR, chartH-padT-padB
	slot := plotW / n
	x := func(day int) int { return padL + day*slot } // day 0 is the 1st
	y := func(v, scale int64) int { return chartH - padB - int(float64(v)/float64(scale)*float64(plotH)) }

	hline(img, padL, chartW-padR, chartH-padB, colAxis)
	vline(img, padL, padT, chartH-padB, colAxis)
	for _, v := range []int64{0, daily, top} {
		label(img, 6, y(v, top)+4, fmt.Sprintf("%d/day", v))
	}
	label(img, chartW-padR-70, padT-6, fmt.Sprintf("%d/month", monthly))
	for i, d := range days {
		for bx := x(i) + 2; bx < x(i)+slot-2; bx++ {
			vline(img, bx, y(d, top), chartH-padB, colBar)
		}
	}
	for xx := padL; xx <= chartW-padR; xx += 6 { // the daily limit, dashed
		hline(img, xx, min(xx+3, chartW-padR), y(daily, top), colLimit)
	}
	segment(img, x(0), y(0, monthly), x(n), y(monthly, monthly), colPace)
	var run int64
	for i, d := range days {
		prev := run
		run += d
		segment(img, x(i), y(prev, monthly), x(i+1), y(run, monthly), colTotal)
	}
	for day := 1; day <= n; day += 5 {
		label(img, x(day-1)+1, chartH-padB+18, fmt.Sprint(day))
	}
	label(img, padL, 22, fmt.Sprintf("ATTOM calls, %s: %d of %d this month, hit rate %.0f%%",
		now.Format("Jan 2006"), total, monthly, hitRate*100))
	label(img, 6, chartH-6, "bars: calls a day   red: daily limit   green: month total   grey: pace")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("handlers: encoding the chart: %w", err)
	}
	return buf.Bytes(), nil
}
