package market

import (
	"context"
	"errors"
	"time"

	"realtybot/cache"
	"realtybot/clock"
)

// Info is what the service knows of a ZIP's market without spending a call.
type Info struct {
	Type        Type
	Basis       string // "configured", "classified" or "default"
	Multipliers Multipliers
	Partition   Partition
	Growth      float64
	// Classified is the type the sales trend gives, when a real trend is cached.
	Classified Type
}

// Info resolves a ZIP's market: the configuration wins, then the cached
// classification from real sales trends, then DEFAULT_MARKET_TYPE.
func (s *Service) Info(ctx context.Context, zip string) Info {
	var md *MarketData
	if until, ok := s.absent.Load(zip); ok && clock.At(ctx, s.now).Before(until.(time.Time)) {
		return s.resolve(zip, nil)
	}
	it, _, err := s.markets.GetUncounted(ctx, marketKey(zip))
	switch {
	case err == nil && !it.Value.Estimate:
		md = &it.Value
	case errors.Is(err, cache.ErrNotFound):
		s.absent.Store(zip, clock.At(ctx, s.now).Add(absentFor))
	}
	return s.resolve(zip, md)
}

// absentFor is how long a process remembers that a ZIP has no real market
// data, so that the answers reading its market (every search) do not ask
// L2 each time. Storing the ZIP's market data forgets it at once; a market
// another replica stored is seen within this time.
const absentFor = time.Minute

func (s *Service) resolve(zip string, md *MarketData) Info {
	in := Info{Type: s.settings.defType.Load().(Type), Basis: "default"}
	if md != nil && md.Classified != "" {
		in.Type, in.Basis, in.Classified = md.Classified, "classified", md.Classified
	}
	o, configured := (*s.settings.overrides.Load())[zip]
	if configured && o.Type != "" {
		in.Type, in.Basis = o.Type, "configured"
	}
	in.Multipliers = DefaultMultipliers(in.Type)
	if o.Multipliers.Price > 0 {
		in.Multipliers.Price = o.Multipliers.Price
	}
	if o.Multipliers.Rent > 0 {
		in.Multipliers.Rent = o.Multipliers.Rent
	}
	if o.Multipliers.Appreciation > 0 {
		in.Multipliers.Appreciation = o.Multipliers.Appreciation
	}
	in.Partition = in.Type.Partition()
	if o.Partition != "" {
		in.Partition = o.Partition
	}
	in.Growth = in.Type.baseGrowth() * in.Multipliers.Appreciation
	if md != nil && len(md.Trend) >= 2 {
		in.Growth = md.Growth * in.Multipliers.Appreciation
	}
	return in
}

// withInfo returns md as the configuration in force sees it now.
func withInfo(md MarketData, in Info) *MarketData {
	md.Type, md.TypeBasis, md.Partition, md.Multipliers = in.Type, in.Basis, in.Partition, in.Multipliers
	return &md
}

// scoringMarket is the market data records are judged against when written.
func (s *Service) scoringMarket(ctx context.Context, zip string, in Info) *MarketData {
	if it, _, err := s.markets.GetUncounted(ctx, marketKey(zip)); err == nil {
		md := withInfo(it.Value, in)
		md.Growth = in.Growth // the reading's expected growth, as current derives it
		return md
	}
	return &MarketData{ZIP: zip, Type: in.Type, Multipliers: in.Multipliers, Growth: in.Growth, Partition: in.Partition}
}
