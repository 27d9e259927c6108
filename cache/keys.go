package cache

import (
	"sync"
	"sync/atomic"
)

// l2Keys remembers each requested key's L2 name (namespace + key), so
// that a read from L2 does not build the same string again on every call.
// It forgets them all past maxL2Keys (about the in-memory tier's default
// size), and starts again.
type l2Keys struct {
	m atomic.Pointer[sync.Map]
	n atomic.Int64
}

const maxL2Keys = 10_000

func (k *l2Keys) of(ns, key string) string {
	m := k.m.Load()
	if m == nil {
		m = new(sync.Map)
		if !k.m.CompareAndSwap(nil, m) {
			m = k.m.Load()
		}
	}
	if v, ok := m.Load(key); ok {
		return v.(string)
	}
	full := ns + key
	if k.n.Add(1) > maxL2Keys {
		k.m.Store(new(sync.Map))
		k.n.Store(0)
		return full
	}
	m.Store(key, full)
	return full
}
