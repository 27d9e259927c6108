package filter

import (
	"strconv"
	"strings"
)

// String says f in an agent's words: "under $500k · 3+ beds"; "" for none.
func (f Filter) String() string {
	var tmp [96]byte
	return string(f.AppendText(tmp[:0]))
}

// AppendText appends String's words to b, without allocating (the /search
// header writes it on every filtered reply).
func (f Filter) AppendText(b []byte) []byte {
	start := len(b)
	sep := func(b []byte) []byte {
		if len(b) > start {
			return append(b, " · "...)
		}
		return b
	}
	if f.MinPrice > 0 {
		b = appendDollars(append(sep(b), "over "...), f.MinPrice)
	}
	if f.MaxPrice > 0 {
		b = appendDollars(append(sep(b), "under "...), f.MaxPrice)
	}
	if f.MinBeds > 0 {
		b = append(appendNum(sep(b), f.MinBeds), "+ beds"...)
	}
	if f.MinBaths > 0 {
		b = append(appendNum(sep(b), f.MinBaths), "+ baths"...)
	}
	if f.MinSqft > 0 {
		b = append(appendNum(sep(b), f.MinSqft), "+ sqft"...)
	}
	return b
}

// Words is f as command arguments Parse reads back: "under 500k 3+ beds".
func (f Filter) Words() string {
	var parts []string
	if f.MinPrice > 0 {
		parts = append(parts, "over", shorthand(f.MinPrice))
	}
	if f.MaxPrice > 0 {
		parts = append(parts, "under", shorthand(f.MaxPrice))
	}
	if f.MinBeds > 0 {
		parts = append(parts, num(f.MinBeds)+"+", "beds")
	}
	if f.MinBaths > 0 {
		parts = append(parts, num(f.MinBaths)+"+", "baths")
	}
	if f.MinSqft > 0 {
		parts = append(parts, "min", num(f.MinSqft), "sqft")
	}
	return strings.Join(parts, " ")
}

// Encode is f in at most 60 bytes for a button's callback data:
// "u500000,b3"; "" for none. Decode reads it back.
func (f Filter) Encode() string {
	var tmp [64]byte
	return string(f.AppendEncode(tmp[:0]))
}

// AppendEncode appends Encode's bytes to b.
func (f Filter) AppendEncode(b []byte) []byte {
	start := len(b)
	for _, x := range [...]struct {
		tag byte
		v   float64
	}{{'o', f.MinPrice}, {'u', f.MaxPrice}, {'b', f.MinBeds}, {'a', f.MinBaths}, {'q', f.MinSqft}} {
		if x.v > 0 {
			if len(b) > start {
				b = append(b, ',')
			}
			b = append(b, x.tag)
			b = appendNum(b, x.v)
		}
	}
	return b
}

// Decode reads what Encode wrote; anything else is refused (callback data
// comes back from outside).
func Decode(s string) (Filter, bool) {
	var f Filter
	if s == "" {
		return f, true
	}
	for _, part := range strings.Split(s, ",") {
		if len(part) < 2 {
			return Filter{}, false
		}
		v, err := strconv.ParseFloat(part[1:], 64)
		if err != nil || !(v > 0 && v <= 1e10) || strconv.FormatFloat(v, 'f', -1, 64) != part[1:] {
			return Filter{}, false
		}
		var dst *float64
		switch part[0] {
		case 'o':
			dst = &f.MinPrice
		case 'u':
			dst = &f.MaxPrice
		case 'b':
			dst = &f.MinBeds
		case 'a':
			dst = &f.MinBaths
		case 'q':
			dst = &f.MinSqft
		}
		if dst == nil || *dst != 0 {
			return Filter{}, false
		}
		*dst = v
	}
	return f, f.Encode() == s
}

// num is v without a needless fraction: 3, 2.5, 1500.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// shorthand is a price as an agent types it, which Parse reads back: 500k,
// 1.25m, 450500, 1.5k (a bare number under 10,000 would read as thousands).
func shorthand(v float64) string {
	if v < 10_000 && int64(v)%1000 != 0 {
		return num(v/1000) + "k"
	}
	return strings.ToLower(strings.TrimPrefix(dollars(v), "$"))
}

// dollars is a price in an agent's shorthand: $500k, $1.25M, $450500.
func dollars(v float64) string {
	var tmp [32]byte
	return string(appendDollars(tmp[:0], v))
}

func appendDollars(b []byte, v float64) []byte {
	b = append(b, '$')
	switch {
	case v >= 1e6 && int64(v)%10_000 == 0:
		return append(appendNum(b, v/1e6), 'M')
	case int64(v)%1000 == 0:
		return append(appendNum(b, v/1e3), 'k')
	}
	return appendNum(b, v)
}

// appendNum writes v as 'f' with the fewest digits does; whole numbers
// (most filters: 900000, 3) take strconv's integer path, several times
// faster, and write the same digits.
func appendNum(b []byte, v float64) []byte {
	if w := int64(v); v > 0 && v < 1e15 && float64(w) == v {
		return strconv.AppendInt(b, w, 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
