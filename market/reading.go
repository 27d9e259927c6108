package market

import (
	"context"

	"realtybot/market/outcome"
)

// current is r judged by its ZIP's market as the service reads it now: a
// record stored under another reading (the market data changed its class,
// the configuration changed the type or its multipliers) has its market,
// analysis and score derived again, so /market, /property and /deals say
// the same of one ZIP. The medians stay as stored: they describe the data
// the record was written with.
func (s *Service) current(r Record, in Info) Record {
	m := r.Market
	if m.Type == in.Type && m.Growth == in.Growth && m.Multipliers == in.Multipliers {
		return r
	}
	m.Type, m.Growth, m.Multipliers = in.Type, in.Growth, in.Multipliers
	r.Market = m
	r.Analysis, r.Score = analyse(r.Basic, m)
	return r
}

// judged is a listing answer under its ZIP's reading now: the homes'
// scores are derived again when the listing was stored under another one
// (currentListing), and p says which reading they used.
func (s *Service) judged(ctx context.Context, l *Listing, p outcome.Provenance) (*Listing, outcome.Provenance, error) {
	in := s.Info(ctx, l.ZIP)
	p.Reading = outcome.Reading{Type: string(in.Type), Growth: in.Growth}
	return currentListing(l, in), p, nil
}

// currentListing is l scored under in, as current does for a record: each
// home is judged again against the market the listing was stored with,
// with in's type, growth and multipliers. A listing stored before listings
// kept their market (no Market.Type) keeps its scores until it is fetched
// again.
func currentListing(l *Listing, in Info) *Listing {
	m := l.Market
	if m.Type == "" || m.Type == in.Type && m.Growth == in.Growth && m.Multipliers == in.Multipliers {
		return l
	}
	m.Type, m.Growth, m.Multipliers = in.Type, in.Growth, in.Multipliers
	c := *l
	c.Market, c.Items = m, make([]Summary, len(l.Items))
	for i, it := range l.Items {
		_, sc := analyse(Basic{Type: l.Type, Price: it.Price, Sqft: it.Sqft}, m)
		it.Score, it.Label = sc.Total, sc.Label
		c.Items[i] = it
	}
	return &c
}

// readings remembers each ZIP's Info for one answer that reads many
// records.
type readings struct {
	s  *Service
	by map[string]Info
}

func (rd *readings) of(ctx context.Context, r Record) Record {
	in, ok := rd.by[r.Basic.ZIP]
	if !ok {
		if rd.by == nil {
			rd.by = map[string]Info{}
		}
		in = rd.s.Info(ctx, r.Basic.ZIP)
		rd.by[r.Basic.ZIP] = in
	}
	return rd.s.current(r, in)
}
