package realty

import (
	"errors"
	"strings"
)

// Zip is a five-digit ZIP code, parsed once where it enters (a command, a
// button, a configuration row) and used as it is after that. Nothing else
// can become part of a cache key.
type Zip string

// ErrBadZip is the parse error; its text is written for agents.
var ErrBadZip = errors.New("a ZIP code is five digits, like 78701 (ZIP+4 such as 78701-1234 is fine too)")

// BadZipError is ErrBadZip with what was typed.
type BadZipError struct{ Input string }

func (e *BadZipError) Error() string { return ErrBadZip.Error() }

// Is makes errors.Is(err, ErrBadZip) true.
func (e *BadZipError) Is(target error) bool { return target == ErrBadZip }

// Suggestion is the ZIP a four-digit input most likely meant: a leading zero
// lost on the way (2134 for 02134, as spreadsheets store it), "" when there
// is none.
func (e *BadZipError) Suggestion() string {
	if len(e.Input) != 4 || !digits(e.Input) {
		return ""
	}
	return "0" + e.Input
}

// ParseZip reads five digits, or ZIP+4 ("78701-1234", "787011234") as its
// five.
func ParseZip(s string) (Zip, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[5] == '-' {
		s = s[:5] + s[6:]
	}
	if (len(s) != 5 && len(s) != 9) || !digits(s) {
		return "", &BadZipError{Input: s}
	}
	return Zip(s[:5]), nil
}

// Valid reports whether z is five digits: a Zip made other than by ParseZip
// (a constant, a stored key) is checked before it reaches a key or ATTOM.
func (z Zip) Valid() bool { return len(z) == 5 && digits(string(z)) }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
