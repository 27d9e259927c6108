package cache

import "context"

// GetL2 is the L2 half of Get, for benchmarks that must miss L1 every time.
func (t *Tiered[V]) GetL2(ctx context.Context, key string) (*Item[V], Tier, error) {
	return t.getL2(ctx, key, t.Key(key), t.now(), t.stats, true) // an L2 hit fills L1, as in a request
}

// Decode is the decoding of an L2 entry alone (header, schema, value), for
// the benchmark that times a bare GET followed by it: the least an L2 read
// handing on a decoded value can cost.
func (t *Tiered[V]) Decode(raw []byte) (*Item[V], error) { return t.decode(raw) }
