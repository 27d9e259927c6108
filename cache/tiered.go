package cache

import (
	"context"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dgraph-io/ristretto/v2"

	"realtybot/clock"
	"realtybot/retry"
)

// discard absorbs the counts of Peek, whose lookups repeat or accompany an
// agent's Get that was counted already.
var discard Stats

// Item is a cached value with its freshness.
type Item[V any] struct {
	Value      V
	Source     string // "attom" or "mock"
	FetchedAt  time.Time
	FreshUntil time.Time
	StaleUntil time.Time // storage window: past it the entry is gone
}

// Fresh reports whether the item is within its freshness window.
func (it *Item[V]) Fresh(now time.Time) bool { return now.Before(it.FreshUntil) }

// Expired reports whether the item is past its storage window.
func (it *Item[V]) Expired(now time.Time) bool { return !now.Before(it.StaleUntil) }

// Tier says where a hit came from.
type Tier int

// Tiers.
const (
	TierNone Tier = iota
	TierL1
	TierL2
)

func (t Tier) String() string { return [...]string{"none", "L1", "L2"}[t] }

// Tiered is one kind of value in the two tiers. Reads take no lock; writes are
// optimistic (version = fetch time, checked in L2, retried with backoff).
type Tiered[V any] struct {
	kind  Kind
	ns    string
	l1    *ristretto.Cache[string, l1Entry[V]]
	l2    Entries
	codec Codec
	stats *Stats
	now   func() time.Time
	log   *slog.Logger
	l1TTL time.Duration
	bus   *Bus
	keys  l2Keys
}

// Options configure a Tiered cache.
type Options struct {
	Namespace  string        // key prefix, e.g. "rb:v1:"
	MaxEntries int64         // L1 capacity in entries
	L1TTL      time.Duration // cap on how long L1 keeps an entry (backstop for invalidation)
	Codec      Codec         // default Msgpack
	Stats      *Stats        // shared counters; default a new one
	Now        func() time.Time
	Logger     *slog.Logger
	Bus        *Bus // L1 invalidations between replicas; nil: none
}

// NewTiered builds a cache of kind over the L2 store.
func NewTiered[V any](kind Kind, l2 Entries, o Options) (*Tiered[V], error) {
	if o.MaxEntries <= 0 {
		o.MaxEntries = 10_000
	}
	l1, err := ristretto.NewCache(&ristretto.Config[string, l1Entry[V]]{
		NumCounters:        o.MaxEntries * 10,
		MaxCost:            o.MaxEntries,
		BufferItems:        64,
		IgnoreInternalCost: true, // cost 1 per entry: MaxCost counts entries
	})
	if err != nil {
		return nil, fmt.Errorf("cache: building L1: %w", err)
	}
	t := &Tiered[V]{kind: kind, ns: o.Namespace, l1: l1, l2: l2, codec: o.Codec, stats: o.Stats,
		now: o.Now, log: o.Logger, l1TTL: o.L1TTL, bus: o.Bus}
	o.Bus.register(kind, t.Forget)
	if t.codec == nil {
		t.codec = defaultCodec[V]()
	}
	if t.stats == nil {
		t.stats = &Stats{}
	}
	if t.now == nil {
		t.now = clock.Real.Now
	}
	if t.log == nil {
		t.log = slog.New(slog.DiscardHandler)
	}
	if t.l1TTL <= 0 {
		t.l1TTL = time.Hour
	}
	return t, nil
}

// L1Len is how many entries the in-memory tier holds (each costs 1, so the
// cost used is the count); at most Options.MaxEntries.
func (t *Tiered[V]) L1Len() int64 { return t.l1.MaxCost() - t.l1.RemainingCost() }

// Key returns the L2 key of a cache key.
func (t *Tiered[V]) Key(key string) string { return t.keys.of(t.ns, key) }

// GetCounted returns the item for key from L1, else L2 (filling L1), and
// counts the outcome in the hit-rate stats: for an agent's request. A stale
// item is returned too: the caller decides whether to serve it. A miss
// returns ErrNotFound; an undecodable entry returns ErrCorrupt; an
// unreachable L2 returns its error.
func (t *Tiered[V]) GetCounted(ctx context.Context, key string) (*Item[V], Tier, error) {
	return t.get(ctx, key, t.stats)
}

