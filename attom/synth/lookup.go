package synth

import (
	"net/http"
	"strings"
	"time"
)

// LookupPath is the free location lookup: "There is no charge to use this
// endpoint", so its answers are never billable.
const LookupPath = "/v4/location/lookup"

// locationLookup answers /v4/location/lookup for ZIP code tabulation areas
// (the only geographies the fake has): name (single) and
// geographyTypeAbbreviation (single). Its documented fields only; a ZIP it
// does not know is status 1 SuccessWithoutResult (HTTP 400, the strict
// reading); no name is -6.
func (s *API) locationLookup(w http.ResponseWriter, q query, now time.Time) (any, bool) {
	if !s.single(w, q, "name", "geographytypeabbreviation", "geoidv4") {
		return nil, false
	}
	name := q.get("name")
	if name == "" {
		s.reject(w, -6, "MissingRequiredParameter")
		return nil, false
	}
	abbr := strings.ToUpper(q.get("geographytypeabbreviation"))
	if (abbr != "" && abbr != "ZI") || len(name) != 5 || strings.Trim(name, "0123456789") != "" || !s.hasData(name) {
		s.status(w, http.StatusBadRequest, 1, "SuccessWithoutResult")
		return nil, false
	}
	g := map[string]any{"geoIdV4": GeoIDV4(name), "geographyName": name, "geographyTypeName": "ZIP Code Tabulation Area",
		"geographyTypeAbbreviation": "ZI", "zipCodeTabulationAreaCode": name}
	return map[string]any{"status": okStatus(1, 1, 10, "pageSize"), "geographies": []any{g}}, true
}
