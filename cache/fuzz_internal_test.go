package cache

import (
	"testing"
	"time"
)

// probe is a small value with a binary encoding, to fuzz the entry format
// (header, schema, source, body) without the market types.
type probe struct {
	S string
	F float64
	N int64
}

func (p probe) AppendBinary(b []byte) ([]byte, error) {
	return AppendInt(AppendFloat(AppendString(b, p.S), p.F), p.N), nil
}

func (p *probe) UnmarshalBinary(b []byte) error {
	r := NewReader(b)
	p.S, p.F, p.N = r.String(), r.Float(), r.Int()
	return r.Err()
}

// FuzzEntryDecode feeds arbitrary stored bytes to the L2 entry decoder: it
// returns an item or an error, never panics.
func FuzzEntryDecode(f *testing.F) {
	c, err := NewTiered[probe](KindListing, nil, Options{})
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	good, _ := c.encode(&Item[probe]{Value: probe{"x", 1.5, 7}, Source: "attom", FetchedAt: now, FreshUntil: now.Add(time.Hour), StaleUntil: now.Add(2 * time.Hour)})
	f.Add(good)
	f.Add(good[:HeaderLen])
	f.Add([]byte("not an entry"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		it, err := c.decode(raw)
		if err == nil && it == nil {
			t.Fatal("no item and no error")
		}
		ParseHeader(raw)
	})
}
