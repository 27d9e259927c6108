package attom_test

import (
	"encoding/json"
	"strings"
	"testing"

	"realtybot/attom"
	"realtybot/realty"
)

func TestFlexibleDecoding(t *testing.T) {
	raw := `{"identifier":{"ID":"12","attomId":184713191},"location":{"latitude":"30.2672","longitude":-97.74},
	"SUMMARY":{"propIndicator":10,"yearbuilt":"1999"},"building":{"rooms":{"beds":"3","bathstotal":2.5},"size":{"livingsize":"1,850"}},
	"avm":{},"sale":{"amount":{"saleamt":null}}}`
	var p attom.Property
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	switch {
	case p.ID() != 184713191, p.Identifier.ID != 12:
		t.Fatalf("ids %+v", p.Identifier)
	case p.Location.Latitude != 30.2672 || p.Location.Longitude != -97.74:
		t.Fatalf("location %+v", p.Location)
	case p.Summary.PropIndicator != 10 || p.Summary.YearBuilt != 1999:
		t.Fatalf("summary %+v", p.Summary)
	case p.Building.Rooms.Beds != 3 || p.Building.Size.LivingSize != 1850:
		t.Fatalf("building %+v", p.Building)
	}
	for _, bad := range []string{`{"identifier":{"attomId":"abc"}}`, `{"location":{"latitude":true}}`} {
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}

func TestPropertyTypes(t *testing.T) {
	cases := map[string]realty.PropertyType{
		"sfr": realty.SFR, "Single-Family": realty.SFR, "single family residence": realty.SFR, "CONDO": realty.Condo,
		"townhome": realty.Townhouse, "multi_family": realty.Multifamily, "duplex": realty.Multifamily, "lot": realty.Land,
	}
	for in, want := range cases {
		if got, ok := realty.ParsePropertyType(in); !ok || got != want {
			t.Errorf("%q → %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "castle", "sfr;drop", "../x"} {
		if _, ok := realty.ParsePropertyType(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, ty := range realty.PropertyTypes {
		f := attom.FilterFor(ty)
		if f.Name == "" || strings.ContainsAny(f.Value, "|,") || attom.V4(ty) == "" {
			t.Errorf("%s: filter %+v is not one documented value, or no v4 vocabulary", ty, f)
		}
	}
	if got, ok := attom.TypeFromV1("townhouse/rowhouse"); !ok || got != realty.Townhouse {
		t.Errorf("TypeFromV1: %q %v", got, ok)
	}
	if attom.FilterFor(realty.Multifamily) != (attom.Filter{Name: "propertyIndicator", Value: "21"}) || attom.V4(realty.Condo) != "CONDO/TOWNHOME" {
		t.Error("vocabulary mapping changed")
	}
}
