package handlers

import (
	"strconv"
	"strings"
	"unsafe"
)

// Keyboard is an inline keyboard written in one string: each button is its
// label and its callback data, each followed by a unit separator (0x1f),
// and each row ends with a record separator (0x1e). No label or datum
// holds either: labels are this package's words, data are validated ZIPs,
// types, numbers and (checked) property ids. A /search reply's
// keyboard of 16 buttons is then one allocation, not three (and not a
// string per button): Rows unpacks it for the transport. The zero
// Keyboard has no buttons.
type Keyboard struct{ s string }

const (
	unitSep   = 0x1f // ends a label, and a button's data
	recordSep = 0x1e // ends a row
	unitEnd   = string(rune(unitSep))
	rowEnd    = string(rune(recordSep))
)

// IsZero reports whether the keyboard has no buttons.
func (k Keyboard) IsZero() bool { return k.s == "" }

// Rows is the keyboard, row by row.
func (k Keyboard) Rows() [][]Button {
	if k.s == "" {
		return nil
	}
	rows := make([][]Button, 0, strings.Count(k.s, rowEnd))
	for s := k.s; s != ""; {
		var row string
		row, s, _ = strings.Cut(s, rowEnd)
		var btns []Button
		for row != "" {
			var b Button
			b.Text, row, _ = strings.Cut(row, unitEnd)
			b.Data, row, _ = strings.Cut(row, unitEnd)
			btns = append(btns, b)
		}
		rows = append(rows, btns)
	}
	return rows
}

// keys builds a Keyboard in one buffer. A button is written between begin,
// mid and end:
//
//	k.begin(); k.buf = append(k.buf, "label"...); k.mid(); k.buf = append(k.buf, "data"...); k.end()
//
// A keyboard holds at most maxButtons. The buffer becomes the Keyboard's
// string without a copy, so keys must not be used after build; a caller
// that knows the keyboard's size gives buf that capacity.
type keys struct {
	buf []byte
	n   int // buttons
	row int // buttons in the row being filled
	ls  int // the button being written: label start, data start
	ds  int
}

const maxButtons = 32

// begin starts a button.
func (k *keys) begin() { k.ls = len(k.buf) }

// mid ends the button's label; its callback data follows.
func (k *keys) mid() {
	k.buf = append(k.buf, unitSep)
	k.ds = len(k.buf)
}

// end adds the button, unless the keyboard is full, or the data is empty
// or over Telegram's 64 bytes (which would make it refuse the whole
// keyboard). (Small enough to inline, as every method here: the builder
// then stays in registers.)
func (k *keys) end() {
	if d := len(k.buf) - k.ds; k.n < maxButtons && d > 0 && d <= 64 {
		k.buf = append(k.buf, unitSep)
		k.n++
		k.row++
		return
	}
	k.buf = k.buf[:k.ls]
}

// buttonID reports whether id is a property id as a button carries it and
// ParseCallback reads it back: realty.ParseID's number written out (1 to 18
// digits, no leading zero). Ids are the one part of a button not written
// here, so the one checked: the separators cannot get in through them. (No
// strconv on the way: the search keyboard checks every home it shows.)
func buttonID(id string) bool {
	if id == "" || len(id) > 18 || id[0] == '0' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// button adds a button whose label is a string and whose data data writes.
// The data (a property's ZIP and type, read from its record) is checked for
// control bytes, so no separator gets in.
func (k *keys) button(label string, data func(b []byte) []byte) {
	k.begin()
	k.buf = append(k.buf, label...)
	k.mid()
	k.buf = data(k.buf)
	for _, c := range k.buf[k.ds:] {
		if c < ' ' {
			k.buf = k.buf[:k.ls]
			return
		}
	}
	k.end()
}

// appendHome writes the label of the n-th home shown: "🏠 3".
func appendHome(b []byte, n int) []byte {
	return strconv.AppendInt(append(b, "🏠 "...), int64(n), 10)
}

// homesRow ends the row after the i-th home of a reply (0-based): four
// buttons to a row.
func (k *keys) homesRow(i int) {
	if i%4 == 3 {
		k.endRow()
	}
}

// endRow closes the row being filled, if it has buttons.
func (k *keys) endRow() {
	if k.row > 0 {
		k.buf = append(k.buf, recordSep)
		k.row = 0
	}
}

func (k *keys) build() Keyboard {
	k.endRow()
	if k.n == 0 {
		return Keyboard{}
	}
	return Keyboard{s: unsafe.String(unsafe.SliceData(k.buf), len(k.buf))}
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