// GetUncounted is GetCounted without counting: for the service's own
// lookups (the market type of a ZIP, a re-check inside a load) that are not
// agents' requests.
func (t *Tiered[V]) GetUncounted(ctx context.Context, key string) (*Item[V], Tier, error) {
	return t.get(ctx, key, &discard)
}

func (t *Tiered[V]) get(ctx context.Context, key string, st *Stats) (*Item[V], Tier, error) {
	now := clock.At(ctx, t.now) // the request's instant, when it carries one
	if e, ok := t.l1.Get(key); ok && now.Before(e.until) {
		st.L1Hits.Add(1)
		if !e.it.Fresh(now) {
			st.StaleHits.Add(1)
		}
		return e.it, TierL1, nil
	}
	return t.getL2(ctx, key, t.Key(key), now, st, true)
}

// Peek reads key from L1, else L2, without counting and without putting
// it in L1: for maintenance reading the whole store, whose reads are not
// requests and must not fill the memory tier with every entry.
func (t *Tiered[V]) Peek(ctx context.Context, key string) (*Item[V], error) {
	now := clock.At(ctx, t.now)
	if e, ok := t.l1.Get(key); ok && now.Before(e.until) {
		return e.it, nil
	}
	it, _, err := t.getL2(ctx, key, t.ns+key, now, &discard, false) // not remembered: a sweep's keys would crowd out the requests'
	return it, err
}

// getL2 reads, decodes and checks the L2 entry l2key (key's name in L2),
// and fills L1 with it when fill says so.
func (t *Tiered[V]) getL2(ctx context.Context, key, l2key string, now time.Time, st *Stats, fill bool) (*Item[V], Tier, error) {
	raw, err := t.l2.Get(ctx, t.kind, l2key)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			st.L2Errors.Add(1)
			err = fmt.Errorf("cache: reading %s from L2: %w", key, err)
		}
		st.Misses.Add(1)
		return nil, TierNone, err
	}
	it, err := t.decode(raw)
	if err != nil {
		st.Corrupt.Add(1)
		st.Misses.Add(1)
		t.log.Warn("cache: unreadable entry treated as a miss", "key", key, "err", err)
		return nil, TierNone, fmt.Errorf("%w: %s: %w", ErrCorrupt, key, err)
	}
	if it.Expired(now) {
		st.Misses.Add(1)
		return nil, TierNone, ErrNotFound
	}
	st.L2Hits.Add(1)
	if !it.Fresh(now) {
		st.StaleHits.Add(1)
	}
	if fill {
		t.fillL1(key, it, now)
	}
	return it, TierL2, nil
}

// l1Entry is an item in L1 with the end of its stay there: its storage
// window, capped by the L1 TTL (the backstop for a lost invalidation). The
// tier judges it on its own clock, with the one clock read of the lookup;
// ristretto keeps no TTL of its own, so a hit reads no clock twice.
type l1Entry[V any] struct {
	it    *Item[V]
	until time.Time
}

func (t *Tiered[V]) fillL1(key string, it *Item[V], now time.Time) {
	until := now.Add(t.l1TTL)
	if it.StaleUntil.Before(until) {
		until = it.StaleUntil
	}
	if !until.After(now) {
		return
	}
	if !t.l1.Set(key, l1Entry[V]{it: it, until: until}, 1) {
		t.stats.L1Dropped.Add(1)
	}
}

