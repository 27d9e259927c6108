package quota

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The ledger on Redis: each operation is one Lua script over keys that share
// the {quota} hash tag (one Cluster slot).

type redisCounters struct{ rdb redis.UniversalClient }

// InRedis keeps the ledger in Redis (a single server, Sentinel or Cluster).
func InRedis(rdb redis.UniversalClient) Counters { return &redisCounters{rdb: rdb} }

// reserve: KEYS day, month, cooldown, epoch, hold, replicas, gen[, agent];
// ARGV daily, monthly, agent daily, day TTL, month TTL, now (ms), epoch,
// replica, then the floor: day, month, gen, reservations (see floor), then
// the units to reserve. A
// store whose count of today's reservations is below the floor's went back
// in time: it is raised to the floor first, in the same step.
var reserve = redis.NewScript(`
if ARGV[7] ~= '' then
  local e = redis.call('GET', KEYS[4])
  if not e then return {5, 0, 0, 0, 0, 0} end
  if e ~= ARGV[7] then return {6, 0, 0, 0, 0, 0} end
end
if redis.call('EXISTS', KEYS[5]) == 1 then return {7, 0, 0, 0, 0, 0} end
local cool = tonumber(redis.call('GET', KEYS[3]) or '0')
if cool > tonumber(ARGV[6]) then return {4, cool, 0, 0, 0, 0} end
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local month = tonumber(redis.call('GET', KEYS[2]) or '0')
local gen = tonumber(redis.call('GET', KEYS[7]) or '0')
local fgen, freserved = tonumber(ARGV[11]), tonumber(ARGV[12])
if fgen >= gen and freserved > tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0') then
  used = math.max(used, tonumber(ARGV[9]))
  month = math.max(month, tonumber(ARGV[10]), used)
  redis.call('HSET', KEYS[1], 'used', used, 'reserved', freserved)
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  redis.call('SET', KEYS[2], month, 'EX', ARGV[5])
  if fgen > gen then
    gen = fgen
    redis.call('SET', KEYS[7], ARGV[11])
  end
end
local n = tonumber(ARGV[13])
if used + n > tonumber(ARGV[1]) then return {1, used, 0, 0, gen, 0} end
if month + n > tonumber(ARGV[2]) then return {2, used, month, 0, gen, 0} end
if KEYS[8] then
  local a = tonumber(redis.call('GET', KEYS[8]) or '0')
  if a >= tonumber(ARGV[3]) then return {3, used, month, 0, gen, 0} end
  redis.call('INCR', KEYS[8])
  redis.call('EXPIRE', KEYS[8], ARGV[4])
end
redis.call('HINCRBY', KEYS[1], 'used', n)
local reserved = redis.call('HINCRBY', KEYS[1], 'reserved', n)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('INCRBY', KEYS[2], n)
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', tonumber(ARGV[6]) - 172800000)
return {0, used + n, month + n, redis.call('ZCARD', KEYS[6]), gen, reserved}`)

// settle: the keys of reserve; ARGV units given back (negative: counted
// more), then "1" to give the agent's call back.
var settle = redis.NewScript(`
local back = tonumber(ARGV[1])
if back < 0 then
  redis.call('HINCRBY', KEYS[1], 'used', -back)
  redis.call('HINCRBY', KEYS[1], 'reserved', -back)
  redis.call('INCRBY', KEYS[2], -back)
else
  local d = math.min(back, tonumber(redis.call('HGET', KEYS[1], 'used') or '0'))
  if d > 0 then
    redis.call('HINCRBY', KEYS[1], 'used', -d)
    redis.call('HINCRBY', KEYS[1], 'released', d)
  end
  local m = math.min(back, tonumber(redis.call('GET', KEYS[2]) or '0'))
  if m > 0 then redis.call('DECRBY', KEYS[2], m) end
end
if ARGV[2] == '1' and KEYS[8] and tonumber(redis.call('GET', KEYS[8]) or '0') > 0 then redis.call('DECR', KEYS[8]) end
return 0`)

// list is the keys of the scripts.
func (k ledgerKeys) list() []string {
	keys := []string{k.day, k.month, k.cooldown, k.epoch, k.hold, k.replicas, k.gen}
	if k.agent != "" {
		keys = append(keys, k.agent)
	}
	return keys
}

var setCooldown = redis.NewScript(`
if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0`)

func (s *redisCounters) cooldown(ctx context.Context, k ledgerKeys, until time.Time, ttl time.Duration) error {
	return setCooldown.Run(ctx, s.rdb, []string{k.cooldown}, until.UnixMilli(), max(ttl.Milliseconds(), 1)).Err()
}

