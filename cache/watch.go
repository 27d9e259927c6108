package cache

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// Watchlist keeps the agents' watches in L2, so they survive restarts and
// every replica sees the same ones.
type Watchlist interface {
	// PutWatch adds w, or replaces the watch of the same user, ZIP and type.
	PutWatch(ctx context.Context, w Watch) error
	// DeleteWatch removes user's watch of zip and typ, or of every type of
	// zip when typ is empty, and says how many it removed.
	DeleteWatch(ctx context.Context, user int64, zip, typ string) (int, error)
	// Watches lists every watch.
	Watches(ctx context.Context) ([]Watch, error)

	// News waiting to be told to watchers, kept until sent so that a
	// restart or another replica sends it: PutNews keeps body under field,
	// AllNews reads every one, DeleteNews drops the sent ones.
	PutNews(ctx context.Context, field string, body []byte) error
	AllNews(ctx context.Context) (map[string][]byte, error)
	DeleteNews(ctx context.Context, fields ...string) error
}

// Watch is an agent following a ZIP: Chat gets the notifications, Filter
// (market/filter's encoding) narrows what counts.
type Watch struct {
	User, Chat int64
	ZIP, Type  string
	Filter     string
}

// field is the watch's key in the store: "zip:type:user".
func (w Watch) field() string {
	return w.ZIP + ":" + w.Type + ":" + strconv.FormatInt(w.User, 10)
}

// value is what the store keeps under the field: "chat|filter".
func (w Watch) value() string { return strconv.FormatInt(w.Chat, 10) + "|" + w.Filter }

var errBadWatch = errors.New("cache: unreadable watch")

// parseWatch reads a field and value back.
func parseWatch(field, value string) (Watch, error) {
	parts := strings.Split(field, ":")
	chat, filter, ok := strings.Cut(value, "|")
	if len(parts) != 3 || !ok {
		return Watch{}, errBadWatch
	}
	user, err1 := strconv.ParseInt(parts[2], 10, 64)
	c, err2 := strconv.ParseInt(chat, 10, 64)
	if err1 != nil || err2 != nil {
		return Watch{}, errBadWatch
	}
	return Watch{User: user, Chat: c, ZIP: parts[0], Type: parts[1], Filter: filter}, nil
}

// matchesDelete says whether field is user's watch of zip (and typ, if set).
func matchesDelete(field string, user int64, zip, typ string) bool {
	parts := strings.Split(field, ":")
	return len(parts) == 3 && parts[0] == zip && (typ == "" || parts[1] == typ) && parts[2] == strconv.FormatInt(user, 10)
}
