package cache

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// Bus carries L1 invalidations between replicas: every L2 write and delete
// is published with the sender's id, and each replica drops the key from
// its own L1 when another replica changed it. Over the embedded store (one
// process) it does nothing. L1's TTL cap stays the backstop for a lost
// message.
type Bus struct {
	id  string
	ps  PubSub // nil: single node
	log *slog.Logger

	mu     sync.RWMutex
	forget map[Kind][]func(key string)
}

// PubSub is what a shared L2 offers for invalidations (store/redisstore).
type PubSub interface {
	Publish(ctx context.Context, msg string) error
	// Subscribe delivers messages to fn until ctx ends; ready is called once
	// the subscription is in place.
	Subscribe(ctx context.Context, ready func(), fn func(msg string)) error
}

// NewBus returns the bus of one process over ps; nil (the embedded store,
// a single process) gives a bus that only forgets locally.
func NewBus(ps PubSub, log *slog.Logger) *Bus {
	b := &Bus{id: strconv.FormatUint(rand.Uint64(), 36), ps: ps, log: log, forget: map[Kind][]func(string){}}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	return b
}

func (b *Bus) register(k Kind, forget func(string)) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.forget[k] = append(b.forget[k], forget)
	b.mu.Unlock()
}

// publish announces that key of kind changed in L2.
func (b *Bus) publish(ctx context.Context, k Kind, key string) {
	if b == nil || b.ps == nil {
		return
	}
	if err := b.ps.Publish(context.WithoutCancel(ctx), b.id+"\x00"+string(k)+"\x00"+key); err != nil {
		b.log.Warn("cache: invalidation not published; other replicas' L1 expires it later", "key", key, "err", err)
	}
}

// Run applies other replicas' invalidations until ctx ends; ready is called
// once the subscription is in place (and again after each reconnection).
func (b *Bus) Run(ctx context.Context, ready func()) error {
	if b.ps == nil {
		if ready != nil {
			ready()
		}
		<-ctx.Done()
		return nil
	}
	return b.ps.Subscribe(ctx, ready, func(msg string) {
		parts := strings.SplitN(msg, "\x00", 3)
		if len(parts) != 3 || parts[0] == b.id {
			return // malformed, or our own write
		}
		b.mu.RLock()
		fs := b.forget[Kind(parts[1])]
		b.mu.RUnlock()
		for _, f := range fs {
			f(parts[2])
		}
	})
}
