package mock_test

import (
	"reflect"
	"testing"

	"realtybot/attom"
	"realtybot/mock"
	"realtybot/realty"
)

func TestEstimatesAreDeterministicMarkedAndShapedByMarket(t *testing.T) {
	hot := mock.Profile{PriceLevel: 1.15, Growth: 0.09, Volume: 1.4}
	cool := mock.Profile{PriceLevel: 0.95, Growth: -0.02, Volume: 0.75}
	a, b := mock.Properties("78701", realty.Condo, hot, 20), mock.Properties("78701", realty.Condo, hot, 20)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same ZIP, type and profile gave different estimates")
	}
	var hotSum, coolSum float64
	for i, p := range a {
		if !p.Estimate || p.ID() < mock.IDBase || price(p) <= 0 || string(p.Address.Postal1) != "78701" {
			t.Fatalf("estimate %d: %+v", i, p)
		}
		zip, ty, idx, ok := mock.ParseID(p.ID())
		if !ok || zip != "78701" || ty != realty.Condo || idx != i {
			t.Fatalf("id %d does not round-trip: %s %s %d %v", p.ID(), zip, ty, idx, ok)
		}
		hotSum += price(p)
	}
	for _, p := range mock.Properties("78701", realty.Condo, cool, 20) {
		coolSum += price(p)
	}
	if hotSum <= coolSum {
		t.Fatalf("hot-market estimates (%.0f) should be priced above cooling ones (%.0f)", hotSum, coolSum)
	}
	up, down := mock.SalesTrend("78701", hot, 2022, 2026), mock.SalesTrend("78701", cool, 2022, 2026)
	if up[4].SalesTrend.MedSalePrice <= up[0].SalesTrend.MedSalePrice || down[4].SalesTrend.MedSalePrice >= down[0].SalesTrend.MedSalePrice {
		t.Fatal("trends do not follow the profile's growth")
	}
	if _, _, _, ok := mock.ParseID(184713191); ok {
		t.Fatal("a real ATTOM id parsed as an estimate")
	}
}

func price(p attom.Property) float64 { v, _ := p.Price(); return v }
