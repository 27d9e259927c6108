package handlers

import (
	"reflect"
	"strings"
	"testing"
)

// A keyboard comes back row by row as it was written, and a button Telegram
// would refuse (empty or over 64 bytes of data), or one that would corrupt
// the keyboard's string (a separator in its label or data), is left out
// while the rest stay.
func TestKeyboardKeepsItsRowsAndDropsBadButtons(t *testing.T) {
	var k keys
	add := func(label, data string) {
		k.begin()
		k.buf = append(k.buf, label...)
		k.mid()
		k.buf = append(k.buf, data...)
		k.end()
	}
	add("🏠 1", "p:101:1")
	add("bad label\x1f", "p:102:1")
	add("🏠 2", "p:103:1\x1e")
	add("🏠 3", strings.Repeat("9", 65))
	add("🏠 4", "")
	add("🏠 5", "p:104:1")
	k.endRow()
	k.endRow() // an empty row is not a row
	add("• sfr", "s:78701:sfr:1")
	got := k.build().Rows()
	want := [][]Button{
		{{Text: "🏠 1", Data: "p:101:1"}, {Text: "🏠 5", Data: "p:104:1"}},
		{{Text: "• sfr", Data: "s:78701:sfr:1"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	var none keys
	if kb := none.build(); !kb.IsZero() || kb.Rows() != nil {
		t.Fatalf("an empty keyboard: %q", kb.Rows())
	}
}

// A keyboard holds at most maxButtons.
func TestKeyboardStopsAtMaxButtons(t *testing.T) {
	var k keys
	for i := range maxButtons + 5 {
		k.begin()
		k.buf = appendHome(k.buf, i+1)
		k.mid()
		k.buf = append(k.buf, "x"...)
		k.endHome(i)
	}
	n := 0
	for _, row := range k.build().Rows() {
		n += len(row)
	}
	if n != maxButtons {
		t.Fatalf("%d buttons, want %d", n, maxButtons)
	}
}
