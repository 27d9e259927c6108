// Package geo finds a ZIP's geoIdV4, the key of ATTOM's sales trend, at no
// billed cost: from a stored listing, from the ZIPs' geoIdV4s kept in L2
// for good (a ZIP's geography does not change), or from ATTOM's free
// location lookup, which also tells that a ZIP does not exist.
package geo

import (
	"context"
	"log/slog"
)

// Store is the L2 map the geoIdV4s are kept in, shared by replicas.
type Store interface {
	HashPut(ctx context.Context, name, field string, value []byte) error
	HashAll(ctx context.Context, name string) (map[string][]byte, error)
}

// Map is the name of the L2 map: zip -> geoIdV4.
const Map = "geo"

// Finder finds geoIdV4s.
type Finder struct {
	Store Store
	// Listed is the geoIdV4 a stored real listing of the ZIP carries, "".
	Listed func(ctx context.Context, zip string) string
	// Lookup is ATTOM's free location lookup: "" with no error when ATTOM
	// knows no such ZIP.
	Lookup func(ctx context.Context, zip string) (string, error)
	Log    *slog.Logger
}

// Find returns the ZIP's geoIdV4; unknown is true when ATTOM's lookup
// knows no such ZIP. "" with unknown false means the lookup failed: the
// caller may locate the ZIP another way.
func (f *Finder) Find(ctx context.Context, zip string) (geo string, unknown bool) {
	if g := f.Listed(ctx, zip); g != "" {
		return g, false
	}
	if m, err := f.Store.HashAll(ctx, Map); err == nil && len(m[zip]) > 0 {
		return string(m[zip]), false
	}
	if f.Lookup == nil { // no ATTOM key: nothing to ask
		return "", false
	}
	g, err := f.Lookup(ctx, zip)
	switch {
	case err != nil:
		f.Log.Warn("the free location lookup failed", "zip", zip, "err", err)
		return "", false
	case g == "":
		return "", true
	}
	if err := f.Store.HashPut(ctx, Map, zip, []byte(g)); err != nil {
		f.Log.Warn("a ZIP's geoIdV4 was not kept; the free lookup will be asked again", "zip", zip, "err", err)
	}
	return g, false
}
