package attom

import (
	"realtybot/realty"
	"strings"
)

// v1Vocabulary maps a type to the ATTOM v1 property type values that belong
// to it, for reading `propType`/`propLandUse` in responses.
var v1Vocabulary = map[realty.PropertyType][]string{
	realty.SFR:         {"SFR"},
	realty.Condo:       {"CONDOMINIUM"},
	realty.Townhouse:   {"TOWNHOUSE/ROWHOUSE"},
	realty.Multifamily: {"DUPLEX", "TRIPLEX", "MULTI FAMILY DWELLING"},
	realty.Mobile:      {"MOBILE HOME", "MANUFACTURED HOME"},
	realty.Land:        {"RESIDENTIAL LOT", "VACANT LAND (NEC)", "RESIDENTIAL ACREAGE"},
}

// Filter is one query parameter of the area endpoints. ATTOM documents
// propertyType and propertyIndicator as single-value filters, so a type is
// asked for with exactly one value, never a joined list.
type Filter struct{ Name, Value string }

// typeFilter is the one documented filter value that selects each type.
// Multifamily uses the indicator (21: duplex, triplex, quadplex), which
// covers the several v1 values one propertyType cannot.
var typeFilter = map[realty.PropertyType]Filter{
	realty.SFR:         {"propertyType", "SFR"},
	realty.Condo:       {"propertyType", "CONDOMINIUM"},
	realty.Townhouse:   {"propertyType", "TOWNHOUSE/ROWHOUSE"},
	realty.Multifamily: {"propertyIndicator", "21"},
	realty.Mobile:      {"propertyType", "MOBILE HOME"},
	realty.Land:        {"propertyIndicator", "80"}, // "Vacant": every vacant-land kind, not RESIDENTIAL LOT alone
}

// FilterFor returns the single filter that selects t.
func FilterFor(t realty.PropertyType) Filter { return typeFilter[t] }

// indicatorType maps ATTOM's propIndicator groups to types, for items whose
// propType is not in the v1 vocabulary (10 covers townhouses too; the
// vocabulary tells them apart first).
var indicatorType = map[int64]realty.PropertyType{10: realty.SFR, 11: realty.Condo, 21: realty.Multifamily, 80: realty.Land}

// TypeOf returns the type of an ATTOM item, from its propType or land use,
// else its propIndicator group. ok is false for parcels no agent asks for
// (commercial, exempt, apartments of 5+ units, ...).
func TypeOf(p *Property) (realty.PropertyType, bool) {
	for _, v := range []String{p.Summary.PropType, p.Summary.PropLandUse} {
		if t, ok := TypeFromV1(string(v)); ok {
			return t, true
		}
	}
	t, ok := indicatorType[int64(p.Summary.PropIndicator)]
	return t, ok
}

// v4Vocabulary maps a type to the v4 salestrend `propertyType`, as the v4
// Swagger's enum spells it.
var v4Vocabulary = map[realty.PropertyType]string{
	realty.SFR:         "SINGLE FAMILY RESIDENCE",
	realty.Condo:       "CONDO/TOWNHOME",
	realty.Townhouse:   "CONDO/TOWNHOME",
	realty.Multifamily: "MULTI (2-4 Units)",
	realty.Mobile:      "MANUFACTURED",
	realty.Land:        "VACANT LAND",
}

// V4 returns the v4 salestrend propertytype for t.
func V4(t realty.PropertyType) string { return v4Vocabulary[t] }

// TypeFromV1 maps an ATTOM v1 value (e.g. "TOWNHOUSE/ROWHOUSE") back to a type.
func TypeFromV1(v string) (realty.PropertyType, bool) {
	v = strings.ToUpper(strings.TrimSpace(v))
	for _, t := range realty.PropertyTypes {
		for _, w := range v1Vocabulary[t] {
			if w == v {
				return t, true
			}
		}
	}
	return "", false
}

// V1 returns the main ATTOM v1 property type value of t, as a response's
// propType would carry it.
func V1(t realty.PropertyType) string { return v1Vocabulary[t][0] }