func (s *redisCounters) reserve(ctx context.Context, k ledgerKeys, l Limits, epoch string, f floor, n int64) (reservation, error) {
	v, err := reserve.Run(ctx, s.rdb, k.list(), l.Daily, l.Monthly, l.AgentDaily,
		int64(k.dayTTL.Seconds()), int64(k.monthTTL.Seconds()), k.now.UnixMilli(), epoch, k.replica, f.day, f.month, f.gen, f.reserved, n).Int64Slice()
	if err != nil {
		return reservation{}, err
	}
	if len(v) != 6 {
		return reservation{}, fmt.Errorf("quota: the reserve script answered %v", v)
	}
	if r := refusal(v[0]); r == refusedCooldown { // the script answers the cooldown's end in the day's place
		return reservation{r: r, coolUntil: v[1]}, nil
	}
	return reservation{r: refusal(v[0]), day: v[1], month: v[2], replicas: v[3], gen: v[4], reserved: v[5]}, nil
}

func (s *redisCounters) settle(ctx context.Context, k ledgerKeys, back int64, agent bool) error {
	flag := "0"
	if agent {
		flag = "1"
	}
	return settle.Run(ctx, s.rdb, k.list(), back, flag).Err()
}

func (s *redisCounters) usage(ctx context.Context, k ledgerKeys) (Usage, error) {
	pipe := s.rdb.Pipeline()
	day := pipe.HMGet(ctx, k.day, "used", "reserved", "released")
	month := pipe.Get(ctx, k.month)
	hold := pipe.Get(ctx, k.hold)
	change := pipe.Get(ctx, k.change)
	cool := pipe.Get(ctx, k.cooldown)
	// Reading the ledger is this replica's heartbeat: the journal learns how
	// many replicas are spending before a loss needs it.
	pipe.ZAdd(ctx, k.replicas, redis.Z{Score: float64(k.now.UnixMilli()), Member: k.replica})
	pipe.ZRemRangeByScore(ctx, k.replicas, "-inf", strconv.FormatInt(k.now.Add(-48*time.Hour).UnixMilli(), 10))
	replicas := pipe.ZRange(ctx, k.replicas, 0, -1)
	var agent *redis.StringCmd
	if k.agent != "" {
		agent = pipe.Get(ctx, k.agent)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return Usage{}, err
	}
	var u Usage
	vals := day.Val()
	for i, dst := range []*int64{&u.Today, &u.Reserved, &u.Released} {
		if i < len(vals) {
			if s, ok := vals[i].(string); ok {
				*dst, _ = strconv.ParseInt(s, 10, 64)
			}
		}
	}
	u.ThisMonth, _ = month.Int64()
	u.HoldInfo, u.ReplicaIDs = decodeHold([]byte(hold.Val())), replicas.Val()
	u.Replicas = int64(len(u.ReplicaIDs))
	u.LastChange = decodeChange([]byte(change.Val()))
	if ms, err := cool.Int64(); err == nil && ms > k.now.UnixMilli() {
		u.CooldownUntil = time.UnixMilli(ms).UTC()
	}
	if agent != nil {
		u.Agent, _ = agent.Int64()
	}
	return u, nil
}

var penalize = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 172800)
local total = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 172800)
local wait = tonumber(ARGV[2])
if n > 1 then wait = tonumber(ARGV[3]) end
local untilMs = tonumber(ARGV[1]) + wait
redis.call('SET', KEYS[2], untilMs, 'PX', math.max(wait, 1))
return {untilMs, total}`)

func (s *redisCounters) penalty(ctx context.Context, k ledgerKeys, id string) (int64, error) {
	n, err := s.rdb.Get(ctx, k.badUntil(id)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, err
}

func (s *redisCounters) penalize(ctx context.Context, k ledgerKeys, id string, first, later time.Duration) (int64, int64, error) {
	v, err := penalize.Run(ctx, s.rdb, []string{k.badCount(id), k.badUntil(id), k.badDay()},
		k.now.UnixMilli(), first.Milliseconds(), later.Milliseconds()).Int64Slice()
	if err != nil || len(v) != 2 {
		return 0, 0, fmt.Errorf("cache: recording an unusable answer: %v %v", v, err)
	}
	return v[0], v[1], nil
}

var epochOf = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return {ARGV[1], 1} end
return {redis.call('GET', KEYS[1]), 0}`)

func (s *redisCounters) epochOf(ctx context.Context, k ledgerKeys, id string) (string, bool, error) {
	v, err := epochOf.Run(ctx, s.rdb, []string{k.epoch}, id).Slice()
	if err != nil || len(v) != 2 {
		return "", false, fmt.Errorf("cache: the epoch script answered %v: %v", v, err)
	}
	cur, _ := v[0].(string)
	created, _ := v[1].(int64)
	return cur, created == 1, nil
}

