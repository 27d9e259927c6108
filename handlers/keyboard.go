package handlers

import "strconv"

// keys builds an inline keyboard in one buffer: every label and callback
// datum is a slice of one string, so a keyboard of 20 buttons costs three
// allocations, not forty. A keyboard holds at most maxButtons.
type keys struct {
	arr   [1024]byte
	buf   []byte
	spans [maxButtons][4]int16 // per button: label start and end, data start and end
	n     int                  // buttons
	rows  [maxButtons]int8     // buttons per row
	nrows int
	row   int // buttons in the row being filled
}

const maxButtons = 32

// button adds a button whose label and data the two funcs write.
func (k *keys) button(label func(b []byte) []byte, data func(b []byte) []byte) {
	if k.buf == nil {
		k.buf = k.arr[:0]
	}
	if k.n == maxButtons {
		return
	}
	ls := len(k.buf)
	k.buf = label(k.buf)
	ds := len(k.buf)
	k.buf = data(k.buf)
	if len(k.buf)-ds > 64 || len(k.buf) > 1<<15 { // Telegram would refuse the whole keyboard
		k.buf = k.buf[:ls]
		return
	}
	k.spans[k.n] = [4]int16{int16(ls), int16(ds), int16(ds), int16(len(k.buf))}
	k.n++
	k.row++
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

// text is a label or datum that is already a string.
func text(s string) func([]byte) []byte { return func(b []byte) []byte { return append(b, s...) } }

// appendSearchData writes "s:<zip>:<type>:<page>[:<filters>]".
// enc is a.Filter.Encode(), made once per keyboard.
func appendSearchData(b []byte, a SearchArgs, page int, enc string) []byte {
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
func appendPropertyData(b []byte, id string, a SearchArgs, enc string) []byte {
	b = append(b, "p:"...)
	b = append(b, id...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(a.Page), 10)
	return appendFilter(b, enc)
}

func appendFilter(b []byte, enc string) []byte {
	if enc == "" {
		return b
	}
	b = append(b, ':')
	return append(b, enc...)
}
