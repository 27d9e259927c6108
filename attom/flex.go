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

// GeoIDV4 is a property's location.geoIdV4. ATTOM documents the field but
// not its shape: public responses carry an object of geographies keyed by
// kind ({"ZI": "...", "CO": "..."}); a plain string is read as the ZIP's.
type GeoIDV4 struct {
	ZI String `json:"ZI"` // the ZIP code tabulation area
	CO String `json:"CO"` // the county
}

// UnmarshalJSON implements json.Unmarshaler.
func (g *GeoIDV4) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		type plain GeoIDV4
		return json.Unmarshal(b, (*plain)(g))
	}
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*g = GeoIDV4{ZI: s}
	return nil
}
