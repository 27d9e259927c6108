package realty

import "strings"

// PropertyType is one of the closed list of property types agents may ask for.
// Every cache key is built from a PropertyType, so nothing outside this list
// can reach the cache or ATTOM. How each maps to ATTOM's vocabulary is
// attom's business (attom/proptype.go).
type PropertyType string

// The property types realtybot knows.
const (
	SFR         PropertyType = "sfr"
	Condo       PropertyType = "condo"
	Townhouse   PropertyType = "townhouse"
	Multifamily PropertyType = "multifamily"
	Mobile      PropertyType = "mobile"
	Land        PropertyType = "land"
)

// PropertyTypes lists every valid type in display order.
var PropertyTypes = []PropertyType{SFR, Condo, Townhouse, Multifamily, Mobile, Land}

// Valid reports whether t is in the closed list.
func (t PropertyType) Valid() bool {
	for _, v := range PropertyTypes {
		if v == t {
			return true
		}
	}
	return false
}

var aliases = map[string]PropertyType{
	"sfr": SFR, "single": SFR, "singlefamily": SFR, "sf": SFR, "house": SFR, "home": SFR, "detached": SFR,
	"condo": Condo, "condominium": Condo, "condos": Condo, "apt": Condo,
	"townhouse": Townhouse, "townhome": Townhouse, "rowhouse": Townhouse, "th": Townhouse, "townhouses": Townhouse,
	"multifamily": Multifamily, "multi": Multifamily, "mf": Multifamily, "duplex": Multifamily, "triplex": Multifamily, "plex": Multifamily, "apartment": Multifamily,
	"mobile": Mobile, "mobilehome": Mobile, "manufactured": Mobile,
	"land": Land, "lot": Land, "vacant": Land,
}

// ParsePropertyType accepts a type name or a common alias, in any case and with
// or without separators ("Single-Family", "multi_family", "TOWNHOME").
func ParsePropertyType(s string) (PropertyType, bool) {
	k := strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ', '.':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	k = strings.TrimSuffix(k, "residence")
	t, ok := aliases[k]
	return t, ok
}

// PropertyTypeNames returns the valid names, for help and error messages.
func PropertyTypeNames() []string {
	out := make([]string, len(PropertyTypes))
	for i, t := range PropertyTypes {
		out[i] = string(t)
	}
	return out
}
