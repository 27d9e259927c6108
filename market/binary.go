package market

import (
	"realtybot/attom"
	"realtybot/cache"
)

// The binary encoding of the cached values (cache.Binary). Fields are written
// in declaration order; a change of shape needs cache.SchemaVersion bumped,
// which makes older entries read as unreadable (counted, never misread).

// A listing's records share the ZIP, type, geoIdV4 and market snapshot of
// the listing (buildRecords makes them so); the encoding writes those once
// and each record writes only its own fields, which makes the value about 40%
// smaller and faster to decode. A record that differs carries its own copy.

// AppendBinary implements encoding.BinaryAppender.
func (l Listing) AppendBinary(b []byte) ([]byte, error) {
	var shared MarketSnapshot
	if len(l.Records) > 0 {
		shared = l.Records[0].Market
	}
	b = cache.AppendString(b, l.ZIP)
	b = cache.AppendString(b, string(l.Type))
	b = cache.AppendInt(b, int64(l.Total))
	b = cache.AppendString(b, l.GeoIDV4)
	b = appendSnapshot(b, &shared)
	b = cache.AppendLen(b, len(l.Records))
	for i := range l.Records {
		r := &l.Records[i]
		own := r.Basic.ZIP != l.ZIP || r.Basic.Type != l.Type || r.Basic.GeoIDV4 != l.GeoIDV4 || r.Market != shared
		b = cache.AppendBool(b, own)
		b = r.appendTo(b, own)
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (l *Listing) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	l.ZIP, l.Type, l.Total, l.GeoIDV4 = r.String(), attom.PropertyType(r.String()), int(r.Int()), r.String()
	var shared MarketSnapshot
	readSnapshot(r, &shared)
	l.Records = make([]Record, r.Len(40))
	for i := range l.Records {
		rec := &l.Records[i]
		if own := r.Bool(); own {
			rec.readFrom(r, true)
			continue
		}
		rec.readFrom(r, false)
		rec.Basic.ZIP, rec.Basic.Type, rec.Basic.GeoIDV4, rec.Market = l.ZIP, l.Type, l.GeoIDV4, shared
	}
	return r.Err()
}

func appendSnapshot(b []byte, m *MarketSnapshot) []byte {
	b = cache.AppendString(b, string(m.Type))
	for _, f := range []float64{m.MedianPrice, m.MedianPerSqf, m.Growth, m.Multipliers.Price, m.Multipliers.Rent, m.Multipliers.Appreciation} {
		b = cache.AppendFloat(b, f)
	}
	return b
}

func readSnapshot(r *cache.Reader, m *MarketSnapshot) {
	m.Type = Type(r.String())
	r.Floats(&m.MedianPrice, &m.MedianPerSqf, &m.Growth, &m.Multipliers.Price, &m.Multipliers.Rent, &m.Multipliers.Appreciation)
}

// AppendBinary implements encoding.BinaryAppender.
func (rec Record) AppendBinary(b []byte) ([]byte, error) { return rec.appendTo(b, true), nil }

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (rec *Record) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	rec.readFrom(r, true)
	return r.Err()
}

// appendTo writes the record; full adds the fields a listing shares.
func (rec *Record) appendTo(b []byte, full bool) []byte {
	bi, a, s := &rec.Basic, &rec.Analysis, &rec.Score
	if full {
		b = cache.AppendString(b, bi.ZIP)
		b = cache.AppendString(b, string(bi.Type))
		b = cache.AppendString(b, bi.GeoIDV4)
		b = appendSnapshot(b, &rec.Market)
	}
	b = cache.AppendString(b, rec.ID)
	b = cache.AppendBool(b, rec.Estimate)
	for _, str := range []string{bi.Address, bi.PriceBasis, s.Label} {
		b = cache.AppendString(b, str)
	}
	for _, f := range []float64{bi.Beds, bi.Baths, bi.Sqft, bi.LotSqft, bi.Price, bi.ValueLow, bi.ValueHigh, bi.Confidence,
		a.PricePerSqft, a.PriceVsMedian, a.MonthlyRent, a.GrossYield, a.CapRate, a.Value1y} {
		b = cache.AppendFloat(b, f)
	}
	for _, n := range []int{bi.YearBuilt, s.Total, s.Value, s.Yield, s.Momentum} {
		b = cache.AppendInt(b, int64(n))
	}
	return b
}

func (rec *Record) readFrom(r *cache.Reader, full bool) {
	bi, a, s := &rec.Basic, &rec.Analysis, &rec.Score
	if full {
		bi.ZIP, bi.Type, bi.GeoIDV4 = r.String(), attom.PropertyType(r.String()), r.String()
		readSnapshot(r, &rec.Market)
	}
	rec.ID, rec.Estimate = r.String(), r.Bool()
	bi.Address, bi.PriceBasis, s.Label = r.String(), r.String(), r.String()
	r.Floats(&bi.Beds, &bi.Baths, &bi.Sqft, &bi.LotSqft, &bi.Price, &bi.ValueLow, &bi.ValueHigh, &bi.Confidence,
		&a.PricePerSqft, &a.PriceVsMedian, &a.MonthlyRent, &a.GrossYield, &a.CapRate, &a.Value1y)
	for _, n := range []*int{&bi.YearBuilt, &s.Total, &s.Value, &s.Yield, &s.Momentum} {
		*n = int(r.Int())
	}
}

// AppendBinary implements encoding.BinaryAppender.
func (md MarketData) AppendBinary(b []byte) ([]byte, error) {
	for _, s := range []string{md.ZIP, string(md.Type), md.TypeBasis, string(md.Classified), string(md.Partition)} {
		b = cache.AppendString(b, s)
	}
	for _, f := range []float64{md.Multipliers.Price, md.Multipliers.Rent, md.Multipliers.Appreciation, md.MedianPrice, md.Growth, md.SalesChange} {
		b = cache.AppendFloat(b, f)
	}
	b = cache.AppendBool(b, md.Estimate)
	b = cache.AppendLen(b, len(md.Trend))
	for _, p := range md.Trend {
		b = cache.AppendInt(b, int64(p.Year))
		b = cache.AppendFloat(cache.AppendFloat(b, p.Median), p.Avg)
		b = cache.AppendInt(b, p.Sales)
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (md *MarketData) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	md.ZIP, md.Type, md.TypeBasis, md.Classified, md.Partition = r.String(), Type(r.String()), r.String(), Type(r.String()), Partition(r.String())
	r.Floats(&md.Multipliers.Price, &md.Multipliers.Rent, &md.Multipliers.Appreciation, &md.MedianPrice, &md.Growth, &md.SalesChange)
	md.Estimate = r.Bool()
	md.Trend = make([]TrendPoint, r.Len(18))
	for i := range md.Trend {
		md.Trend[i] = TrendPoint{Year: int(r.Int()), Median: r.Float(), Avg: r.Float(), Sales: r.Int()}
	}
	return r.Err()
}
