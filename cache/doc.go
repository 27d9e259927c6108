// Package cache is realtybot's two-tier cache: L1 is ristretto in memory, L2
// is Redis (shared by replicas) or an embedded bbolt file (one node). Entries
// carry their freshness in a small header, so the storage TTL can outlive
// freshness and stale data stays available when the quota is spent. The
// package also holds the quota ledger, which lives in L2 so restarts and
// replicas never reset it, the guide's indexes, cleanup and statistics.
package cache
