// Package watch keeps the agents' watchlists and tells watchers what a
// refresh changed in their ZIPs: one short message per watcher per change,
// batched and paced.
package watch

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"realtybot/market/filter"
	"realtybot/realty"
)

// MaxPerAgent is how many watches one agent may keep.
const MaxPerAgent = 10

// ErrTooMany is returned when an agent already keeps MaxPerAgent watches.
var ErrTooMany = fmt.Errorf("watch: at most %d watches per agent; /unwatch one first", MaxPerAgent)

// Watch is one agent following a ZIP and type, narrowed by a filter.
type Watch struct {
	User, Chat int64
	ZIP        realty.Zip
	Type       realty.PropertyType
	Filter     filter.Filter
}

// Book is the watchlist over L2.
type Book struct {
	store Store
	log   *slog.Logger
}

// NewBook reads and writes watches in store.
func NewBook(store Store, log *slog.Logger) *Book {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Book{store: store, log: log}
}

// Add keeps w, replacing the user's watch of the same ZIP and type. It
// says whether w replaced one.
func (b *Book) Add(ctx context.Context, w Watch) (replaced bool, err error) {
	mine, err := b.Of(ctx, w.User)
	if err != nil {
		return false, err
	}
	for _, m := range mine {
		if m.ZIP == w.ZIP && m.Type == w.Type {
			replaced = true
		}
	}
	if !replaced && len(mine) >= MaxPerAgent {
		return false, ErrTooMany
	}
	s := stored{User: w.User, Chat: w.Chat, ZIP: string(w.ZIP), Type: string(w.Type), Filter: w.Filter.Encode()}
	return replaced, b.store.HashPut(ctx, watchMap, s.field(), s.value())
}

// Remove drops the user's watch of zip and t (every type when t is empty)
// and says how many it dropped.
func (b *Book) Remove(ctx context.Context, user int64, zip realty.Zip, t realty.PropertyType) (int, error) {
	all, err := b.store.HashAll(ctx, watchMap)
	if err != nil {
		return 0, err
	}
	var del []string
	for f := range all {
		if matches(f, user, string(zip), string(t)) {
			del = append(del, f)
		}
	}
	return b.store.HashDelete(ctx, watchMap, del...)
}

// All lists every watch, by ZIP, type and user. A watch the store holds but
// this release cannot read is skipped, not fatal.
func (b *Book) All(ctx context.Context) ([]Watch, error) {
	raw, err := b.store.HashAll(ctx, watchMap)
	if err != nil {
		return nil, err
	}
	out := make([]Watch, 0, len(raw))
	for field, v := range raw {
		r, ok := parseStored(field, v)
		f, fok := filter.Decode(r.Filter)
		t, z := realty.PropertyType(r.Type), realty.Zip(r.ZIP)
		if !ok || !fok || !t.Valid() || !z.Valid() {
			b.log.Warn("skipping a watch this release cannot read", "field", field)
			continue
		}
		out = append(out, Watch{User: r.User, Chat: r.Chat, ZIP: z, Type: t, Filter: f})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.ZIP != b.ZIP {
			return a.ZIP < b.ZIP
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.User < b.User
	})
	return out, nil
}

// Of lists user's watches.
func (b *Book) Of(ctx context.Context, user int64) ([]Watch, error) {
	all, err := b.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []Watch
	for _, w := range all {
		if w.User == user {
			out = append(out, w)
		}
	}
	return out, nil
}

// Demand counts the watchers of each "{zip}_{type}", for the refresh
// ranking (plan.Config.Watched).
func (b *Book) Demand(ctx context.Context) (map[string]int64, error) {
	all, err := b.All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, w := range all {
		out[string(w.ZIP)+"_"+string(w.Type)]++
	}
	return out, nil
}
