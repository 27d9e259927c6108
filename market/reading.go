package market

import "context"

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
