package handlers

import (
	"reflect"
	"strings"
	"testing"
)

// A keyboard comes back row by row as it was written, and a button Telegram
// would refuse (empty or over 64 bytes of data), or one that would corrupt
// the keyboard's string (an id that is not digits, data with a control
// byte), is left out while the rest stay in their rows.
func TestKeyboardKeepsItsRowsAndDropsBadButtons(t *testing.T) {
	a := SearchArgs{ZIP: "78701", Type: "sfr", Page: 1}
	kb := searchKeyboard(a, []string{"101", "102\x1f", "", strings.Repeat("9", 19), "103", "abc", "104", "105", "106"}, 1)
	rows := kb.Rows()
	if len(rows) != 5 {
		t.Fatalf("rows %q", rows)
	}
	want := [][]Button{
		{{Text: "🏠 1", Data: "p:101:1"}},
		{{Text: "🏠 5", Data: "p:103:1"}, {Text: "🏠 7", Data: "p:104:1"}, {Text: "🏠 8", Data: "p:105:1"}},
		{{Text: "🏠 9", Data: "p:106:1"}},
	}
	if !reflect.DeepEqual(rows[:3], want) {
		t.Fatalf("home rows %q, want %q", rows[:3], want)
	}
	if len(rows[3]) != 3 || rows[3][0].Text != "• sfr" || rows[3][0].Data != "s:78701:sfr:1" {
		t.Fatalf("types %q", rows[3])
	}
	var k keys
	k.button("bad", func(b []byte) []byte { return append(b, "s:78701\x1e:sfr:1"...) })
	k.button("empty", func(b []byte) []byte { return b })
	k.button("long", func(b []byte) []byte { return append(b, strings.Repeat("s", 65)...) })
	k.button("good", func(b []byte) []byte { return append(b, "s:78701:sfr:1"...) })
	if got := k.build().Rows(); !reflect.DeepEqual(got, [][]Button{{{Text: "good", Data: "s:78701:sfr:1"}}}) {
		t.Fatalf("buttons %q", got)
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
		k.end()
		k.homesRow(i)
	}
	n := 0
	for _, row := range k.build().Rows() {
		n += len(row)
	}
	if n != maxButtons {
		t.Fatalf("%d buttons, want %d", n, maxButtons)
	}
}
