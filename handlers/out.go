package handlers

import (
	"math"
	"strconv"
	"strings"
)

// out writes a reply without fmt: the /search reply is on every agent's
// path, and fmt's reflection and small strings were most of its cost.
type out struct {
	b    strings.Builder
	html bool
}

func (h *Handler) out(size int) *out {
	o := &out{}
	_, o.html = h.f.(HTML)
	o.b.Grow(size)
	return o
}

func (o *out) String() string { return o.b.String() }

// s writes markup or text known to need no escaping.
func (o *out) s(str string) { o.b.WriteString(str) }

// esc writes user or upstream text, escaped for Telegram HTML (the three
// characters it requires).
func (o *out) esc(str string) {
	if !o.html {
		o.b.WriteString(str)
		return
	}
	last := 0
	for i := 0; i < len(str); i++ {
		var rep string
		switch str[i] {
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '&':
			rep = "&amp;"
		default:
			continue
		}
		o.b.WriteString(str[last:i])
		o.b.WriteString(rep)
		last = i + 1
	}
	o.b.WriteString(str[last:])
}

func (o *out) open(tag string) {
	if o.html {
		o.b.WriteByte('<')
		o.b.WriteString(tag)
		o.b.WriteByte('>')
	}
}

func (o *out) close(tag string) {
	if o.html {
		o.b.WriteString("</")
		o.b.WriteString(tag)
		o.b.WriteByte('>')
	}
}

func (o *out) bold(str string) { o.open("b"); o.esc(str); o.close("b") }
func (o *out) code(str string) { o.open("code"); o.esc(str); o.close("code") }

func (o *out) int(n int) {
	var tmp [24]byte
	o.b.Write(strconv.AppendInt(tmp[:0], int64(n), 10))
}

// num writes v as %g does: 3, 2.5. Whole and half numbers (rooms) take
// a fast path.
func (o *out) num(v float64) {
	if v >= 0 && v < 1e6 {
		if w := int(v); float64(w) == v {
			o.int(w)
			return
		} else if float64(w)+0.5 == v {
			o.int(w)
			o.s(".5")
			return
		}
	}
	var tmp [32]byte
	o.b.Write(strconv.AppendFloat(tmp[:0], v, 'g', -1, 64))
}

// fixed writes v with prec decimals, as %.Nf does.
func (o *out) fixed(v float64, prec int) {
	var tmp [32]byte
	o.b.Write(strconv.AppendFloat(tmp[:0], v, 'f', prec, 64))
}

// grouped writes a whole number with thousands commas: 1,234,000.
func (o *out) grouped(v float64) {
	var tmp [24]byte
	d := strconv.AppendInt(tmp[:0], int64(v+0.5*sign(v)), 10)
	start := 0
	if len(d) > 0 && d[0] == '-' {
		o.b.WriteByte('-')
		start = 1
	}
	for i := start; i < len(d); i++ {
		if i > start && (len(d)-i)%3 == 0 {
			o.b.WriteByte(',')
		}
		o.b.WriteByte(d[i])
	}
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// money writes dollars: $1,234,000, or $12.5M from ten million up.
func (o *out) money(v float64) {
	o.b.WriteByte('$')
	if v >= 10_000_000 {
		o.fixed(v/1_000_000, 1)
		o.b.WriteByte('M')
		return
	}
	o.grouped(v)
}

// short writes dollars in thousands: $352k, $1.2M. It rounds as %.0f and
// %.1f do (half to even), in integers.
func (o *out) short(v float64) {
	o.b.WriteByte('$')
	if v >= 1_000_000 {
		if v >= 1e15 {
			o.fixed(v/1_000_000, 1)
		} else {
			t := int(math.RoundToEven(v / 100_000))
			o.int(t / 10)
			o.b.WriteByte('.')
			o.int(t % 10)
		}
		o.b.WriteByte('M')
		return
	}
	o.int(int(math.RoundToEven(v / 1000)))
	o.b.WriteByte('k')
}

// money formats dollars: $1,234,000 / $12.5M.
func money(v float64) string {
	var o out
	o.money(v)
	return o.String()
}

func thousands(v float64) string {
	var o out
	o.grouped(v)
	return o.String()
}
