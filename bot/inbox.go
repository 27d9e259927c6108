package bot

import (
	"context"
	"time"

	"realtybot/store"
)

// InboxItem is an update taken in and not yet answered: its id and JSON.
type InboxItem = store.InboxItem

// Inbox keeps Telegram updates from the moment they are taken in (before
// Telegram is told so) until they are answered, in L2 (store/redisstore or
// store/boltstore): a process that stops or dies leaves its updates for the
// next one, and an update delivered twice is taken once.
type Inbox interface {
	// InboxAdd keeps an update for owner, unless its id was taken in the last
	// store.InboxSeenFor: then added is false (a duplicate delivery).
	InboxAdd(ctx context.Context, owner string, id int64, body []byte) (added bool, err error)
	// InboxClaim returns up to limit unanswered updates, oldest first, that
	// are owner's own (when mine) or whose owner has not touched them for
	// idle, and makes owner their owner.
	InboxClaim(ctx context.Context, owner string, mine bool, idle time.Duration, limit int) ([]InboxItem, error)
	// InboxTouch renews owner's claim on updates it is still working on.
	InboxTouch(ctx context.Context, ids []int64) error
	// InboxDone forgets an answered update (its id stays seen).
	InboxDone(ctx context.Context, id int64) error
}
