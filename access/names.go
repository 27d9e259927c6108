package access

import (
	"context"
	"strconv"
)

// Hashes is what Names needs of L2: small named maps, read whole
// (store/redisstore, store/boltstore).
type Hashes interface {
	HashPut(ctx context.Context, name, field string, value []byte) error
	HashAll(ctx context.Context, name string) (map[string][]byte, error)
}

// namesMap is the map of user id -> name (rb:v1:names on Redis, the bucket
// "names" in the embedded file).
const namesMap = "names"

// Names keeps the names people go by on Telegram (first name and
// @username, as their last update carried them) in L2, so /usage can say
// who spent what. It is small (the people with access) and read whole.
type Names struct{ s Hashes }

// NewNames keeps names in s.
func NewNames(s Hashes) *Names { return &Names{s: s} }

// PutName records the name user goes by.
func (n *Names) PutName(ctx context.Context, user int64, name string) error {
	return n.s.HashPut(ctx, namesMap, strconv.FormatInt(user, 10), []byte(name))
}

// Names returns every recorded name.
func (n *Names) Names(ctx context.Context) (map[int64]string, error) {
	m, err := n.s.HashAll(ctx, namesMap)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(m))
	for k, v := range m {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			out[id] = string(v)
		}
	}
	return out, nil
}
