package attom_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/realty"
)

func readGolden(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The golden responses are assembled from ATTOM's documented field list of
// each endpoint; every field the bot relies on must decode from them.
func TestGoldenResponsesDecode(t *testing.T) {
	var snap attom.PropertyPage
	readGolden(t, "avm_snapshot.json", &snap)
	p := &snap.Properties[0]
	price, basis := p.Price()
	ty, ok := attom.TypeOf(p)
	switch {
	case snap.Status.Total != 4812 || p.ID() != 184196315:
		t.Fatalf("status or id: %+v %d", snap.Status, p.ID())
	case price != 352000 || basis != attom.BasisAVM || p.AVM.Amount.Low != 320320 || p.AVM.Amount.High != 383680 || p.AVM.Amount.Scr != 91:
		t.Fatalf("avm: %v %q %+v", price, basis, p.AVM)
	case !ok || ty != realty.SFR || p.Summary.YearBuilt != 2004 || p.Summary.PropIndicator != 10:
		t.Fatalf("summary (camel case on this endpoint): %+v", p.Summary)
	case p.Building.Rooms.Beds != 3 || p.Building.Rooms.BathsTotal != 2.5 || p.Size() != 1762:
		t.Fatalf("building: %+v", p.Building)
	case p.LotSqft() < 10000 || p.Location.GeoIDV4.ZI == "" || p.Address.Postal1 != "19977" || p.Location.Latitude == 0:
		t.Fatalf("lot, location, address: %v %+v %+v", p.LotSqft(), p.Location, p.Address)
	}

	var detail attom.PropertyPage
	readGolden(t, "attomavm_detail.json", &detail)
	d := &detail.Properties[0]
	if ty, ok := attom.TypeOf(d); d.ID() != 184196315 || !ok || ty != realty.SFR || d.AVM.Amount.Value != 352000 || d.LotSqft() != 10019 || d.Size() != 1762 {
		t.Fatalf("detail (attomID, lower-case summary): %+v", d)
	}

	var trend struct {
		SalesTrends []attom.SalesTrend `json:"salesTrends"`
	}
	readGolden(t, "salestrend.json", &trend)
	for i, want := range []int{2025, 2026} { // a date, then a bare year
		from, to, ok := trend.SalesTrends[i].Period()
		if !ok || from.Year() != want || to != time.Date(want, 12, 31, 0, 0, 0, 0, time.UTC) {
			t.Fatalf("period %d: %v %v %v", i, from, to, ok)
		}
	}
	if s := trend.SalesTrends[1].SalesTrend; s.HomeSaleCount != 251 || s.MedSalePrice != 352500 || trend.SalesTrends[0].Category.TypeValue == "" {
		t.Fatalf("trend values (numbers as strings too): %+v", trend.SalesTrends[1])
	}
}
