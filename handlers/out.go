package handlers

import (
	"math"
	"strconv"
	"unsafe"
)

// out writes a reply without fmt: the /search reply is on every agent's
// path, and fmt's reflection and small strings were most of its cost. It
// appends to one byte slice and hands it over as a string without a copy,
// as strings.Builder does.
type out struct {
	b    []byte
	html bool
}

func (h *Handler) out(size int) *out {
	o := &out{b: make([]byte, 0, size)}
	_, o.html = h.f.(HTML)
	return o
}

// String returns what was written; o must not be written to after.
func (o *out) String() string { return unsafe.String(unsafe.SliceData(o.b), len(o.b)) }

// s writes markup or text known to need no escaping.
func (o *out) s(str string) { o.b = append(o.b, str...) }

// esc writes user or upstream text, escaped for Telegram HTML (the three
// characters it requires).
func (o *out) esc(str string) {
	if !o.html {
		o.b = append(o.b, str...)
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
		o.b = append(append(o.b, str[last:i]...), rep...)
		last = i + 1
	}
	o.b = append(o.b, str[last:]...)
}

func (o *out) open(tag string) {
	if o.html {
		o.b = append(append(append(o.b, '<'), tag...), '>')
	}
}

func (o *out) close(tag string) {
	if o.html {
		o.b = append(append(append(o.b, "</"...), tag...), '>')
	}
}

func (o *out) bold(str string) { o.open("b"); o.esc(str); o.close("b") }
func (o *out) code(str string) { o.open("code"); o.esc(str); o.close("code") }

func (o *out) int(n int) { o.b = strconv.AppendInt(o.b, int64(n), 10) }

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
	o.b = strconv.AppendFloat(o.b, v, 'g', -1, 64)
}

// fixed writes v with prec decimals, as %.Nf does.
func (o *out) fixed(v float64, prec int) { o.b = strconv.AppendFloat(o.b, v, 'f', prec, 64) }

// grouped writes a whole number with thousands commas: 1,234,000.
func (o *out) grouped(v float64) {
	var tmp [24]byte
	d := strconv.AppendInt(tmp[:0], int64(v+0.5*sign(v)), 10)
	if len(d) > 0 && d[0] == '-' {
		o.b = append(o.b, '-')
		d = d[1:]
	}
	head := len(d) % 3
	if head == 0 {
		head = 3
	}
	o.b = append(o.b, d[:head]...)
	for i := head; i < len(d); i += 3 {
		o.b = append(append(o.b, ','), d[i:i+3]...)
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
	o.b = append(o.b, '$')
	if v >= 10_000_000 {
		o.fixed(v/1_000_000, 1)
		o.b = append(o.b, 'M')
		return
	}
	o.grouped(v)
}

// short writes dollars in thousands: $352k, $1.2M. It rounds as %.0f and
// %.1f do (half to even), in integers.
func (o *out) short(v float64) {
	o.b = append(o.b, '$')
	if v >= 1_000_000 {
		if v >= 1e15 {
			o.fixed(v/1_000_000, 1)
		} else {
			t := int(math.RoundToEven(v / 100_000))
			o.int(t / 10)
			o.b = append(o.b, '.')
			o.int(t % 10)
		}
		o.b = append(o.b, 'M')
		return
	}
	o.int(int(math.RoundToEven(v / 1000)))
	o.b = append(o.b, 'k')
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
