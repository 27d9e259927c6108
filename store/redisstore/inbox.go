package redisstore

import (
	"context"
	"fmt"
	"realtybot/store"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The inbox on Redis: a hash of bodies, a sorted set of claim times and a
// hash of owners, plus a key per seen id; all under the {inbox} hash tag.

func (s *Store) inboxKeys(id int64) []string {
	p := s.ns + "{inbox}:"
	return []string{p + "seen:" + strconv.FormatInt(id, 10), p + "items", p + "claims", p + "owners"}
}

var inboxAdd = redis.NewScript(`
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[4]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[5])
return 1`)

// InboxAdd implements Inbox.
func (s *Store) InboxAdd(ctx context.Context, owner string, id int64, body []byte) (bool, error) {
	n, err := inboxAdd.Run(ctx, s.rdb, s.inboxKeys(id), id, body, s.clk.Now().UnixMilli(), int64(store.InboxSeenFor.Seconds()), owner).Int()
	return n == 1, err
}

var inboxClaim = redis.NewScript(`
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if #out >= 2 * tonumber(ARGV[4]) then break end
  local owner = redis.call('HGET', KEYS[4], id)
  local t = tonumber(redis.call('ZSCORE', KEYS[3], id))
  if (ARGV[5] == '1' and owner == ARGV[1]) or t <= tonumber(ARGV[2]) - tonumber(ARGV[3]) then
    local body = redis.call('HGET', KEYS[2], id)
    if body then
      redis.call('ZADD', KEYS[3], ARGV[2], id)
      redis.call('HSET', KEYS[4], id, ARGV[1])
      table.insert(out, id)
      table.insert(out, body)
    else
      redis.call('ZREM', KEYS[3], id)
      redis.call('HDEL', KEYS[4], id)
    end
  end
end
return out`)

// InboxClaim implements Inbox.
func (s *Store) InboxClaim(ctx context.Context, owner string, mine bool, idle time.Duration, limit int) ([]store.InboxItem, error) {
	flag := "0"
	if mine {
		flag = "1"
	}
	v, err := inboxClaim.Run(ctx, s.rdb, s.inboxKeys(0), owner, s.clk.Now().UnixMilli(), idle.Milliseconds(), limit, flag).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("cache: claiming inbox updates: %w", err)
	}
	var out []store.InboxItem
	for i := 0; i+1 < len(v); i += 2 {
		id, err := strconv.ParseInt(v[i], 10, 64)
		if err == nil {
			out = append(out, store.InboxItem{ID: id, Body: []byte(v[i+1])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// InboxTouch implements Inbox.
func (s *Store) InboxTouch(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	now := float64(s.clk.Now().UnixMilli())
	zs := make([]redis.Z, len(ids))
	for i, id := range ids {
		zs[i] = redis.Z{Score: now, Member: id}
	}
	return s.rdb.ZAddXX(ctx, s.inboxKeys(0)[2], zs...).Err()
}

// InboxDone implements Inbox.
func (s *Store) InboxDone(ctx context.Context, id int64) error {
	k := s.inboxKeys(id)
	pipe := s.rdb.TxPipeline()
	pipe.HDel(ctx, k[1], strconv.FormatInt(id, 10))
	pipe.ZRem(ctx, k[2], id)
	pipe.HDel(ctx, k[3], strconv.FormatInt(id, 10))
	_, err := pipe.Exec(ctx)
	return err
}
