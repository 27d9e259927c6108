package store

import (
	"context"
	"time"

	"realtybot/cache"
)

// Backend is everything both backends implement: what app chooses once and
// storetest hands to tests. Users never take it whole.
type Backend interface {
	cache.Entries
	cache.Index

	// Leases and claims, shared by replicas to act once.
	Lease(ctx context.Context, key string, ttl time.Duration) (release func(), ok bool, err error)
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Unclaim(ctx context.Context, key string) error

	// Counts per UTC day, shared by replicas: the agents' demand per cache
	// key, the answers by tier and source.
	AddTally(ctx context.Context, name, day string, counts map[string]int64) error
	Tally(ctx context.Context, name string, days []string) (map[string]int64, error)

	// The Telegram inbox.
	InboxAdd(ctx context.Context, owner string, id int64, body []byte) (bool, error)
	InboxClaim(ctx context.Context, owner string, mine bool, idle time.Duration, limit int) ([]InboxItem, error)
	InboxTouch(ctx context.Context, ids []int64) error
	InboxDone(ctx context.Context, id int64) error

	// Small named maps, read whole (watches, their news, people's names).
	HashPut(ctx context.Context, name, field string, value []byte) error
	HashAll(ctx context.Context, name string) (map[string][]byte, error)
	HashDelete(ctx context.Context, name string, fields ...string) (int, error)

	Ping(ctx context.Context) error
	Close() error
}

// InboxItem is an update taken in and not yet answered (bot.InboxItem).
type InboxItem struct {
	ID   int64
	Body []byte // the update's JSON
}

// InboxSeenFor is how long an update id is remembered after it was taken
// in: longer than Telegram keeps an update (24 h) or retries a webhook.
const InboxSeenFor = 48 * time.Hour

// TallyKeptFor keeps a day's counts long enough for a weekly look back.
const TallyKeptFor = 15 * 24 * time.Hour