// Set writes through L2 then L1. It returns false when L2 holds a newer
// version (the write lost an optimistic race and changed nothing). When L2 is
// unreachable the item still goes to L1 and the error is returned.
func (t *Tiered[V]) Set(ctx context.Context, key string, it *Item[V]) (bool, error) {
	raw, err := t.encode(it)
	if err != nil {
		return false, fmt.Errorf("cache: encoding %s: %w", key, err)
	}
	now := t.now()
	ttl := it.StaleUntil.Sub(now)
	var written bool
	err = retry.Do(ctx, 3, clock.Pause, func(n int) (time.Duration, error) {
		var err error
		written, err = t.l2.SetIfNewer(ctx, t.kind, t.Key(key), raw, ttl)
		return retry.Backoff(20*time.Millisecond, 0, n), err
	})
	if err != nil {
		t.stats.L2Errors.Add(1)
		t.fillL1(key, it, now)
		return false, fmt.Errorf("cache: writing %s to L2: %w", key, err)
	}
	if written {
		t.fillL1(key, it, now)
		t.bus.publish(ctx, t.kind, key)
	} else {
		t.l1.Del(key) // L2 has a newer value; let the next read take it
	}
	return written, nil
}

// ReadL2 reads key from L2 whatever L1 holds, without counting, and puts
// what it finds in L1: for a replica waiting on another's fetch.
func (t *Tiered[V]) ReadL2(ctx context.Context, key string) (*Item[V], Tier, error) {
	return t.getL2(ctx, key, t.Key(key), t.now(), &discard, true)
}

// Forget drops key from L1 only (an invalidation from another replica).
func (t *Tiered[V]) Forget(key string) { t.l1.Del(key) }

// Delete removes key from both tiers, under the kind's lock.
func (t *Tiered[V]) Delete(ctx context.Context, key string) error {
	unlock, err := t.l2.Lock(ctx, t.kind, 10*time.Second)
	if err != nil {
		return err
	}
	defer unlock()
	t.l1.Del(key)
	err = t.l2.Delete(ctx, t.kind, t.Key(key))
	t.bus.publish(ctx, t.kind, key)
	return err
}

// Wait blocks until pending L1 writes are applied (ristretto buffers them);
// tests and benchmarks use it before reading what they wrote.
func (t *Tiered[V]) Wait() { t.l1.Wait() }

// Close releases L1.
func (t *Tiered[V]) Close() { t.l1.Close() }

// An L2 value is the header, then the schema version and source, then the
// value in the codec.
func (t *Tiered[V]) encode(it *Item[V]) ([]byte, error) {
	h := Header{FetchedAt: it.FetchedAt, FreshUntil: it.FreshUntil, StaleUntil: it.StaleUntil}
	b := binary.AppendUvarint(h.AppendTo(make([]byte, 0, 512)), SchemaVersion)
	b = AppendString(b, it.Source)
	v, err := t.codec.Marshal(it.Value)
	if err != nil {
		return nil, err
	}
	return append(b, v...), nil
}

func (t *Tiered[V]) decode(raw []byte) (*Item[V], error) {
	h, ok := ParseHeader(raw)
	if !ok {
		return nil, errors.New("no valid header")
	}
	rest := raw[HeaderLen:]
	schema, n := binary.Uvarint(rest)
	if n <= 0 || schema != SchemaVersion {
		return nil, fmt.Errorf("schema %d, want %d", schema, SchemaVersion)
	}
	rest = rest[n:]
	srcLen, n := binary.Uvarint(rest)
	if n <= 0 || srcLen > uint64(len(rest)-n) || srcLen > 16 {
		return nil, ErrShort
	}
	it := &Item[V]{Source: source(rest[n : n+int(srcLen)]), FetchedAt: h.FetchedAt, FreshUntil: h.FreshUntil, StaleUntil: h.StaleUntil}
	if err := t.codec.Unmarshal(rest[n+int(srcLen):], &it.Value); err != nil {
		return nil, err
	}
	return it, nil
}

// source is an entry's source, without a copy for the known ones.
func source(b []byte) string {
	switch string(b) { // compared without a conversion
	case "attom":
		return "attom"
	case "mock":
		return "mock"
	}
	return string(b)
}

// defaultCodec is Binary when V implements it, else Msgpack.
func defaultCodec[V any]() Codec {
	var v V
	_, enc := any(v).(encoding.BinaryAppender)
	_, dec := any(&v).(encoding.BinaryUnmarshaler)
	if enc && dec {
		return Binary{}
	}
	return Msgpack{}
}
