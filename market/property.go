package market

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/mock"
)

// Property returns one property's denormalized record by id.
func (s *Service) Property(ctx context.Context, idText string) (*Record, Provenance, error) {
	id, err := ParseID(idText)
	if err != nil {
		return nil, Provenance{}, err
	}
	if zip, t, i, ok := mock.ParseID(id); ok {
		if recs := estimateRecords(zip, t, s.Info(ctx, zip)); i < len(recs) { // made again: a miss
			return &recs[i], s.count(Provenance{Source: Estimate, FetchedAt: s.now(), Reason: "this id belongs to an estimate"}), nil
		}
		return nil, Provenance{}, fmt.Errorf("%w: %d is not an estimate this bot made", ErrNoProperty, id)
	}
	key := recordKey(id)
	if it, tier, err := s.records.Get(ctx, key); err == nil && it.Fresh(s.now()) {
		return &it.Value, s.count(Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}), nil
	}
	return load(ctx, s, key, func(ctx context.Context) (answer[Record], error) { return s.loadRecord(ctx, id) })
}

func (s *Service) loadRecord(ctx context.Context, id int64) (answer[Record], error) {
	it, tier, err := s.records.Peek(ctx, recordKey(id))
	if err == nil && it.Fresh(s.now()) {
		return answer[Record]{&it.Value, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}, nil
	}
	part, fetchedAt := PartStable, s.now()
	var stale *cache.Item[Record]
	if err == nil {
		stale, fetchedAt = it, it.FetchedAt
		part = s.Info(ctx, it.Value.Basic.ZIP).Partition
	}
	reason := s.mayCallLive(ctx, part, fetchedAt, stale != nil, false)
	if reason == "" {
		key := recordKey(id)
		var p *attom.Property
		var rec *Record
		shared, err := s.live(ctx, key, newerInL2(s, s.records, key, stale), func() (err error) {
			// Stored under the lease, so waiters find it when it is released.
			if p, err = s.cfg.Upstream.AVM(ctx, id); err == nil && p != nil {
				rec = s.storeLiveRecord(ctx, p)
			}
			return err
		})
		switch {
		case shared:
			if it, tier, err := s.records.Peek(ctx, key); err == nil {
				return answer[Record]{&it.Value, Provenance{Source: Cached, FetchedAt: it.FetchedAt, Tier: tier.String()}}, nil
			}
		case err == nil && p == nil:
			return answer[Record]{}, fmt.Errorf("%w: ATTOM has no property %d", ErrNoProperty, id)
		case err == nil:
			return answer[Record]{rec, Provenance{Source: Live, FetchedAt: s.now(), Cost: 1}}, nil
		}
		reason = explain(err)
		s.log.Warn("live property lookup failed; falling back", "id", id, "err", err)
	}
	if stale != nil && !s.cfg.Naive {
		return answer[Record]{&stale.Value, Provenance{Source: Stale, FetchedAt: stale.FetchedAt, Tier: tier.String(), Reason: reason}}, nil
	}
	return answer[Record]{}, fmt.Errorf("%w: %d is in no cache and cannot be looked up now (%s); /search its ZIP first", ErrNoProperty, id, reason)
}

func (s *Service) storeLiveRecord(ctx context.Context, p *attom.Property) *Record {
	zip := string(p.Address.Postal1)
	in := s.Info(ctx, zip)
	t, ok := attom.TypeOf(p)
	if !ok {
		t = attom.SFR
	}
	recs := buildRecords([]attom.Property{*p}, t, s.scoringMarket(ctx, zip, in))
	now := s.now()
	fresh, stale := freshness(now, s.propertyTTL(in.Type), true)
	s.storeRecords(ctx, recs, &cache.Item[Listing]{Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale})
	return &recs[0]
}

// Deals answers "properties in <market type> markets under <price>" from the
// secondary index alone: no ATTOM call. An empty mt means every type. Only
// real records are indexed; results are sorted by score.
func (s *Service) Deals(ctx context.Context, mt Type, maxPrice float64, limit int) ([]Record, error) {
	types := Types
	if mt != "" {
		types = []Type{mt}
	}
	var out []Record
	for _, t := range types {
		ids, err := s.cfg.Store.IndexQuery(ctx, string(t), int64(maxPrice), limit*4)
		if err != nil {
			return nil, fmt.Errorf("market: reading the market+price index: %w", err)
		}
		for _, idText := range ids {
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil {
				continue
			}
			it, _, err := s.records.Peek(ctx, recordKey(id))
			if err != nil || it.Value.Market.Type != t || it.Value.Basic.Price > maxPrice {
				continue // dangling or moved: cleanup removes it
			}
			out = append(out, it.Value)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score.Total > out[j].Score.Total })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
