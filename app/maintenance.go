package app

import (
	"context"
	"realtybot/maintenance"
	"realtybot/market/sweep"
)

// Maintenance builds the scheduled tasks and alerts over the app's parts,
// on the app's clock; notify reaches the admins.
func (a *App) Maintenance(notify maintenance.Notifier) *maintenance.Maintenance {
	d := maintenance.Deps{
		Service: a.Service, Planner: a.Planner, Ledger: a.Ledger,
		Sweeper: sweep.New(sweep.Config{Store: a.Store, Market: a.Service, Namespace: a.ns, Now: a.Clock.Now}), Claims: a.Store, Live: a.Attom != nil,
		RefreshBudget: a.RefreshBudget, At: a.MaintenanceAt, StaleAlert: a.Cfg.StaleAlert,
		Clock: a.Clock, Log: a.Log, Notify: notify, Outcome: a.Metrics.TaskRun,
	}
	if a.bolt != nil {
		d.Compact = func(ctx context.Context) (string, error) {
			c, err := a.bolt.Compact(ctx)
			return c.String(), err
		}
	}
	return maintenance.New(d)
}
