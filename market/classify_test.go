package market_test

import (
	"strconv"
	"strings"
	"testing"

	"context"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/config"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/market/trend"
	"realtybot/realty"
	"realtybot/store/storetest"
)

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

func TestClassifyRule(t *testing.T) {
	pts := func(p0, p1 float64, s0, s1 int64) []trend.Point {
		return []trend.Point{{Year: 2025, Median: p0, Sales: s0}, {Year: 2026, Median: p1, Sales: s1}}
	}
	cases := []struct {
		name string
		pts  []trend.Point
		want market.Type
	}{
		{"price +10%", pts(100, 110, 100, 100), market.Hot},
		{"price +6% and sales +12%", pts(100, 106, 100, 112), market.Hot},
		{"price +4%", pts(100, 104, 100, 100), market.Growing},
		{"price -3%", pts(100, 97, 100, 100), market.Cooling},
		{"sales -20%, price flat", pts(100, 100.5, 100, 80), market.Cooling},
		{"sales +15%, price flat", pts(100, 101, 100, 115), market.Emerging},
		{"flat", pts(100, 101, 100, 102), market.Stable},
	}
	for _, c := range cases {
		if got, ok := market.Classify(c.pts); !ok || got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if _, ok := market.Classify(pts(100, 110, 1, 1)[:1]); ok {
		t.Error("one year classified")
	}
}

func TestTTLsAndPartitionsAreTheGuides(t *testing.T) {
	hours := map[market.Type]float64{market.Hot: 24, market.Growing: 48, market.Stable: 72, market.Emerging: 96, market.Cooling: 120}
	for ty, h := range hours {
		if ty.PropertyTTL().Hours() != h {
			t.Errorf("%s TTL %v, want %vh", ty, ty.PropertyTTL(), h)
		}
	}
	if market.MarketTTL.Hours() != 168 || market.MockTTL.Hours() != 12 {
		t.Error("market or mock TTL changed")
	}
	if market.Hot.Partition() != market.PartHot || market.Stable.Partition() != market.PartStable || market.Cooling.Partition() != market.PartOther {
		t.Error("partitions changed")
	}
	if market.PartHot.Tolerance().Hours() != 24 || market.PartStable.Tolerance().Hours() != 72 || market.PartOther.Tolerance().Hours() != 120 {
		t.Error("freshness tolerances changed")
	}
}

func TestConfigKnowsTheSameNames(t *testing.T) {
	var types []string
	for _, ty := range market.Types {
		types = append(types, string(ty))
	}
	if strings.Join(types, ",") != strings.Join(config.MarketTypeNames, ",") {
		t.Fatalf("config validates %v, the market has %v", config.MarketTypeNames, types)
	}
	for _, p := range config.PartitionNames {
		if _, ok := market.ParsePartition(p); !ok {
			t.Fatalf("config accepts partition %q the market does not", p)
		}
	}
}

// steadyZIP is a ZIP of the fake whose prices and sales barely move.
func steadyZIP(t *testing.T) string {
	for z := 10000; z < 99999; z++ {
		zip := strconv.Itoa(z)
		if g, s := attomtest.GrowthRate(zip), attomtest.SalesGrowth(zip); g > 0.002 && g < 0.009 && s > -0.03 && s < 0.03 {
			return zip
		}
	}
	t.Fatal("the fake has no steady ZIP")
	return ""
}

// The current year is partial: fewer sales so far, and recorded late. A
// steady ZIP must not read as cooling, whether dateRange is a date or a year.
func TestPartialYearIsNotReadAsACollapse(t *testing.T) {
	zip := steadyZIP(t)
	for _, years := range []bool{false, true} {
		e := newEnv(t, storetest.Bolt(t), nil)
		e.clk.Set(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
		e.srv.TrendDatesAsYears(years)
		md, p, err := e.svc.Market(context.Background(), realty.Zip(zip))
		if err != nil || p.Source != outcome.Live || len(md.Trend) != 5 {
			t.Fatalf("years=%v: %+v %v, %d points", years, p, err, len(md.Trend))
		}
		last, prev := md.Trend[4], md.Trend[3]
		if !last.Partial || prev.Partial || float64(last.Sales) > 0.85*float64(prev.Sales) {
			t.Fatalf("years=%v: the fake's current year should be partial and short: %+v after %+v", years, last, prev)
		}
		if md.Classified != market.Stable {
			t.Fatalf("years=%v: a steady ZIP (price %+.1f%%, sales %+.1f%% a year) classed %s",
				years, attomtest.GrowthRate(zip)*100, attomtest.SalesGrowth(zip)*100, md.Classified)
		}
	}
}

// Early in a year the last one is still being recorded: only years whose
// records are complete are compared.
func TestChangeComparesCompleteYearsOnly(t *testing.T) {
	pts := []trend.Point{{Year: 2023, Median: 100, Sales: 100}, {Year: 2024, Median: 104, Sales: 100},
		{Year: 2025, Median: 105, Sales: 60, Partial: true}, {Year: 2026, Median: 106, Sales: 10, Partial: true}}
	if p, s, ok := trend.Change(pts); !ok || p < 0.039 || p > 0.041 || s != 0 {
		t.Fatalf("change %v %v %v; want +4%% price, 0 sales, from 2023 and 2024", p, s, ok)
	}
	if _, ok := market.Classify(pts[1:]); ok {
		t.Fatal("classified from one complete year")
	}
}
