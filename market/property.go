package market

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"realtybot/attom"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/market/outcome"
	"realtybot/mock"
	"realtybot/realty"
)

// Property returns one property's denormalized record by id.
func (s *Service) Property(ctx context.Context, idText string) (*Record, outcome.Provenance, error) {
	id, err := realty.ParseID(idText)
	if err != nil {
		return nil, outcome.Provenance{}, err
	}
	if zip, t, i, ok := mock.ParseID(id); ok {
		if recs := estimateRecords(zip, t, s.Info(ctx, zip)); i < len(recs) { // made again: a miss
			return &recs[i], s.tally.Count(outcome.Provenance{Source: outcome.Estimate, FetchedAt: s.now(), Why: outcome.Why{Kind: outcome.WhyEstimateID}, Fresh: true}), nil
		}
		return nil, outcome.Provenance{}, fmt.Errorf("%w: %d is not an estimate this bot made", ErrNoProperty, id)
	}
	key := recordKey(id)
	show := func(r *Record) *Record { c := s.current(*r, s.Info(ctx, r.Basic.ZIP)); return &c }
	if it, tier, err := s.records.GetCounted(ctx, key); err == nil && it.Fresh(clock.At(ctx, s.now)) {
		a := cachedAnswer(it, tier, show)
		return a.v, s.tally.Count(a.prov), nil
	}
	r, p, err := load(ctx, s, key, func(ctx context.Context) (answer[Record], error) { return s.loadRecord(ctx, id) })
	if err != nil {
		return nil, p, err
	}
	return show(r), p, nil
}

func (s *Service) loadRecord(ctx context.Context, id int64) (answer[Record], error) {
	return climb(ctx, s, rung[Record]{
		tier: s.records, key: recordKey(id), what: "property lookup",
		part: func(stale *cache.Item[Record]) Partition {
			if stale == nil {
				return PartStable
			}
			return s.Info(ctx, stale.Value.Basic.ZIP).Partition
		},
		fetch: func(ctx context.Context) (*Record, int, error) {
			// Stored under the lease, so waiters find it when it is released.
			p, err := s.cfg.Upstream.AVM(ctx, id)
			if err != nil || p == nil {
				return nil, 0, err
			}
			return s.storeLiveRecord(ctx, p), 1, nil
		},
		missing: func() error { return fmt.Errorf("%w: ATTOM has no property %d", ErrNoProperty, id) },
		estimate: func(_ context.Context, why outcome.Why) (answer[Record], error) {
			return answer[Record]{}, &outcome.NotCachedError{ID: id, Why: why}
		},
	}, false)
}

func (s *Service) storeLiveRecord(ctx context.Context, p *attom.Property) *Record {
	zip := string(p.Address.Postal1)
	in := s.Info(ctx, zip)
	t, ok := attom.TypeOf(p)
	if !ok {
		t = realty.SFR
	}
	recs := buildRecords([]attom.Property{*p}, t, s.scoringMarket(ctx, zip, in))
	now := s.now()
	fresh, stale := freshness(now, s.propertyTTL(in.Type), true)
	s.storeRecords(ctx, recs, &cache.Item[Listing]{Source: "attom", FetchedAt: now, FreshUntil: fresh, StaleUntil: stale})
	return &recs[0]
}

// Deals answers "properties in <market type> markets under <price>" from the
// secondary index alone: no ATTOM call. An empty mt means every type. Only
// real records are indexed; results are sorted by score. A record is judged
// by its ZIP's market as read now (current), so a ZIP whose reading changed
// is listed under its new type, as /market says.
func (s *Service) Deals(ctx context.Context, mt Type, maxPrice float64, limit int) ([]Record, error) {
	var out []Record
	rd := readings{s: s}
	for _, t := range Types {
		ids, err := s.cfg.Store.IndexQuery(ctx, string(t), int64(maxPrice), limit*4)
		if err != nil {
			return nil, fmt.Errorf("market: reading the market+price index: %w", err)
		}
		for _, idText := range ids {
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil {
				continue
			}
			it, _, err := s.records.GetUncounted(ctx, recordKey(id))
			if err != nil || it.Value.Market.Type != t || it.Value.Basic.Price > maxPrice {
				continue // dangling or moved: cleanup removes it
			}
			if r := rd.of(ctx, it.Value); mt == "" || r.Market.Type == mt {
				out = append(out, r)
			}
		}
	}
	return bestFirst(out, limit), nil
}

// DealsIn is Deals for one ZIP: the best-scored real homes of its cached
// listings (every type), under maxPrice and in market mt when given. It
// costs no API call.
func (s *Service) DealsIn(ctx context.Context, zipIn realty.Zip, mt Type, maxPrice float64, limit int) ([]Record, error) {
	zip, err := zipOf(zipIn)
	if err != nil {
		return nil, err
	}
	var out []Record
	in := s.Info(ctx, zip)
	for _, ty := range realty.PropertyTypes {
		l, _, err := s.listings.GetUncounted(ctx, listingKey(zip, ty))
		if err != nil {
			continue
		}
		for _, sum := range l.Value.Items {
			id, err := strconv.ParseInt(sum.ID, 10, 64)
			if err != nil || sum.Estimate || sum.Price <= 0 || sum.Price > maxPrice {
				continue
			}
			it, _, err := s.records.GetUncounted(ctx, recordKey(id))
			if err != nil {
				continue
			}
			if r := s.current(it.Value, in); mt == "" || r.Market.Type == mt {
				out = append(out, r)
			}
		}
	}
	return bestFirst(out, limit), nil
}

// bestFirst sorts deals by score, the better price first at equal scores,
// and keeps limit.
func bestFirst(out []Record, limit int) []Record {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Score, out[j].Score
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Value > b.Value // at equal scores, the better price first
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Decode reads the entry of kind under key (without the namespace) as the
// service does; cache.ErrCorrupt means it no longer decodes (market/sweep).
func (s *Service) Decode(ctx context.Context, kind cache.Kind, key string) error {
	var err error
	switch kind {
	case cache.KindListing:
		_, err = s.listings.Peek(ctx, key)
	case cache.KindMock:
		if strings.HasSuffix(key, mockMarketSuffix) {
			_, err = s.mockMarkets.Peek(ctx, key)
		} else {
			_, err = s.mocks.Peek(ctx, key)
		}
	case cache.KindMarket:
		_, err = s.markets.Peek(ctx, key)
	case cache.KindRecord:
		_, err = s.records.Peek(ctx, key)
	}
	return err
}

// RecordMarket is the market type the cached record id is filed under in
// the market+price index; false when it is not cached (market/sweep).
func (s *Service) RecordMarket(ctx context.Context, id int64) (string, bool) {
	it, err := s.records.Peek(ctx, recordKey(id))
	if err != nil {
		return "", false
	}
	return string(it.Value.Market.Type), true
}
