// Package cache is realtybot's two-tier cache: L1 is ristretto in memory, L2
// is whatever implements the small Entries interface it declares (Redis,
// shared by replicas, or an embedded bbolt file on one node: store/redisstore
// and store/boltstore). Entries carry their freshness in a small header, so
// the storage TTL can outlive freshness and stale data stays available when
// the quota is spent. The package also holds the market-type index, the
// invalidation bus between replicas' L1s, cleanup and statistics.
package cache
