package maintenance

import (
	"context"

	"realtybot/market"
)

// Refresh runs one refresh task over sc (the tests' way in).
func (m *Maintenance) Refresh(ctx context.Context, sc market.Scope) (string, error) {
	return m.refresh(ctx, sc)
}
