package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"golang.org/x/image/font"
)

// Drawing primitives shared by the charts.

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

func dot(img *image.RGBA, cx, cy int, c color.Color) { dotFill(img, cx, cy, 6, c) }

// dotFill fills a disc of radius r.
func dotFill(img *image.RGBA, cx, cy, r int, c color.Color) {
	for dx := -r; dx <= r; dx++ {
		for dy := -r; dy <= r; dy++ {
			if dx*dx+dy*dy <= r*r {
				img.Set(cx+dx, cy+dy, c)
			}
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// drawTexts draws each placed text, the bold ones in the title face.
func drawTexts(img *image.RGBA, texts []chartText, tf, hf font.Face) {
	for _, t := range texts {
		f := tf
		if t.Bold {
			f = hf
		}
		(&font.Drawer{Dst: img, Src: image.NewUniform(colLabel), Face: f, Dot: t.At}).DrawString(t.S)
	}
}

// encode writes img as a PNG.
func encode(img *image.RGBA) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: encoding the chart: %w", err)
	}
	return buf.Bytes(), nil
}
