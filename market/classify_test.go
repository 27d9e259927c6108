package market_test

import (
	"strconv"
	"strings"
	"testing"

	"realtybot/config"
	"realtybot/market"
)

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

func TestClassifyRule(t *testing.T) {
	pts := func(p0, p1 float64, s0, s1 int64) []market.TrendPoint {
		return []market.TrendPoint{{Year: 2025, Median: p0, Sales: s0}, {Year: 2026, Median: p1, Sales: s1}}
	}
	cases := []struct {
		name string
		pts  []market.TrendPoint
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
