package watch

import (
	"context"
	"strconv"
	"strings"
)

// Store is what the watchlist needs of L2: small named maps, read whole
// (a Redis hash or a bbolt bucket, implemented in store/redisstore and
// store/boltstore). Watches and news live there, so they survive restarts
// and every replica sees the same ones.
type Store interface {
	HashPut(ctx context.Context, name, field string, value []byte) error
	HashAll(ctx context.Context, name string) (map[string][]byte, error)
	HashDelete(ctx context.Context, name string, fields ...string) (int, error)
}

// The maps' names: "watch" holds field "zip:type:user" → "chat|filter";
// "watchnews" holds the news waiting to be told, until it is sent.
const (
	watchMap = "watch"
	newsMap  = "watchnews"
)

// stored is a watch as the store keeps it: the type and filter as text, so
// a watch this release cannot read is skipped, not lost.
type stored struct {
	User, Chat int64
	ZIP, Type  string
	Filter     string
}

// field is the watch's key in the map: "zip:type:user".
func (w stored) field() string { return w.ZIP + ":" + w.Type + ":" + strconv.FormatInt(w.User, 10) }

// value is what the map keeps under the field: "chat|filter".
func (w stored) value() []byte { return []byte(strconv.FormatInt(w.Chat, 10) + "|" + w.Filter) }

// parseStored reads a field and value back.
func parseStored(field string, value []byte) (stored, bool) {
	parts := strings.Split(field, ":")
	chat, f, ok := strings.Cut(string(value), "|")
	if len(parts) != 3 || !ok {
		return stored{}, false
	}
	user, err1 := strconv.ParseInt(parts[2], 10, 64)
	c, err2 := strconv.ParseInt(chat, 10, 64)
	if err1 != nil || err2 != nil {
		return stored{}, false
	}
	return stored{User: user, Chat: c, ZIP: parts[0], Type: parts[1], Filter: f}, true
}

// matches says whether field is user's watch of zip (and typ, if set).
func matches(field string, user int64, zip, typ string) bool {
	parts := strings.Split(field, ":")
	return len(parts) == 3 && parts[0] == zip && (typ == "" || parts[1] == typ) && parts[2] == strconv.FormatInt(user, 10)
}
