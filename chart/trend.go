package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"realtybot/handlers/reply"
	"realtybot/market"
)

// Chart dimensions and colours. A phone shows a photo about 360 points
// wide, so a 720-pixel chart is halved: text is drawn at 26 and 22 pixels
// to read at 13 and 11.
const (
	trendW, trendH = 720, 480
	titleSize      = 26
	textSize       = 22
	margin         = 16
)

var (
	colBG    = color.RGBA{255, 255, 255, 255}
	colAxis  = color.RGBA{90, 90, 90, 255}
	colGrid  = color.RGBA{228, 228, 228, 255}
	colLine  = color.RGBA{31, 119, 180, 255}
	colEst   = color.RGBA{214, 120, 30, 255}
	colLabel = color.RGBA{40, 40, 40, 255}
	colSales = color.RGBA{200, 215, 230, 255}
)

var fonts struct {
	once          sync.Once
	regular, bold *opentype.Font
	err           error
}

// faces returns new faces of the Go fonts (a face is not safe for
// concurrent use, so each chart has its own).
func faces() (text, title font.Face, err error) {
	fonts.once.Do(func() {
		if fonts.regular, fonts.err = opentype.Parse(goregular.TTF); fonts.err == nil {
			fonts.bold, fonts.err = opentype.Parse(gobold.TTF)
		}
	})
	if fonts.err != nil {
		return nil, nil, fonts.err
	}
	if text, err = opentype.NewFace(fonts.regular, &opentype.FaceOptions{Size: textSize, DPI: 72, Hinting: font.HintingFull}); err != nil {
		return nil, nil, err
	}
	title, err = opentype.NewFace(fonts.bold, &opentype.FaceOptions{Size: titleSize, DPI: 72, Hinting: font.HintingFull})
	return text, title, err
}

// chartText is one string placed on a chart: Box is where its ink may go.
type chartText struct {
	S    string
	At   fixed.Point26_6 // the baseline's start
	Box  image.Rectangle
	Bold bool
}

// trendLayout is where everything of a trend chart goes, computed before any
// drawing so that a test can check nothing is clipped or overlaps.
type trendLayout struct {
	Plot   image.Rectangle // the price line's area
	Ticks  []float64       // the price axis's values
	GridY  []int           // where each tick's grid line goes
	Texts  []chartText
	Points []image.Point // a year's median
	Bars   []image.Rectangle
	Hollow []bool // the year is not complete
}

func place(f font.Face, s string, x, baseline int, bold bool) chartText {
	w := font.MeasureString(f, s).Ceil()
	m := f.Metrics()
	return chartText{S: s, At: fixed.P(x, baseline), Bold: bold,
		Box: image.Rect(x, baseline-m.Ascent.Ceil(), x+w, baseline+m.Descent.Ceil())}
}

