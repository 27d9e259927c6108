package handlers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"realtybot/bot/telegramtest"
	"realtybot/market"
	"realtybot/market/trend"
)

func TestFitCutsLongRepliesAndSaysSo(t *testing.T) {
	long := strings.Repeat("line with ünïcode text 😀\n", 400)
	got := Plain{}.Fit(long)
	if n := len(utf16.Encode([]rune(got))); n > MaxMessage || !strings.HasSuffix(got, "(cut to fit one message)") {
		t.Fatalf("%d UTF-16 units, suffix %q", n, got[len(got)-40:])
	}
	if (Plain{}).Fit("short") != "short" || (HTML{}).Fit("<b>short</b>") != "<b>short</b>" {
		t.Fatal("short text changed")
	}
}

// Cut HTML stays valid Telegram HTML within 4096 UTF-16 units: tags closed,
// no entity split, emoji counted as two units.
func TestFitHTMLKeepsTelegramHTMLValid(t *testing.T) {
	h := HTML{}
	var b strings.Builder
	for i := range 300 {
		b.WriteString(h.Bold(h.Esc("Tom & Jerry's <house> 😀 #"+strings.Repeat("x", i%7))) + " " + h.Code("id "+strings.Repeat("9", 12)) + "\n")
	}
	b.WriteString("<b>" + strings.Repeat(h.Esc("&<>")+"😀", 3000) + "</b>")
	got := h.Fit(b.String())
	if err := telegramtest.CheckHTML(got); err != nil {
		t.Fatalf("cut HTML is refused: %v\n…%s", err, got[max(0, len(got)-200):])
	}
	if !strings.HasSuffix(got, h.Esc(cutNote)) {
		t.Fatal("the cut is not said")
	}
}

// FuzzFitHTML: whatever the text inside the renderers' tags, the cut reply
// is valid Telegram HTML within the limit.
func FuzzFitHTML(f *testing.F) {
	f.Add("Tom & Jerry <b>", 500)
	f.Add("😀😀😀", 2000)
	f.Add("a\n\n\n", 3000)
	f.Fuzz(func(t *testing.T, s string, reps int) {
		h := HTML{}
		if reps < 1 || reps > 5000 || !utf8.ValidString(s) || strings.TrimSpace(s) == "" {
			return
		}
		var b strings.Builder
		for i := range reps {
			switch i % 3 {
			case 0:
				b.WriteString(h.Bold(h.Esc(s)))
			case 1:
				b.WriteString(h.Code(h.Esc(s)) + "\n")
			default:
				b.WriteString(h.Esc(s))
			}
		}
		if err := telegramtest.CheckHTML(h.Fit(b.String())); err != nil {
			t.Fatal(err)
		}
	})
}

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
		h := &Handler{f: HTML{}, now: time.Now}
		l := &market.Listing{ZIP: "78701", Type: "sfr", Total: 4000, Sampled: 100, Mixed: true}
		for i := range n {
			l.Items = append(l.Items, market.Summary{ID: strconv.Itoa(i), Address: addr, Price: price, Low: price * 0.9, High: price * 1.1, Beds: 3, Baths: 2, Sqft: 1500, Label: "good"})
		}
		rec := &market.Record{ID: "1", Basic: market.Basic{Address: addr, ZIP: "78701", Type: "sfr", Price: price, PriceBasis: "avm", ValueLow: price, ValueHigh: price, Confidence: 90}}
		md := &market.MarketData{ZIP: "78701", Type: market.Hot, TypeBasis: addr, MedianPrice: price,
			Trend: []trend.Point{{Year: 2025, Median: price}, {Year: 2026, Median: price, Partial: true}}}
		p := market.Provenance{Source: market.Stale, FetchedAt: time.Now(), Reason: addr}
		for name, text := range map[string]string{
			"listing": h.renderListing(l, p, 0, n), "record": h.renderRecord(rec, p), "market": h.renderMarket(md, p, true),
		} {
			if err := telegramtest.CheckHTML(h.f.Fit(text)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}

// A stale answer carries a banner with its age, as an estimate carries one.
func TestStaleAnswersHaveABannerWithTheirAge(t *testing.T) {
	h := &Handler{f: Plain{}, now: time.Now}
	l := &market.Listing{ZIP: "78701", Type: "sfr", Items: []market.Summary{{ID: "1", Address: "1 Main St", Price: 1}}}
	out := h.renderListing(l, market.Provenance{Source: market.Stale, FetchedAt: time.Now().Add(-73 * time.Hour), Reason: "today's ATTOM budget is spent"}, 0, 8)
	if !strings.HasPrefix(out, "⚠ STALE: ATTOM data fetched 3 days ago") {
		t.Fatalf("stale reply:\n%s", out)
	}
	if out := h.renderListing(l, market.Provenance{Source: market.Cached, FetchedAt: time.Now()}, 0, 8); strings.Contains(out, "⚠") {
		t.Fatalf("a fresh reply with a banner:\n%s", out)
	}
}

// The writer's numbers read as fmt's did.
func TestOutNumbersMatchFmt(t *testing.T) {
	for _, v := range []float64{0, 1, 2.5, 3, 1.75, 999, 1499.5, 352_400, 999_499, 999_500, 1_000_000, 1_049_999, 1_250_000, 9_999_999, 12_345_678, 2e15} {
		var o out
		o.short(v)
		want := fmt.Sprintf("$%.0fk", v/1000)
		if v >= 1_000_000 {
			want = fmt.Sprintf("$%.1fM", v/1_000_000)
		}
		if o.String() != want {
			t.Errorf("short(%v) = %q, want %q", v, o.String(), want)
		}
		var g out
		if g.num(v); g.String() != fmt.Sprintf("%g", v) {
			t.Errorf("num(%v) = %q, want %q", v, g.String(), fmt.Sprintf("%g", v))
		}
		if m := money(v); v < 10_000_000 && m != "$"+groupedFmt(int64(math.Round(v))) {
			t.Errorf("money(%v) = %q", v, m)
		}
	}
}

func groupedFmt(n int64) string {
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// A home without a value shows no figure made of it: never "$0".
func TestAHomeWithoutAValueShowsNoZeroDollars(t *testing.T) {
	h := &Handler{f: Plain{}, now: func() time.Time { return time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) }}
	r := &market.Record{ID: "1234", Basic: market.Basic{Address: "1 MAIN ST, 78701", ZIP: "78701", Type: "sfr"}}
	out := h.renderRecord(r, market.Provenance{Source: market.Cached, FetchedAt: h.now()})
	if strings.Contains(out, "$0") || !strings.Contains(out, "ATTOM has no value for this property") {
		t.Fatalf("a home without a value:\n%s", out)
	}
}

// At ATTOM's cap a count of parcels is "at least": 10,000+.
func TestAParcelCountAtTheCapSaysAtLeast(t *testing.T) {
	h := &Handler{f: Plain{}}
	for total, want := range map[int]string{9_999: "of 9,999 parcels", 10_000: "of 10,000+ parcels", 3_212: "of 3,212 parcels"} {
		o := h.out(64)
		o.sample(&market.Listing{ZIP: "78701", Type: "sfr", Mixed: true, Sampled: 100, Total: total})
		if got := o.String(); !strings.Contains(got, want) {
			t.Errorf("%d: %q, want %q", total, got, want)
		}
	}
}
