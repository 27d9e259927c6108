package maintenance

import (
	"context"
	"realtybot/market/plan"
)

// Refresh runs one refresh task over sc (the tests' way in).
func (m *Maintenance) Refresh(ctx context.Context, sc plan.Scope) (string, error) {
	return m.refresh(ctx, sc)
}
