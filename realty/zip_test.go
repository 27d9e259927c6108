package realty_test

import (
	"errors"
	"testing"

	"realtybot/realty"
)

// One parser reads every ZIP, from a command, a button or a configuration
// row: five digits, or ZIP+4 as its five; anything else is refused with
// the agent's sentence, and a lost leading zero is suggested.
func TestParseZip(t *testing.T) {
	for in, want := range map[string]realty.Zip{"78701": "78701", " 02134 ": "02134", "78701-1234": "78701", "787011234": "78701"} {
		if got, err := realty.ParseZip(in); err != nil || got != want {
			t.Errorf("ParseZip(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, suggestion := range map[string]string{"2134": "02134", "7870": "07870", "": "", "787011": "", "abcde": "", "78701-12": "", "７８７０１": "", "../78701": ""} {
		_, err := realty.ParseZip(in)
		var bad *realty.BadZipError
		if !errors.Is(err, realty.ErrBadZip) || !errors.As(err, &bad) || bad.Suggestion() != suggestion {
			t.Errorf("ParseZip(%q): %v, suggestion %q; want ErrBadZip suggesting %q", in, err, bad.Suggestion(), suggestion)
		}
	}
	if realty.Zip("7870").Valid() || realty.Zip("78701-").Valid() || !realty.Zip("00501").Valid() {
		t.Error("Valid is not five digits")
	}
}
