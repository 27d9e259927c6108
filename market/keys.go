package market

import (
	"fmt"
	"realtybot/market/outcome"
	"realtybot/realty"
	"strconv"
	"strings"
)

// Input errors. Their text is written for agents.
var (
	ErrBadZIP  = realty.ErrBadZip
	ErrBadType = fmt.Errorf("unknown property type; use one of: %s", strings.Join(realty.PropertyTypeNames(), ", "))
	// ErrNoProperty means the property is in no cache and could not be looked up.
	ErrNoProperty = outcome.ErrNoProperty
)

// zipOf checks a ZIP handed in (parsed at the edge by realty.ParseZip) and
// gives it as the string keys are built from.
func zipOf(z realty.Zip) (string, error) {
	if !z.Valid() {
		return "", &realty.BadZipError{Input: string(z)}
	}
	return string(z), nil
}

// Cache keys ([key-property], [key-market], [key-mock]). Callers pass validated ZIPs and types only.
func listingKey(zip string, t realty.PropertyType) string { return zip + "_" + string(t) }
func mockKey(zip string, t realty.PropertyType) string    { return zip + "_mock_" + string(t) }
func marketKey(zip string) string                         { return zip + "_market" }
func mockMarketKey(zip string) string                     { return zip + mockMarketSuffix }

// mockMarketSuffix ends the key of a ZIP's estimated market data: the mock
// cache's {zip}_mock_{type} with "market" for the type.
const mockMarketSuffix = "_mock_market"

func recordKey(id int64) string { return "prop_" + strconv.FormatInt(id, 10) }
