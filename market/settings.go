package market

import (
	"time"
)

// Override is the configuration of one ZIP (MARKETS_FILE or the Sheets
// markets tab). Zero fields mean "not configured".
type Override struct {
	Type        Type
	Multipliers Multipliers // zero fields fall back to the type's defaults
	Partition   Partition
}

// SetOverrides swaps the per-ZIP configuration atomically.
func (s *Service) SetOverrides(m map[string]Override) {
	if m == nil {
		m = map[string]Override{}
	}
	s.overrides.Store(&m)
}

// SetDefaultType changes DEFAULT_MARKET_TYPE (configuration reload).
func (s *Service) SetDefaultType(t Type) { s.defType.Store(t) }

// SetTTLs overrides the property freshness of market types (the settings
// tab's ttl_<type>); types not in m keep [ttl-property].
func (s *Service) SetTTLs(m map[Type]time.Duration) {
	if m == nil {
		m = map[Type]time.Duration{}
	}
	s.ttls.Store(&m)
}

// SetReserves changes HotReserve and OtherReserve (configuration reload).
func (s *Service) SetReserves(hot, other int64) {
	s.hotReserve.Store(hot)
	s.otherReserve.Store(other)
}

// marketTTL is the freshness of market data in force.
