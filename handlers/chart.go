package handlers

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"realtybot/market"
)

// Chart dimensions and colours.
const (
	chartW, chartH = 640, 360
	padL, padR     = 90, 24
	padT, padB     = 40, 44
)

var (
	colBG    = color.RGBA{255, 255, 255, 255}
	colAxis  = color.RGBA{90, 90, 90, 255}
	colGrid  = color.RGBA{228, 228, 228, 255}
	colLine  = color.RGBA{31, 119, 180, 255}
	colEst   = color.RGBA{214, 120, 30, 255}
	colLabel = color.RGBA{40, 40, 40, 255}
)

// TrendChart draws the median sale price by year as a PNG, in process (no
// external service). Estimates are drawn in orange and titled as such.
func TrendChart(md *market.MarketData) ([]byte, error) {
	if len(md.Trend) < 2 {
		return nil, fmt.Errorf("handlers: a chart needs at least two years of trend")
	}
	img := image.NewRGBA(image.Rect(0, 0, chartW, chartH))
	draw.Draw(img, img.Bounds(), &image.Uniform{colBG}, image.Point{}, draw.Src)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range md.Trend {
		lo, hi = math.Min(lo, p.Median), math.Max(hi, p.Median)
	}
	span := hi - lo
	if span < hi*0.02 {
		span = hi * 0.02
	}
	lo, hi = lo-span*0.15, hi+span*0.15
	x := func(i int) int { return padL + i*(chartW-padL-padR)/(len(md.Trend)-1) }
	y := func(v float64) int { return chartH - padB - int((v-lo)/(hi-lo)*float64(chartH-padT-padB)) }

	for g := 0; g <= 4; g++ {
		v := lo + (hi-lo)*float64(g)/4
		hline(img, padL, chartW-padR, y(v), colGrid)
		label(img, 6, y(v)+4, money(v))
	}
	hline(img, padL, chartW-padR, chartH-padB, colAxis)
	vline(img, padL, padT, chartH-padB, colAxis)
	line := colLine
	title := "Median sale price, ZIP " + md.ZIP
	if md.Estimate {
		line, title = colEst, title+" (ESTIMATE)"
	}
	label(img, padL, 24, title)
	for i, p := range md.Trend {
		if i > 0 {
			segment(img, x(i-1), y(md.Trend[i-1].Median), x(i), y(p.Median), line)
		}
		dot(img, x(i), y(p.Median), line)
		label(img, x(i)-14, chartH-padB+20, fmt.Sprint(p.Year))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("handlers: encoding the chart: %w", err)
	}
	return buf.Bytes(), nil
}

func hline(img *image.RGBA, x0, x1, y int, c color.Color) {
	for x := x0; x <= x1; x++ {
		img.Set(x, y, c)
	}
}

func vline(img *image.RGBA, x, y0, y1 int, c color.Color) {
	for y := y0; y <= y1; y++ {
		img.Set(x, y, c)
	}
}

// segment draws a 3-pixel-thick line.
func segment(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	steps := max(abs(x1-x0), abs(y1-y0), 1)
	for s := 0; s <= steps; s++ {
		x := x0 + (x1-x0)*s/steps
		y := y0 + (y1-y0)*s/steps
		for d := -1; d <= 1; d++ {
			img.Set(x, y+d, c)
		}
	}
}

func dot(img *image.RGBA, cx, cy int, c color.Color) {
	for dx := -4; dx <= 4; dx++ {
		for dy := -4; dy <= 4; dy++ {
			if dx*dx+dy*dy <= 16 {
				img.Set(cx+dx, cy+dy, c)
			}
		}
	}
}

func label(img *image.RGBA, x, y int, s string) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(colLabel), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
