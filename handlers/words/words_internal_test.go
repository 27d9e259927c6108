package words

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"realtybot/bot/telegramtest"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/trend"
)

// FuzzRenderers: every data reply, rendered from odd upstream text (an
// address with markup, emoji, control characters) at any length, is valid
// Telegram HTML within the limit after Fit.
func FuzzRenderers(f *testing.F) {
	f.Add("12 <Main> St & Co 😀", 3, 450000.0)
	f.Add(strings.Repeat("Ω", 900), 1, 1e9)
	f.Fuzz(func(t *testing.T, addr string, n int, price float64) {
		if !utf8.ValidString(addr) || n < 0 || n > 200 {
			return
		}
		h := Words{F: reply.HTML, Now: time.Now}
		l := &market.Listing{ZIP: "78701", Type: "sfr", Total: 4000, Sampled: 100, Mixed: true}
		for i := range n {
			l.Items = append(l.Items, market.Summary{ID: strconv.Itoa(i), Address: addr, Price: price, Low: price * 0.9, High: price * 1.1, Beds: 3, Baths: 2, Sqft: 1500, Label: "good"})
		}
		rec := &market.Record{ID: "1", Basic: market.Basic{Address: addr, ZIP: "78701", Type: "sfr", Price: price, PriceBasis: "avm", ValueLow: price, ValueHigh: price, Confidence: 90}}
		md := &market.MarketData{ZIP: "78701", Type: market.Hot, TypeBasis: addr, MedianPrice: price,
			Trend: []trend.Point{{Year: 2025, Median: price}, {Year: 2026, Median: price, Partial: true}}}
		p := outcome.Provenance{Source: outcome.Stale, FetchedAt: time.Now(), Why: outcome.Why{Kind: outcome.WhyKind(n % 24), Limit: int64(n)}}
		for name, text := range map[string]string{
			"listing": h.Listing(l, p, 0, n), "record": h.Record(rec, p), "market": h.Market(md, "", p, true), "market of a type": h.Market(md, "condo", p, true),
		} {
			if err := telegramtest.CheckHTML(h.F.Fit(text)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}

// A stale answer carries a banner with its age, as an estimate carries one.
func TestStaleAnswersHaveABannerWithTheirAge(t *testing.T) {
	h := Words{F: reply.Plain, Now: time.Now}
	l := &market.Listing{ZIP: "78701", Type: "sfr", Items: []market.Summary{{ID: "1", Address: "1 Main St", Price: 1}}}
	out := h.Listing(l, outcome.Provenance{Source: outcome.Stale, FetchedAt: time.Now().Add(-73 * time.Hour), Why: outcome.Why{Kind: outcome.WhyDaySpent}}, 0, 8)
	if !strings.HasPrefix(out, "⚠ STALE: ATTOM data fetched 3 days ago") {
		t.Fatalf("stale reply:\n%s", out)
	}
	if out := h.Listing(l, outcome.Provenance{Source: outcome.Cached, FetchedAt: time.Now()}, 0, 8); strings.Contains(out, "⚠") {
		t.Fatalf("a fresh reply with a banner:\n%s", out)
	}
}

// A home without a value shows no figure made of it: never "$0".
func TestAHomeWithoutAValueShowsNoZeroDollars(t *testing.T) {
	h := Words{F: reply.Plain, Now: func() time.Time { return time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) }}
	r := &market.Record{ID: "1234", Basic: market.Basic{Address: "1 MAIN ST, 78701", ZIP: "78701", Type: "sfr"}}
	out := h.Record(r, outcome.Provenance{Source: outcome.Cached, FetchedAt: h.Now()})
	if strings.Contains(out, "$0") || !strings.Contains(out, "ATTOM has no value for this property") {
		t.Fatalf("a home without a value:\n%s", out)
	}
}

// At ATTOM's cap a count of parcels is "at least": 10,000+.
func TestAParcelCountAtTheCapSaysAtLeast(t *testing.T) {
	h := Words{F: reply.Plain}
	for total, want := range map[int]string{9_999: "of 9,999 parcels", 10_000: "of 10,000+ parcels", 3_212: "of 3,212 parcels"} {
		o := h.F.Writer(64)
		WriteSample(o, &market.Listing{ZIP: "78701", Type: "sfr", Mixed: true, Sampled: 100, Total: total})
		if got := o.String(); !strings.Contains(got, want) {
			t.Errorf("%d: %q, want %q", total, got, want)
		}
	}
}

// A listing's reading is said in /market's words, with the growth as
// /property gives it.
func TestReadingWords(t *testing.T) {
	for _, c := range []struct {
		r    outcome.Reading
		want string
	}{
		{outcome.Reading{Type: string(market.Hot), Growth: 0.06}, "Scores for a market heating fast, " + reply.Pct(0.06) + " a year.\n"},
		{outcome.Reading{Type: string(market.Cooling), Growth: -0.012}, "Scores for a market cooling, " + reply.Pct(-0.012) + " a year.\n"},
		{outcome.Reading{}, ""},
	} {
		o := reply.Plain.Writer(64)
		WriteReading(o, c.r)
		if o.String() != c.want {
			t.Errorf("%+v: %q, want %q", c.r, o.String(), c.want)
		}
	}
}
