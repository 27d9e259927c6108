package market

import (
	"time"
)

// How long a value is fresh in its partition and market type, and
// how long it is kept stale after that.

func (s *Service) marketTTL() time.Duration {
	if s.cfg.Naive {
		return NaiveTTL
	}
	return MarketTTL
}

// propertyTTL is the freshness of a market type's listings in force.
func (s *Service) propertyTTL(t Type) time.Duration {
	if s.cfg.Naive {
		return NaiveTTL
	}
	if d, ok := (*s.settings.ttls.Load())[t]; ok {
		return d
	}
	return t.PropertyTTL()
}

func freshness(now time.Time, ttl time.Duration, real bool) (fresh, stale time.Time) {
	if !real {
		return now.Add(ttl), now.Add(ttl)
	}
	return now.Add(ttl), now.Add(ttl + StaleWindow)
}