var restore = redis.NewScript(`
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
if tonumber(ARGV[1]) > used then
  redis.call('HSET', KEYS[1], 'used', ARGV[1])
  if tonumber(ARGV[1]) > tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0') then
    redis.call('HSET', KEYS[1], 'reserved', ARGV[1])
  end
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
if tonumber(ARGV[2]) > tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[4])
end
if ARGV[5] ~= '' then redis.call('SET', KEYS[3], ARGV[5]) end
return 0`)

func (s *redisCounters) restore(ctx context.Context, k ledgerKeys, day, month int64, hold *Hold) error {
	raw := ""
	if hold != nil {
		raw = string(hold.encode())
	}
	return restore.Run(ctx, s.rdb, []string{k.day, k.month, k.hold}, day, month,
		int64(k.dayTTL.Seconds()), int64(k.monthTTL.Seconds()), raw).Err()
}

// updateHold reads and rewrites the hold under WATCH, again if another
// replica changed it meanwhile.
func (s *redisCounters) updateHold(ctx context.Context, k ledgerKeys, fn func(*Hold) *Hold) error {
	for range 20 {
		err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			raw, err := tx.Get(ctx, k.hold).Bytes()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			h := fn(decodeHold(raw))
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				if h == nil {
					p.Del(ctx, k.hold)
				} else {
					p.Set(ctx, k.hold, h.encode(), 0)
				}
				return nil
			})
			return err
		}, k.hold)
		if !errors.Is(err, redis.TxFailedErr) {
			return err
		}
	}
	return errors.New("quota: the hold kept changing")
}

// adjust: KEYS day, month, hold, gen; ARGV day, month (-1: keep), day TTL,
// month TTL, gen (> 0: lower to exactly day and month, in generation gen).
var adjust = redis.NewScript(`
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local month = tonumber(redis.call('GET', KEYS[2]) or '0')
local nd, nm = tonumber(ARGV[1]), tonumber(ARGV[2])
if tonumber(ARGV[5]) == 0 then
  nd = math.max(used, nd)
  nm = math.max(month, nm, nd)
else
  redis.call('SET', KEYS[4], ARGV[5])
end
redis.call('HSET', KEYS[1], 'used', nd)
if nd > tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0') then redis.call('HSET', KEYS[1], 'reserved', nd) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], nm, 'EX', ARGV[4])
local lifted = redis.call('DEL', KEYS[3])
return {used, month, nd, nm, lifted}`)

func (s *redisCounters) adjust(ctx context.Context, k ledgerKeys, a adjustment) (counts, counts, bool, error) {
	v, err := adjust.Run(ctx, s.rdb, []string{k.day, k.month, k.hold, k.gen}, a.day, a.month,
		int64(k.dayTTL.Seconds()), int64(k.monthTTL.Seconds()), a.gen).Int64Slice()
	if err != nil {
		return counts{}, counts{}, false, err
	}
	if len(v) != 5 {
		return counts{}, counts{}, false, fmt.Errorf("quota: the adjust script answered %v", v)
	}
	return counts{v[0], v[1]}, counts{v[2], v[3]}, v[4] == 1, nil
}

func (s *redisCounters) setChange(ctx context.Context, k ledgerKeys, raw []byte) error {
	return s.rdb.Set(ctx, k.change, raw, 0).Err()
}

// safety refuses an evicting maxmemory-policy: any policy but noeviction may
// drop the ledger's keys and hand out a fresh budget. It reads INFO memory,
// which managed services allow where CONFIG GET is renamed.
func (s *redisCounters) safety(ctx context.Context) error {
	return PolicySafety(ctx, s.rdb)
}

// errEvicting marks a store whose eviction policy may drop the ledger.
var errEvicting = errors.New("the store may evict keys")

// PolicySafety says why a Redis may evict the ledger's keys (its
// maxmemory-policy), nil when it may not.
func PolicySafety(ctx context.Context, rdb redis.UniversalClient) error {
	info, err := rdb.Info(ctx, "memory").Result()
	if err != nil {
		return fmt.Errorf("reading INFO memory: %w", err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "maxmemory_policy:"); ok && v != "noeviction" {
			return fmt.Errorf("%w: Redis maxmemory-policy is %s, which may evict the quota ledger and grant a new budget; "+
				"set maxmemory-policy noeviction (and appendonly yes, so a restart keeps the ledger)", errEvicting, v)
		}
	}
	return nil
}

// clock is the Redis server's time: one clock for the day and the month
// whatever the replicas' clocks say.
func (s *redisCounters) clock(ctx context.Context) (time.Time, error) {
	return s.rdb.Time(ctx).Result()
}

func (s *redisCounters) days(ctx context.Context, dayKeys []string) ([]int64, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(dayKeys))
	for i, k := range dayKeys {
		cmds[i] = pipe.HGet(ctx, k, "used")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	out := make([]int64, len(dayKeys))
	for i, c := range cmds {
		out[i], _ = c.Int64()
	}
	return out, nil
}