// layoutTrend places the title, round price ticks, the years, the sale
// counts as bars under the line, and a note on an incomplete year.
func layoutTrend(md *market.MarketData, asOf time.Time, reading string, tf, hf font.Face) trendLayout {
	var l trendLayout
	lineH := tf.Metrics().Height.Ceil()
	title := "ZIP " + md.ZIP + ": median sale price"
	if md.Estimate {
		title += " (ESTIMATE)"
	}
	l.Texts = append(l.Texts, place(hf, title, margin, margin+hf.Metrics().Ascent.Ceil(), true))
	// A chart is forwarded without its message: it says where it comes from.
	source := "ATTOM sales trend, fetched " + asOf.UTC().Format("2 Jan 2006")
	if md.Estimate {
		source = "ESTIMATE made by the bot, not ATTOM data, " + asOf.UTC().Format("2 Jan 2006")
	}
	l.Texts = append(l.Texts, place(tf, source, margin, margin+hf.Metrics().Height.Ceil()+tf.Metrics().Ascent.Ceil(), false))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range md.Trend {
		lo, hi = math.Min(lo, p.Median), math.Max(hi, p.Median)
	}
	l.Ticks = niceTicks(lo, hi, 4)
	lo, hi = l.Ticks[0], l.Ticks[len(l.Ticks)-1]
	axisW := 0
	for _, v := range l.Ticks {
		axisW = max(axisW, font.MeasureString(tf, shortTick(v)).Ceil())
	}
	var most int64 = 1
	for _, p := range md.Trend {
		most = max(most, p.Sales)
	}
	mostText := reply.Thousands(float64(most)) // the sales bars' own scale, on the right
	countW := max(font.MeasureString(tf, mostText).Ceil(), font.MeasureString(tf, "0").Ceil())
	top := margin + hf.Metrics().Height.Ceil() + 2*lineH // the title, the source, a blank line
	// The reading /market gives travels with the chart when it is forwarded alone.
	if reading != "" {
		l.Texts = append(l.Texts, place(tf, "Market: "+reading, margin, margin+hf.Metrics().Height.Ceil()+lineH+tf.Metrics().Ascent.Ceil(), false))
		top += lineH
	}
	textH := tf.Metrics().Ascent.Ceil() + tf.Metrics().Descent.Ceil()
	bottom := trendH - margin - 2*textH - 12 // years, then the key
	l.Plot = image.Rect(margin+axisW+12, top, trendW-margin-countW-12, bottom)
	inset := max(font.MeasureString(tf, "2026*").Ceil()/2+4, 24)
	n := len(md.Trend)
	x := func(i int) int { return l.Plot.Min.X + inset + i*(l.Plot.Dx()-2*inset)/max(n-1, 1) }
	y := func(v float64) int { return l.Plot.Max.Y - int(math.Round((v-lo)/(hi-lo)*float64(l.Plot.Dy()))) }
	for _, v := range l.Ticks {
		l.GridY = append(l.GridY, y(v))
		s := shortTick(v)
		w := font.MeasureString(tf, s).Ceil()
		l.Texts = append(l.Texts, place(tf, s, l.Plot.Min.X-12-w, y(v)+tf.Metrics().Ascent.Ceil()/2-2, false))
	}
	barTop := l.Plot.Max.Y - l.Plot.Dy()*2/5 // sales use the lower two fifths
	asc := tf.Metrics().Ascent.Ceil()
	l.Texts = append(l.Texts, place(tf, mostText, l.Plot.Max.X+12, barTop+asc/2, false),
		place(tf, "0", l.Plot.Max.X+12, l.Plot.Max.Y, false))
	half := min(28, (l.Plot.Dx()-2*inset)/max(n-1, 1)/3)
	partial := false
	for i, p := range md.Trend {
		cx := x(i)
		l.Points = append(l.Points, image.Pt(cx, y(p.Median)))
		h := int(float64(l.Plot.Max.Y-barTop) * float64(p.Sales) / float64(most))
		l.Bars = append(l.Bars, image.Rect(cx-half, l.Plot.Max.Y-h, cx+half, l.Plot.Max.Y))
		l.Hollow = append(l.Hollow, p.Partial)
		year := strconv.Itoa(p.Year)
		if p.Partial {
			year, partial = year+"*", true
		}
		w := font.MeasureString(tf, year).Ceil()
		l.Texts = append(l.Texts, place(tf, year, cx-w/2, l.Plot.Max.Y+6+tf.Metrics().Ascent.Ceil(), false))
	}
	key := "bars: sales a year (scale on the right)"
	if partial {
		key += "   * so far this year"
	}
	l.Texts = append(l.Texts, place(tf, key, margin, trendH-margin-tf.Metrics().Descent.Ceil(), false))
	return l
}

// niceTicks returns about n+1 round values covering lo..hi: steps of 1, 2,
// 2.5 or 5 times a power of ten, so the axis reads $380k, $390k, $400k.
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		lo, hi = lo*0.95, hi*1.05+1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start, end := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if end <= start {
		end = start + step
	}
	var out []float64
	for k := 0; start+float64(k)*step <= end+step*1e-9; k++ {
		out = append(out, start+float64(k)*step)
	}
	return out
}

// shortTick writes a price tick the way an agent says it: $380k, $1.25M.
func shortTick(v float64) string {
	switch {
	case v == 0:
		return "$0"
	case v >= 1_000_000:
		return "$" + strconv.FormatFloat(v/1_000_000, 'f', -1, 64) + "M"
	}
	return "$" + strconv.FormatFloat(v/1000, 'f', -1, 64) + "k"
}

// Trend draws the median sale price by year as a PNG, in process (no
// external service): a line of medians over bars of sale counts, in the Go
// fonts, sized for a phone, saying its source and date (asOf: when the data
// was fetched or made). Estimates are drawn in orange and titled so.
// reading is the market's reading in the agents' words ("heating
// (growing)"), "" for none.
func Trend(md *market.MarketData, asOf time.Time, reading string) ([]byte, error) {
	if len(md.Trend) < 2 {
		return nil, fmt.Errorf("chart: a chart needs at least two years of trend")
	}
	tf, hf, err := faces()
	if err != nil {
		return nil, fmt.Errorf("chart: the chart font: %w", err)
	}
	defer tf.Close()
	defer hf.Close()
	l := layoutTrend(md, asOf, reading, tf, hf)
	img := image.NewRGBA(image.Rect(0, 0, trendW, trendH))
	draw.Draw(img, img.Bounds(), &image.Uniform{colBG}, image.Point{}, draw.Src)
	for _, b := range l.Bars {
		draw.Draw(img, b, &image.Uniform{colSales}, image.Point{}, draw.Src)
	}
	for _, gy := range l.GridY {
		hline(img, l.Plot.Min.X, l.Plot.Max.X, gy, colGrid)
	}
	hline(img, l.Plot.Min.X, l.Plot.Max.X, l.Plot.Max.Y, colAxis)
	line := colLine
	if md.Estimate {
		line = colEst
	}
	for i, p := range l.Points {
		if i > 0 {
			segment(img, l.Points[i-1].X, l.Points[i-1].Y, p.X, p.Y, line)
		}
		dot(img, p.X, p.Y, line)
		if l.Hollow[i] {
			dotFill(img, p.X, p.Y, 2, colBG)
		}
	}
	drawTexts(img, l.Texts, tf, hf)
	return encode(img)
}
