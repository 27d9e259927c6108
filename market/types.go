package market

import (
	"strings"
	"time"

	"realtybot/mock"
)

// Type is a market type ([ttl-property] names them).
type Type string

// The market types.
const (
	Hot      Type = "hot"
	Growing  Type = "growing"
	Stable   Type = "stable"
	Emerging Type = "emerging"
	Cooling  Type = "cooling"
)

// Types lists the market types, hottest first.
var Types = []Type{Hot, Growing, Stable, Emerging, Cooling}

// ParseType accepts a market type name in any case ("hot_market" too).
func ParseType(s string) (Type, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "_market"), " market")
	for _, t := range Types {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// Freshness windows ([ttl-property], [ttl-market], [ttl-mock]).
const (
	MarketTTL = 168 * time.Hour // {zip}_market
	MockTTL   = 12 * time.Hour  // {zip}_mock_{type}
	// StaleWindow is how long real data outlives its freshness in storage, so
	// it can still be served (labelled with its age) when the quota is spent.
	// It covers the "other" partition's monthly refresh.
	StaleWindow = 30 * 24 * time.Hour
)

// PropertyTTL is the property cache's TTL for the market type ([ttl-property]).
func (t Type) PropertyTTL() time.Duration {
	switch t {
	case Hot:
		return 24 * time.Hour
	case Growing:
		return 48 * time.Hour
	case Emerging:
		return 96 * time.Hour
	case Cooling:
		return 120 * time.Hour
	}
	return 72 * time.Hour
}

// Partition is one of the data partitions ([partition-hot], [partition-stable], [partition-other]).
type Partition string

// The partitions: hot markets are refreshed daily from ATTOM; stable markets
// weekly, hybrid (real data when the budget allows, estimates otherwise);
// other markets monthly, mostly from estimates.
const (
	PartHot    Partition = "hot"
	PartStable Partition = "stable"
	PartOther  Partition = "other"
)

// ParsePartition accepts a partition name ("hot_markets" too).
func ParsePartition(s string) (Partition, bool) {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "_markets")
	switch Partition(s) {
	case PartHot, PartStable, PartOther:
		return Partition(s), true
	}
	return "", false
}

// Partition is the type's default partition: hot → hot, stable → stable, and
// growing, emerging and cooling → other ([partition-other]).
func (t Type) Partition() Partition {
	switch t {
	case Hot:
		return PartHot
	case Stable:
		return PartStable
	}
	return PartOther
}

// Tolerance is the freshness bound of a partition ([freshness-bound]): the oldest
// real data that still counts as acceptable.
func (p Partition) Tolerance() time.Duration {
	switch p {
	case PartHot:
		return 24 * time.Hour
	case PartStable:
		return 72 * time.Hour
	}
	return 120 * time.Hour
}

// RefreshEvery is the partition's update frequency ([partition-hot] ...).
func (p Partition) RefreshEvery() time.Duration {
	switch p {
	case PartHot:
		return 24 * time.Hour
	case PartStable:
		return 7 * 24 * time.Hour
	}
	return 30 * 24 * time.Hour
}

// Multipliers adjust prices, rents and appreciation of a ZIP.
type Multipliers struct {
	Price        float64
	Rent         float64
	Appreciation float64
}

// DefaultMultipliers are the multipliers of a market type when the
// configuration gives none.
func DefaultMultipliers(t Type) Multipliers {
	switch t {
	case Hot:
		return Multipliers{Price: 1.15, Rent: 1.10, Appreciation: 1.25}
	case Growing:
		return Multipliers{Price: 1.05, Rent: 1.05, Appreciation: 1.10}
	case Emerging:
		return Multipliers{Price: 0.90, Rent: 1.00, Appreciation: 1.05}
	case Cooling:
		return Multipliers{Price: 0.95, Rent: 0.95, Appreciation: 0.70}
	}
	return Multipliers{Price: 1, Rent: 1, Appreciation: 1}
}

// baseGrowth is the expected yearly appreciation of a type, used when no
// sales trend is known.
func (t Type) baseGrowth() float64 {
	switch t {
	case Hot:
		return 0.09
	case Growing:
		return 0.05
	case Emerging:
		return 0.04
	case Cooling:
		return -0.02
	}
	return 0.025
}

// Profile shapes estimates for a market type and its multipliers.
func Profile(t Type, m Multipliers) mock.Profile {
	vol := map[Type]float64{Hot: 1.4, Growing: 1.2, Stable: 1, Emerging: 1.1, Cooling: 0.75}[t]
	return mock.Profile{PriceLevel: m.Price, Growth: t.baseGrowth() * m.Appreciation, Volume: vol}
}
