package app

import (
	"context"
	"strings"
)

// PersistenceWarning says what a Redis restart would lose when Redis keeps
// neither an append-only file nor snapshots, "" when it keeps either (or
// the store is embedded, or Redis will not say).
func (a *App) PersistenceWarning(ctx context.Context) string {
	rdb := a.redis
	if rdb == nil {
		return ""
	}
	info, err := rdb.Info(ctx, "persistence").Result()
	if err != nil || strings.Contains(info, "aof_enabled:1") {
		return ""
	}
	// Managed services may refuse CONFIG: then only the AOF is known.
	if save, err := rdb.ConfigGet(ctx, "save").Result(); err != nil || strings.TrimSpace(save["save"]) != "" {
		return ""
	}
	return "Redis keeps neither an append-only file nor snapshots (appendonly no, save \"\"): a Redis restart loses the " +
		"cache and the quota ledger. Each replica's journal in DATA_DIR restores the counts, but with several replicas " +
		"live calls then wait for every journal; set appendonly yes"
}
