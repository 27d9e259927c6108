package handlers

import "strconv"

// keys builds an inline keyboard in one buffer: every label and callback
// datum is a slice of one string, so a keyboard of 20 buttons costs three
// allocations, not forty. A button is written between begin, mid and end:
//
//	k.begin(); k.buf = append(k.buf, "label"...); k.mid(); k.buf = append(k.buf, "data"...); k.end()
//
// A keyboard holds at most maxButtons; the caller may give buf a stack array.
type keys struct {
	buf   []byte
	spans [maxButtons][4]int16 // per button: label start and end, data start and end
	n     int                  // buttons
	rows  [maxButtons]int8     // buttons per row
	nrows int
	row   int // buttons in the row being filled
	ls    int // the button being written: label start, data start
	ds    int
}

const maxButtons = 32

// begin starts a button.
func (k *keys) begin() { k.ls = len(k.buf) }

// mid ends the button's label; its callback data follows.
func (k *keys) mid() { k.ds = len(k.buf) }

// end adds the button, unless the keyboard is full or the data is over
// Telegram's 64 bytes (which would make it refuse the whole keyboard).
func (k *keys) end() {
	if k.n == maxButtons || len(k.buf)-k.ds > 64 || len(k.buf) > 1<<15 {
		k.buf = k.buf[:k.ls]
		return
	}
	k.spans[k.n] = [4]int16{int16(k.ls), int16(k.ds), int16(k.ds), int16(len(k.buf))}
	k.n++
	k.row++
}

// button adds a button whose label is a string and whose data data writes.
func (k *keys) button(label string, data func(b []byte) []byte) {
	k.begin()
	k.buf = append(k.buf, label...)
	k.mid()
	k.buf = data(k.buf)
	k.end()
}

// appendHome writes the label of the n-th home shown: "🏠 3". (A function,
// not a method: an append inside a method of keys would move the caller's
// stack buffer to the heap.)
func appendHome(b []byte, n int) []byte {
	return strconv.AppendInt(append(b, "🏠 "...), int64(n), 10)
}

// endHome ends the button of the i-th home of a reply (0-based), four to a
// row.
func (k *keys) endHome(i int) {
	k.end()
	if i%4 == 3 {
		k.endRow()
	}
}

// endRow closes the row being filled, if it has buttons.
func (k *keys) endRow() {
	if k.row > 0 {
		k.rows[k.nrows] = int8(k.row)
		k.nrows++
		k.row = 0
	}
}

func (k *keys) build() [][]Button {
	k.endRow()
	s := string(k.buf)
	all := make([]Button, k.n)
	for i, sp := range k.spans[:k.n] {
		all[i] = Button{Text: s[sp[0]:sp[1]], Data: s[sp[2]:sp[3]]}
	}
	out := make([][]Button, k.nrows)
	at := 0
	for i, n := range k.rows[:k.nrows] {
		out[i] = all[at : at+int(n) : at+int(n)]
		at += int(n)
	}
	return out
}

// appendSearchData writes "s:<zip>:<type>:<page>[:<filters>]".
// enc is a.Filter.Encode(), made once per keyboard.
func appendSearchData(b []byte, a SearchArgs, page int, enc []byte) []byte {
	b = append(b, "s:"...)
	b = append(b, a.ZIP...)
	b = append(b, ':')
	b = append(b, a.Type...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(page), 10)
	return appendFilter(b, enc)
}

// appendPropertyData writes "p:<id>:<page>[:<filters>]": the results page to
// go back to is in the data, the ZIP and type are the record's.
func appendPropertyData(b []byte, id string, a SearchArgs, enc []byte) []byte {
	b = append(b, "p:"...)
	b = append(b, id...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(a.Page), 10)
	return appendFilter(b, enc)
}

func appendFilter(b []byte, enc []byte) []byte {
	if len(enc) == 0 {
		return b
	}
	b = append(b, ':')
	return append(b, enc...)
}
