package reply

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"realtybot/bot/telegramtest"
)

func TestFitCutsLongRepliesAndSaysSo(t *testing.T) {
	long := strings.Repeat("line with ünïcode text 😀\n", 400)
	got := Plain.Fit(long)
	if n := len(utf16.Encode([]rune(got))); n > MaxMessage || !strings.HasSuffix(got, "(cut to fit one message)") {
		t.Fatalf("%d UTF-16 units, suffix %q", n, got[len(got)-40:])
	}
	if Plain.Fit("short") != "short" || HTML.Fit("<b>short</b>") != "<b>short</b>" {
		t.Fatal("short text changed")
	}
}

// Cut HTML stays valid Telegram HTML within 4096 UTF-16 units: tags closed,
// no entity split, emoji counted as two units.
func TestFitHTMLKeepsTelegramHTMLValid(t *testing.T) {
	h := HTML
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
		h := HTML
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

// The writer's numbers read as fmt's did.
func TestOutNumbersMatchFmt(t *testing.T) {
	for _, v := range []float64{0, 1, 2.5, 3, 1.75, 999, 1499.5, 352_400, 999_499, 999_500, 1_000_000, 1_049_999, 1_250_000, 9_999_999, 12_345_678, 2e15} {
		var o Writer
		o.Short(v)
		want := fmt.Sprintf("$%.0fk", v/1000)
		if v >= 1_000_000 {
			want = fmt.Sprintf("$%.1fM", v/1_000_000)
		}
		if o.String() != want {
			t.Errorf("short(%v) = %q, want %q", v, o.String(), want)
		}
		var g Writer
		if g.Num(v); g.String() != fmt.Sprintf("%g", v) {
			t.Errorf("num(%v) = %q, want %q", v, g.String(), fmt.Sprintf("%g", v))
		}
		if m := Money(v); v < 10_000_000 && m != "$"+groupedFmt(int64(math.Round(v))) {
			t.Errorf("Money(%v) = %q", v, m)
		}
	}
}

// Int and Grouped write every number as strconv would, across the table's
// edges (9, 10, 99, 100, 999, 1,000) and past them.
func TestIntAndGroupedMatchStrconv(t *testing.T) {
	check := func(n int) {
		var o Writer
		if o.Int(n); o.String() != strconv.Itoa(n) {
			t.Fatalf("Int(%d) = %q", n, o.String())
		}
		var g Writer
		if g.Grouped(float64(n)); g.String() != groupedFmt(int64(n)) {
			t.Fatalf("Grouped(%d) = %q, want %q", n, g.String(), groupedFmt(int64(n)))
		}
	}
	for n := -1100; n <= 1_100; n++ {
		check(n)
	}
	for _, n := range []int{999_999, 1_000_000, -1_234_567, 1_000_000_007, 123_456_789_012, -9_000_000_000_000_000} {
		check(n)
	}
}

func groupedFmt(n int64) string {
	if n < 0 {
		return "-" + groupedFmt(-n)
	}
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

// Esc escapes the three characters in short text (a label, an id) and in
// long text (an address) alike, and leaves clean text as it is.
func TestEscShortAndLong(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"good", "good"}, {"a<b", "a&lt;b"}, {"x>", "x&gt;"}, {"&", "&amp;"},
		{"135 PINE RD, SPRINGFIELD, TX 78701", "135 PINE RD, SPRINGFIELD, TX 78701"},
		{"135 PINE RD & <OAK>, SPRINGFIELD", "135 PINE RD &amp; &lt;OAK&gt;, SPRINGFIELD"},
		{"0123456789abcde&", "0123456789abcde&amp;"}, {"0123456789abcdef&", "0123456789abcdef&amp;"},
	} {
		if got := HTML.Esc(c.in); got != c.want {
			t.Errorf("Esc(%q) = %q, want %q", c.in, got, c.want)
		}
		o := HTML.Writer(8)
		if o.Code(c.in); o.String() != "<code>"+c.want+"</code>" {
			t.Errorf("Code(%q) = %q", c.in, o.String())
		}
	}
	o := Plain.Writer(8)
	if o.Code("a<b"); o.String() != "a<b" {
		t.Errorf("plain Code: %q", o.String())
	}
}
