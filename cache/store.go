package cache

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Errors of the cache and its stores (store/redisstore, store/boltstore).
var (
	ErrNotFound = errors.New("cache: not found")
	// ErrCorrupt marks an entry that could not be decoded (garbage or an old
	// schema). It is counted and logged; callers treat it as a miss.
	ErrCorrupt = errors.New("cache: corrupt entry")
)

// Kind is a cache type, the scope of the delete lock ([delete-pessimistic]).
type Kind string

// The cache types.
const (
	KindListing Kind = "listing" // {zip}_{type}
	KindMarket  Kind = "market"  // {zip}_market
	KindMock    Kind = "mock"    // {zip}_mock_{type}
	KindRecord  Kind = "record"  // prop_{id}
)

// Kinds lists every cache type.
var Kinds = []Kind{KindListing, KindMarket, KindMock, KindRecord}

// Entries are the cached values. Values start with the 48-byte header of
// header.go, which stores read for version checks and expiry without
// decoding the rest.
type Entries interface {
	// Get returns the raw value or ErrNotFound. The value may share memory
	// with the store's reply: callers read it, never write to it.
	Get(ctx context.Context, kind Kind, key string) ([]byte, error)
	// SetIfNewer writes val unless the stored entry has the same or a newer
	// version (optimistic write: an older fetch never overwrites a newer one).
	SetIfNewer(ctx context.Context, kind Kind, key string, val []byte, ttl time.Duration) (bool, error)
	// Delete removes keys (used by cleanup and /refresh).
	Delete(ctx context.Context, kind Kind, keys ...string) error
	// Lock takes the per-kind lock that deletes and cleanups hold; the
	// returned func releases it.
	Lock(ctx context.Context, kind Kind, ttl time.Duration) (func(), error)
	// Scan calls fn for every entry of kind with its header (the maintenance
	// index: last updated + TTL); fn returns false to stop.
	Scan(ctx context.Context, kind Kind, fn func(key string, h Header, ok bool) bool) error
	// Counts returns the health numbers from counts kept as entries change,
	// at a cost that does not grow with the entries (Inspect scans).
	Counts(ctx context.Context, now time.Time) (Health, error)
	// Expire removes the entries of kind whose storage window ended before
	// now, found without a scan, and returns their keys.
	Expire(ctx context.Context, kind Kind, now time.Time) ([]string, error)
	// SetCorrupt records how many unreadable entries of kind a full scan
	// found (Counts reports it).
	SetCorrupt(ctx context.Context, kind Kind, n int) error
}

// Index is the secondary index: market type + price.
type Index interface {
	IndexPut(ctx context.Context, entries []IndexEntry) error
	IndexQuery(ctx context.Context, market string, maxPrice int64, limit int) ([]string, error)
	IndexRemove(ctx context.Context, market string, ids ...string) error
	IndexScan(ctx context.Context, fn func(market, id string) bool) error
}

// IndexEntry places a record in the secondary index.
type IndexEntry struct {
	Market string
	Price  int64
	ID     string
}

// IsFull reports whether err is Redis refusing a write because it reached
// maxmemory (under noeviction, the only policy the ledger accepts). It reads
// go-redis's error interface without importing the client.
func IsFull(err error) bool {
	var rerr interface {
		error
		RedisError()
	}
	return errors.As(err, &rerr) && strings.HasPrefix(rerr.Error(), "OOM ")
}
