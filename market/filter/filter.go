// Package filter reads and applies the agent's filters on a listing:
// "under 500k", "3+ beds", "2+ baths", "min 1500 sqft". A filter is applied
// to a cached listing, so it costs no API call.
package filter

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"realtybot/market"
)

// Filter keeps the homes of a listing that meet every set bound (0: unset).
type Filter struct {
	MaxPrice, MinPrice float64
	MinBeds, MinBaths  float64
	MinSqft            float64
}

// IsZero reports whether f keeps every home.
func (f Filter) IsZero() bool { return f == Filter{} }

// Match reports whether s meets f. A home whose value, rooms or size is not
// known does not meet a bound on it.
func (f Filter) Match(s *market.Summary) bool {
	return (f.MaxPrice == 0 || (s.Price > 0 && s.Price <= f.MaxPrice)) &&
		(f.MinPrice == 0 || s.Price >= f.MinPrice) &&
		(f.MinBeds == 0 || s.Beds >= f.MinBeds) &&
		(f.MinBaths == 0 || s.Baths >= f.MinBaths) &&
		(f.MinSqft == 0 || s.Sqft >= f.MinSqft)
}

// Count is how many of items meet f.
func (f Filter) Count(items []market.Summary) int {
	if f.IsZero() {
		return len(items)
	}
	n := 0
	for i := range items {
		if f.Match(&items[i]) {
			n++
		}
	}
	return n
}

// Page calls fn, in order, for the homes of items that meet f from the
// from-th match (0-based) for at most n of them, with each one's place among
// the matches. It copies nothing: a page is read off the cached listing.
func (f Filter) Page(items []market.Summary, from, n int, fn func(k int, s *market.Summary)) {
	k := 0
	for i := range items {
		if k >= from+n {
			return
		}
		if f.Match(&items[i]) {
			if k >= from {
				fn(k, &items[i])
			}
			k++
		}
	}
}

// ErrBad says how filters are written.
var ErrBad = errors.New("filters look like: under 500k, over 300k, 3+ beds, 2+ baths, min 1500 sqft")

// Parse takes the filters out of args, in any order among the other words,
// and returns what is left. A word that starts a filter but does not finish
// one ("under" alone, "3+ cars") is an error, so a typo is never ignored.
func Parse(args []string) (Filter, []string, error) {
	var f Filter
	var rest []string
	for i := 0; i < len(args); i++ {
		w := strings.ToLower(args[i])
		next := ""
		if i+1 < len(args) {
			next = strings.ToLower(args[i+1])
		}
		switch {
		case w == "under" || w == "max" || w == "below" || w == "upto":
			v, err := price(next)
			if err != nil {
				return f, nil, err
			}
			f.MaxPrice, i = v, i+1
		case w == "over" || w == "above" || w == "from":
			v, err := price(next)
			if err != nil {
				return f, nil, err
			}
			f.MinPrice, i = v, i+1
		case w == "min":
			if i+2 < len(args) && isSqft(strings.ToLower(args[i+2])) {
				v, err := count(next)
				if err != nil {
					return f, nil, err
				}
				f.MinSqft, i = v, i+2
				continue
			}
			if n, unit, ok := strings.Cut(next, "sqft"); ok && unit == "" {
				v, err := count(n)
				if err != nil {
					return f, nil, err
				}
				f.MinSqft, i = v, i+1
				continue
			}
			v, err := price(next)
			if err != nil {
				return f, nil, err
			}
			f.MinPrice, i = v, i+1
		case strings.Contains(w, "+"):
			n, unit, _ := strings.Cut(w, "+")
			if unit == "" {
				unit, i = next, i+1
			}
			v, err := count(n)
			if err != nil {
				return f, nil, err
			}
			switch {
			case isBeds(unit):
				f.MinBeds = v
			case isBaths(unit):
				f.MinBaths = v
			case isSqft(unit):
				f.MinSqft = v
			default:
				return f, nil, ErrBad
			}
		case isRooms(next) && isCount(w): // "3 beds" reads as 3+ beds
			v, _ := count(w)
			switch {
			case isBeds(next):
				f.MinBeds = v
			case isBaths(next):
				f.MinBaths = v
			default:
				f.MinSqft = v
			}
			i++
		default:
			rest = append(rest, args[i])
		}
	}
	if f.MaxPrice > 0 && f.MinPrice > f.MaxPrice {
		return f, nil, &ContradictionError{Over: f.MinPrice, Under: f.MaxPrice}
	}
	return f, rest, nil
}

// ErrContradiction is filters that no home can meet together.
var ErrContradiction = errors.New("filter: these filters contradict each other")

// ContradictionError is ErrContradiction for prices: over one that is
// above the one a home must be under.
type ContradictionError struct{ Over, Under float64 }

func (e *ContradictionError) Error() string { return ErrContradiction.Error() }

// Is makes errors.Is(err, ErrContradiction) true.
func (e *ContradictionError) Is(target error) bool { return target == ErrContradiction }

func isRooms(u string) bool { return isBeds(u) || isBaths(u) || isSqft(u) }

func isCount(s string) bool { _, err := count(s); return err == nil }

func isBeds(u string) bool {
	return u == "bd" || u == "bds" || u == "bed" || u == "beds" || u == "br" || u == "bedrooms" || u == "bedroom"
}

func isBaths(u string) bool {
	return u == "ba" || u == "bath" || u == "baths" || u == "bathrooms" || u == "bathroom"
}

func isSqft(u string) bool { return u == "sqft" || u == "sf" || u == "ft2" }

// count reads a small positive number of rooms or square feet.
func count(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || !(v > 0 && v <= 1e6) { // NaN fails both
		return 0, ErrBad
	}
	return v, nil
}

var unformat = strings.NewReplacer("$", "", ",", "", "_", "")

// ParsePrice reads a price as agents type it: "450000", "500k", "$1.2m",
// "1,200,000". A bare number under 10,000 means thousands ("under 500" is
// $500k: no home costs $500), and thousands says it was read so.
func ParsePrice(s string) (v float64, thousands bool, err error) {
	s = unformat.Replace(strings.ToLower(strings.TrimSpace(s)))
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1e3, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1e6, strings.TrimSuffix(s, "m")
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0 && v*mult <= 1e10) { // NaN fails both
		return 0, false, ErrBadPrice
	}
	if mult == 1 && v < 10_000 {
		mult, thousands = 1e3, true
	}
	if v = math.Round(v * mult); v < 1000 { // whole dollars; no home costs under $1,000
		return 0, false, ErrBadPrice
	}
	return v, thousands, nil
}

// ErrBadPrice says how prices are written.
var ErrBadPrice = errors.New("a price looks like 400000, 400k, $1.2m or 1,200,000")

func price(s string) (float64, error) {
	v, _, err := ParsePrice(s)
	if err != nil {
		return 0, ErrBad
	}
	return v, nil
}
