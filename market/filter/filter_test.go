package filter_test

import (
	"strconv"
	"strings"
	"testing"

	"realtybot/market"
	"realtybot/market/filter"
)

func TestParseReadsEveryFormInAnyOrder(t *testing.T) {
	want := filter.Filter{MaxPrice: 500_000, MinBeds: 3, MinBaths: 2, MinSqft: 1500}
	for _, in := range []string{
		"sfr under 500k 3+ beds 2+ baths min 1500 sqft",
		"3+bd sfr max $500,000 2+ba 1500+ sqft",
		"min 1500sqft 2+ baths sfr 3+ beds under 500",
	} {
		f, rest, err := filter.Parse(strings.Fields(in))
		if err != nil || f != want || strings.Join(rest, " ") != "sfr" {
			t.Errorf("%q: %+v rest %v err %v", in, f, rest, err)
		}
	}
	if f, _, err := filter.Parse([]string{"min", "300k", "over", "1m"}); err != nil || f.MinPrice != 1e6 {
		t.Errorf("min price: %+v %v", f, err)
	}
}

func TestParseRefusesHalfAFilter(t *testing.T) {
	for _, in := range []string{"under", "under cheap", "3+ cars", "3+", "min", "under nan", "0+ beds", "under -5"} {
		if _, _, err := filter.Parse(strings.Fields(in)); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestMatchKeepsOnlyHomesMeetingEveryBound(t *testing.T) {
	f := filter.Filter{MaxPrice: 500_000, MinBeds: 3}
	homes := []market.Summary{
		{ID: "1", Price: 450_000, Beds: 3},
		{ID: "2", Price: 550_000, Beds: 4},
		{ID: "3", Price: 300_000, Beds: 2},
		{ID: "4", Price: 0, Beds: 5}, // no value: not known to be under
	}
	var got []string
	f.Page(homes, 0, 8, func(_ int, s *market.Summary) { got = append(got, s.ID) })
	if len(got) != 1 || got[0] != "1" || f.Count(homes) != 1 {
		t.Fatalf("kept %v (count %d)", got, f.Count(homes))
	}
	got = nil
	filter.Filter{}.Page(homes, 1, 2, func(k int, s *market.Summary) { got = append(got, strconv.Itoa(k)+":"+s.ID) })
	if strings.Join(got, " ") != "1:2 2:3" || (filter.Filter{}).Count(homes) != 4 {
		t.Fatalf("the second page of two without a filter: %v", got)
	}
}

func TestWordsAndEncodeReadBack(t *testing.T) {
	f := filter.Filter{MinPrice: 250_000, MaxPrice: 1_250_000, MinBeds: 3, MinBaths: 2.5, MinSqft: 1500}
	back, rest, err := filter.Parse(strings.Fields(f.Words()))
	if err != nil || back != f || len(rest) != 0 {
		t.Fatalf("words %q read back as %+v %v %v", f.Words(), back, rest, err)
	}
	enc := f.Encode()
	if enc != "o250000,u1250000,b3,a2.5,q1500" {
		t.Fatalf("encoded %q", enc)
	}
	for _, v := range []float64{1, 2.5, 3, 999_999.5, 1e14, 123_456_789} {
		if got, want := (filter.Filter{MaxPrice: v}).Encode(), "u"+strconv.FormatFloat(v, 'f', -1, 64); got != want {
			t.Errorf("encoded %q, want %q", got, want)
		}
	}
	if dec, ok := filter.Decode(enc); !ok || dec != f || len(enc) > 40 {
		t.Fatalf("encoded %q (%d bytes) decoded as %+v %v", enc, len(enc), dec, ok)
	}
	if got := f.String(); got != "over $250k · under $1.25M · 3+ beds · 2.5+ baths · 1500+ sqft" {
		t.Fatalf("String: %q", got)
	}
	for _, bad := range []string{"x5", "u", "u-1", "u5,u6", "u05", "uNaN", "b3,", ",b3", "u1e3"} {
		if _, ok := filter.Decode(bad); ok {
			t.Errorf("%q decoded", bad)
		}
	}
}

func FuzzDecodeNeverPanics(f *testing.F) {
	f.Add("u500000,b3")
	f.Add("o1500")
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := filter.Decode(s); ok && d.Encode() != s {
			t.Fatalf("%q decoded but encodes as %q", s, d.Encode())
		}
	})
}

func TestParsePrice(t *testing.T) {
	for in, want := range map[string]float64{"400000": 4e5, "400k": 4e5, "$1.2m": 1.2e6, "1,200,000": 1.2e6, "400": 4e5, "1.5M": 1.5e6} {
		got, thousands, err := filter.ParsePrice(in)
		if err != nil || got != want || thousands != (in == "400") {
			t.Errorf("%q → %v %v %v", in, got, thousands, err)
		}
	}
	for _, bad := range []string{"", "k", "-5", "abc", "1e20", "NaN", "nan k", "Inf", "-inf", "+Inf", "0.5", "0.9"} {
		if _, _, err := filter.ParsePrice(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseNeverPanicsAndReadsBack(f *testing.F) {
	for _, s := range []string{"under 500k 3+ beds", "min 1500 sqft", "3+", "over $1.2m 2+ba", "min", "over 1.5", "under 1.2345k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _, err := filter.Parse(strings.Fields(s))
		if err != nil {
			return
		}
		again, rest, err := filter.Parse(strings.Fields(got.Words()))
		if err != nil || again != got || len(rest) != 0 {
			t.Fatalf("%q → %+v → %q → %+v %v %v", s, got, got.Words(), again, rest, err)
		}
	})
}
