package reply

import (
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// Writer writes a reply without fmt: the /search reply is on every agent's
// path, and fmt's reflection and small strings were most of its cost. It
// appends to one byte slice and hands it over as a string without a copy,
// as strings.Builder does. It is the one writer of replies: Mode's string
// helpers are written with it.
type Writer struct {
	b    []byte
	html bool
}

// String returns what was written; o must not be written to after.
func (o *Writer) String() string { return unsafe.String(unsafe.SliceData(o.b), len(o.b)) }

// Len is how many bytes were written.
func (o *Writer) Len() int { return len(o.b) }

// Truncate drops what was written after the first n bytes.
func (o *Writer) Truncate(n int) { o.b = o.b[:n] }

// put appends text or bytes (digits formatted on the stack). When they
// fit, only the length is stored: the Writer lives on the heap, and storing
// its buffer's pointer on every append would go through the garbage
// collector's write barrier while it marks, which was a seventh of a
// /search reply's time.
func put[T string | []byte](o *Writer, d T) {
	n := len(o.b)
	if len(d) <= cap(o.b)-n {
		o.b = o.b[:n+len(d)] // a reslice of itself: the pointer is not stored
		copy(o.b[n:], d)
		return
	}
	o.b = append(o.b, d...)
}

// putByte appends one byte, as put does.
func (o *Writer) putByte(c byte) {
	n := len(o.b)
	if n < cap(o.b) {
		o.b = o.b[:n+1]
		o.b[n] = c
		return
	}
	o.b = append(o.b, c)
}

// S writes markup or text known to need no escaping.
func (o *Writer) S(str string) { put(o, str) }

// Esc writes user or upstream text, escaped for Telegram HTML (the three
// characters it requires).
func (o *Writer) Esc(str string) {
	if !o.html || !needsEsc(str) {
		put(o, str)
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
		put(o, str[last:i])
		put(o, rep)
		last = i + 1
	}
	put(o, str[last:])
}

// needsEsc reports whether str holds a character Telegram HTML escapes.
// Most addresses, labels and ids hold none. Past 16 bytes (an address)
// three vectorised byte searches find that faster than a loop over the
// bytes; below (a label, an id) the loop is twice as fast as the three
// calls.
func needsEsc(str string) bool {
	if len(str) > 16 {
		return strings.IndexByte(str, '<') >= 0 || strings.IndexByte(str, '>') >= 0 || strings.IndexByte(str, '&') >= 0
	}
	for i := 0; i < len(str); i++ {
		if c := str[i]; c <= '>' && (c == '<' || c == '>' || c == '&') {
			return true
		}
	}
	return false
}

// Open writes an opening tag (nothing in plain text).
func (o *Writer) Open(tag string) {
	if o.html {
		o.putByte('<')
		put(o, tag)
		o.putByte('>')
	}
}

// Close writes a closing tag (nothing in plain text).
func (o *Writer) Close(tag string) {
	if o.html {
		put(o, "</")
		put(o, tag)
		o.putByte('>')
	}
}

// Upper writes text known to need no escaping in ASCII capitals (a type's
// code, "SFR"), with no string made on the way.
func (o *Writer) Upper(str string) {
	n := len(o.b)
	put(o, str)
	for i := n; i < len(o.b); i++ {
		if c := o.b[i]; 'a' <= c && c <= 'z' {
			o.b[i] = c - 'a' + 'A'
		}
	}
}

// Bold writes escaped text in bold.
func (o *Writer) Bold(str string) { o.Open("b"); o.Esc(str); o.Close("b") }

// Code writes escaped text as code.
func (o *Writer) Code(str string) {
	if !o.html {
		put(o, str)
		return
	}
	put(o, "<code>")
	o.Esc(str)
	put(o, "</code>")
}

// Int writes a whole number. Numbers under 1,000 (an index, rooms, a
// score, thousands of dollars) are written from a table: a /search reply
// writes some fifty numbers.
func (o *Writer) Int(n int) {
	switch {
	case n >= 0 && n < 10:
		o.putByte(byte('0' + n))
	case n >= 10 && n < 100:
		put(o, digits[3*n+1:3*n+3])
	case n >= 100 && n < 1000:
		put(o, digits[3*n:3*n+3])
	default:
		var tmp [20]byte
		put(o, strconv.AppendInt(tmp[:0], int64(n), 10))
	}
}

// digits is "000001002…999": every number under 1,000 in three digits.
var digits = func() string {
	b := make([]byte, 0, 3000)
	for i := range 1000 {
		b = append(b, byte('0'+i/100), byte('0'+i/10%10), byte('0'+i%10))
	}
	return string(b)
}()

// Num writes v as %g does: 3, 2.5. Whole and half numbers (rooms) take
// a fast path.
func (o *Writer) Num(v float64) {
	if v >= 0 && v < 1e6 {
		if w := int(v); float64(w) == v {
			o.Int(w)
			return
		} else if float64(w)+0.5 == v {
			o.Int(w)
			o.S(".5")
			return
		}
	}
	o.b = strconv.AppendFloat(o.b, v, 'g', -1, 64)
}

// Fixed writes v with prec decimals, as %.Nf does.
func (o *Writer) Fixed(v float64, prec int) { o.b = strconv.AppendFloat(o.b, v, 'f', prec, 64) }

// Grouped writes a whole number with thousands commas: 1,234,000.
func (o *Writer) Grouped(v float64) {
	n := int64(v + 0.5*sign(v))
	if n < 0 {
		o.putByte('-')
		o.grouped(uint64(-n)) // two's complement: right for the least int64 too
		return
	}
	o.grouped(uint64(n))
}

func (o *Writer) grouped(n uint64) {
	if n < 1000 {
		o.Int(int(n))
		return
	}
	o.grouped(n / 1000)
	o.putByte(',')
	r := n % 1000
	put(o, digits[3*r:3*r+3])
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// Money writes dollars: $1,234,000, or $12.5M from ten million up.
func (o *Writer) Money(v float64) {
	o.putByte('$')
	if v >= 10_000_000 {
		o.Fixed(v/1_000_000, 1)
		o.putByte('M')
		return
	}
	o.Grouped(v)
}

// Short writes dollars in thousands: $352k, $1.2M. It rounds as %.0f and
// %.1f do (half to even), in integers.
func (o *Writer) Short(v float64) {
	o.putByte('$')
	if v >= 1_000_000 {
		if v >= 1e15 {
			o.Fixed(v/1_000_000, 1)
		} else {
			t := int(math.RoundToEven(v / 100_000))
			o.Int(t / 10)
			o.putByte('.')
			o.Int(t % 10)
		}
		o.putByte('M')
		return
	}
	o.Int(int(math.RoundToEven(v / 1000)))
	o.putByte('k')
}

// Money formats dollars: $1,234,000 / $12.5M.
func Money(v float64) string {
	var o Writer
	o.Money(v)
	return o.String()
}

// Thousands formats a whole number with thousands commas: 1,234,000.
func Thousands(v float64) string {
	var o Writer
	o.Grouped(v)
	return o.String()
}

// Rooms writes beds and baths as every reply shows them: "3 bd / 2.5 ba".
func (o *Writer) Rooms(beds, baths float64) {
	o.Num(beds)
	o.S(" bd / ")
	o.Num(baths)
	o.S(" ba")
}

// Rooms formats beds and baths: "3 bd / 2.5 ba".
func Rooms(beds, baths float64) string {
	var o Writer
	o.Rooms(beds, baths)
	return o.String()
}
