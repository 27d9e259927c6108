package market

import (
	"errors"
	"fmt"
	"realtybot/realty"
	"strconv"
	"strings"
)

// Input errors. Their text is written for agents.
var (
	ErrBadZIP  = errors.New("a ZIP code is five digits, like 78701 (ZIP+4 such as 78701-1234 is fine too)")
	ErrBadType = fmt.Errorf("unknown property type; use one of: %s", strings.Join(realty.PropertyTypeNames(), ", "))
	ErrBadID   = errors.New("a property id is the number shown in search results, like 123456789")
	// ErrNoProperty means the property is in no cache and could not be looked up.
	ErrNoProperty = errors.New("property not found")
)

// BadZIPError is ErrBadZIP with what was typed.
type BadZIPError struct{ Input string }

func (e *BadZIPError) Error() string { return ErrBadZIP.Error() }

// Is makes errors.Is(err, ErrBadZIP) true.
func (e *BadZIPError) Is(target error) bool { return target == ErrBadZIP }

// Suggestion is the ZIP a four-digit input most likely meant: a leading zero
// lost on the way (2134 for 02134), "" when there is none.
func (e *BadZIPError) Suggestion() string {
	if len(e.Input) != 4 {
		return ""
	}
	for _, c := range e.Input {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return "0" + e.Input
}

// ParseZIP validates a ZIP and normalizes ZIP+4 ("78701-1234", "787011234")
// to five digits. Nothing else can become part of a cache key.
func ParseZIP(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[5] == '-' {
		s = s[:5] + s[6:]
	}
	if len(s) != 5 && len(s) != 9 {
		return "", &BadZIPError{Input: s}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", &BadZIPError{Input: s}
		}
	}
	return s[:5], nil
}

// ParseID validates a property id.
func ParseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 18 {
		return 0, ErrBadID
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrBadID
	}
	return id, nil
}

// Cache keys of the guide. Callers pass validated ZIPs and types only.
func listingKey(zip string, t realty.PropertyType) string { return zip + "_" + string(t) }
func mockKey(zip string, t realty.PropertyType) string    { return zip + "_mock_" + string(t) }
func marketKey(zip string) string                         { return zip + "_market" }
func mockMarketKey(zip string) string                     { return zip + mockMarketSuffix }

// mockMarketSuffix ends the key of a ZIP's estimated market data: the mock
// cache's {zip}_mock_{type} with "market" for the type.
const mockMarketSuffix = "_mock_market"

func recordKey(id int64) string { return "prop_" + strconv.FormatInt(id, 10) }
