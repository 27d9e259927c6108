package attom_test

import (
	"testing"

	"realtybot/attom"
)

// The ZIP's geoIdV4 is the most frequent ZI among its own items, not the
// first item's: items may lack a ZI or sit in a neighbour's area.
func TestZIPGeoIsTheMostFrequentOfItsOwnItems(t *testing.T) {
	item := func(postal, zi string) attom.Property {
		var p attom.Property
		p.Address.Postal1, p.Location.GeoIDV4.ZI = attom.String(postal), attom.String(zi)
		return p
	}
	for name, c := range map[string]struct {
		items []attom.Property
		want  string
	}{
		"first lacks ZI":      {[]attom.Property{item("78701", ""), item("78701", "A"), item("78701", "A")}, "A"},
		"a neighbour's first": {[]attom.Property{item("78702", "B"), item("78701", "A"), item("78702", "B"), item("78701", "A")}, "A"},
		"the most frequent":   {[]attom.Property{item("78701", "C"), item("78701", "A"), item("78701", "A")}, "A"},
		"no own item has one": {[]attom.Property{item("78701", ""), item("78702", "B")}, "B"},
		"none at all":         {[]attom.Property{item("78701", "")}, ""},
	} {
		if got := attom.ZIPGeoIDV4("78701", c.items); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}
