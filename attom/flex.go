package attom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ATTOM sends the same field as a number in one response and as a string in
// another ("propIndicator": "10" vs 10, latitude as a string). These types
// accept both, plus null and "".

// Int is an int64 that decodes from a JSON number or a numeric string.
type Int int64

// Float is a float64 that decodes from a JSON number or a numeric string.
type Float float64

// String decodes from a JSON string, number or boolean.
type String string

func unquote(b []byte) ([]byte, bool) {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, false
		}
		return []byte(strings.TrimSpace(s)), true
	}
	return b, false
}

// UnmarshalJSON implements json.Unmarshaler.
func (i *Int) UnmarshalJSON(b []byte) error {
	raw, _ := unquote(b)
	s := string(raw)
	if s == "" || s == "null" {
		*i = 0
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*i = Int(n)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("attom: %q is not an integer", truncate(s, 32))
	}
	*i = Int(f)
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	raw, _ := unquote(b)
	s := strings.ReplaceAll(string(raw), ",", "")
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("attom: %q is not a number", truncate(s, 32))
	}
	*f = Float(v)
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	raw, quoted := unquote(b)
	if !quoted && string(raw) == "null" {
		*s = ""
		return nil
	}
	*s = String(raw)
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
