// Package market is realtybot's domain: market types and their freshness
// (TTL) policy, the partitions ([partition-hot] ...), classification from sales trends,
// multipliers, the denormalized property record with its analysis and score,
// and Service, which answers searches through the cache, spends live ATTOM
// calls only where the policy allows, and falls back to stale data and then to
// clearly labelled estimates.
package market
