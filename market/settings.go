package market

import (
	"sync/atomic"
	"time"
)

// Override is the configuration of one ZIP (MARKETS_FILE or the Sheets
// markets tab). Zero fields mean "not configured".
type Override struct {
	Type        Type
	Multipliers Multipliers // zero fields fall back to the type's defaults
	Partition   Partition
}

// Settings are the market's settings that a configuration reload changes
// while the service runs: the per-ZIP overrides, DEFAULT_MARKET_TYPE, the
// freshness per market type and the reserves. Each is swapped atomically;
// the queries read them as they answer.
type Settings struct {
	overrides                atomic.Pointer[map[string]Override]
	defType                  atomic.Value // Type
	ttls                     atomic.Pointer[map[Type]time.Duration]
	hotReserve, otherReserve atomic.Int64
}

// Settings returns the settings in force, for the configuration reload.
func (s *Service) Settings() *Settings { return &s.settings }

// SetOverrides swaps the per-ZIP configuration atomically.
func (s *Settings) SetOverrides(m map[string]Override) {
	if m == nil {
		m = map[string]Override{}
	}
	s.overrides.Store(&m)
}

// SetDefaultType changes DEFAULT_MARKET_TYPE (configuration reload).
func (s *Settings) SetDefaultType(t Type) { s.defType.Store(t) }

// SetTTLs overrides the property freshness of market types (the settings
// tab's ttl_<type>); types not in m keep [ttl-property].
func (s *Settings) SetTTLs(m map[Type]time.Duration) {
	if m == nil {
		m = map[Type]time.Duration{}
	}
	s.ttls.Store(&m)
}

// SetReserves changes HotReserve and OtherReserve (configuration reload).
func (s *Settings) SetReserves(hot, other int64) {
	s.hotReserve.Store(hot)
	s.otherReserve.Store(other)
}

// marketTTL is the freshness of market data in force.
