package attom

import (
	"strings"
)

// PropertyType is one of the closed list of property types agents may ask for.
// Every cache key is built from a PropertyType, so nothing outside this list
// can reach the cache or ATTOM.
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

// v1Vocabulary maps a type to the ATTOM v1 property type values that belong
// to it, for reading `propType`/`propLandUse` in responses.
var v1Vocabulary = map[PropertyType][]string{
	SFR:         {"SFR"},
	Condo:       {"CONDOMINIUM"},
	Townhouse:   {"TOWNHOUSE/ROWHOUSE"},
	Multifamily: {"DUPLEX", "TRIPLEX", "MULTI FAMILY DWELLING"},
	Mobile:      {"MOBILE HOME", "MANUFACTURED HOME"},
	Land:        {"RESIDENTIAL LOT", "VACANT LAND (NEC)", "RESIDENTIAL ACREAGE"},
}

// Filter is one query parameter of the area endpoints. ATTOM documents
// propertyType and propertyIndicator as single-value filters, so a type is
// asked for with exactly one value, never a joined list.
type Filter struct{ Name, Value string }

// typeFilter is the one documented filter value that selects each type.
// Multifamily uses the indicator (21: duplex, triplex, quadplex), which
// covers the several v1 values one propertyType cannot.
var typeFilter = map[PropertyType]Filter{
	SFR:         {"propertyType", "SFR"},
	Condo:       {"propertyType", "CONDOMINIUM"},
	Townhouse:   {"propertyType", "TOWNHOUSE/ROWHOUSE"},
	Multifamily: {"propertyIndicator", "21"},
	Mobile:      {"propertyType", "MOBILE HOME"},
	Land:        {"propertyType", "RESIDENTIAL LOT"},
}

// Filter returns the single filter that selects t.
func (t PropertyType) Filter() Filter { return typeFilter[t] }

// indicatorType maps ATTOM's propIndicator groups to types, for items whose
// propType is not in the v1 vocabulary (10 covers townhouses too; the
// vocabulary tells them apart first).
var indicatorType = map[int64]PropertyType{10: SFR, 11: Condo, 21: Multifamily, 80: Land}

// TypeOf returns the type of an ATTOM item, from its propType or land use,
// else its propIndicator group. ok is false for parcels no agent asks for
// (commercial, exempt, apartments of 5+ units, ...).
func TypeOf(p *Property) (PropertyType, bool) {
	for _, v := range []String{p.Summary.PropType, p.Summary.PropLandUse} {
		if t, ok := TypeFromV1(string(v)); ok {
			return t, true
		}
	}
	t, ok := indicatorType[int64(p.Summary.PropIndicator)]
	return t, ok
}

// v4Vocabulary maps a type to the v4 salestrend `propertytype`.
var v4Vocabulary = map[PropertyType]string{
	SFR:         "SINGLE FAMILY RESIDENCE",
	Condo:       "CONDO/TOWNHOME",
	Townhouse:   "CONDO/TOWNHOME",
	Multifamily: "MULTI (2-4 UNITS)",
	Mobile:      "ALL",
	Land:        "ALL",
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

// V4 returns the v4 salestrend propertytype for t.
func (t PropertyType) V4() string { return v4Vocabulary[t] }

// Valid reports whether t is in the closed list.
func (t PropertyType) Valid() bool { _, ok := v1Vocabulary[t]; return ok }

// TypeFromV1 maps an ATTOM v1 value (e.g. "TOWNHOUSE/ROWHOUSE") back to a type.
func TypeFromV1(v string) (PropertyType, bool) {
	v = strings.ToUpper(strings.TrimSpace(v))
	for _, t := range PropertyTypes {
		for _, w := range v1Vocabulary[t] {
			if w == v {
				return t, true
			}
		}
	}
	return "", false
}

// PropertyTypeNames returns the valid names, for help and error messages.
func PropertyTypeNames() []string {
	out := make([]string, len(PropertyTypes))
	for i, t := range PropertyTypes {
		out[i] = string(t)
	}
	return out
}

// V1 returns the main ATTOM v1 property type value of t, as a response's
// propType would carry it.
func (t PropertyType) V1() string { return v1Vocabulary[t][0] }
