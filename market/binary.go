package market

import (
	"realtybot/cache"
	"realtybot/market/trend"
	"realtybot/realty"
)

// The binary encoding of the cached values (cache.Binary). Fields are written
// in declaration order; a change of shape needs cache.SchemaVersion bumped,
// which makes older entries read as unreadable (counted, never misread).

// AppendBinary implements encoding.BinaryAppender.
func (l Listing) AppendBinary(b []byte) ([]byte, error) {
	b = cache.AppendString(b, l.ZIP)
	b = cache.AppendString(b, string(l.Type))
	b = cache.AppendInt(b, int64(l.Total))
	b = cache.AppendInt(b, int64(l.Sampled))
	b = cache.AppendBool(b, l.Mixed)
	b = cache.AppendString(b, l.GeoIDV4)
	b = cache.AppendLen(b, len(l.Items))
	for i := range l.Items {
		it := &l.Items[i]
		b = cache.AppendString(b, it.ID)
		b = cache.AppendBool(b, it.Estimate)
		b = cache.AppendString(b, it.Address)
		for _, f := range []float64{it.Price, it.Low, it.High, it.Beds, it.Baths, it.Sqft, it.Lot} {
			b = cache.AppendFloat(b, f)
		}
		b = cache.AppendInt(b, int64(it.Score))
		b = cache.AppendString(b, it.Label)
	}
	m := &l.Market // trailing: listings stored before it read without it
	b = cache.AppendString(b, string(m.Type))
	for _, f := range []float64{m.MedianPrice, m.MedianPerSqf, m.Growth, m.Multipliers.Price, m.Multipliers.Rent, m.Multipliers.Appreciation} {
		b = cache.AppendFloat(b, f)
	}
	return cache.AppendBool(b, l.Untyped), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (l *Listing) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	l.ZIP, l.Type, l.Total, l.Sampled = r.String(), realty.PropertyType(r.String()), int(r.Int()), int(r.Int())
	l.Mixed, l.GeoIDV4 = r.Bool(), r.String()
	l.Items = make([]Summary, r.Len(61))
	for i := range l.Items {
		it := &l.Items[i]
		it.ID, it.Estimate, it.Address = r.String(), r.Bool(), r.String()
		r.Floats(&it.Price, &it.Low, &it.High, &it.Beds, &it.Baths, &it.Sqft, &it.Lot)
		it.Score, it.Label = int(r.Int()), r.String()
	}
	if m := &l.Market; r.More() {
		m.Type = Type(r.String())
		r.Floats(&m.MedianPrice, &m.MedianPerSqf, &m.Growth, &m.Multipliers.Price, &m.Multipliers.Rent, &m.Multipliers.Appreciation)
	}
	if r.More() {
		l.Untyped = r.Bool()
	}
	return r.Err()
}

// AppendBinary implements encoding.BinaryAppender.
func (rec Record) AppendBinary(b []byte) ([]byte, error) {
	bi, m, a, s := &rec.Basic, &rec.Market, &rec.Analysis, &rec.Score
	b = cache.AppendString(b, rec.ID)
	b = cache.AppendBool(b, rec.Estimate)
	for _, str := range []string{bi.Address, bi.ZIP, string(bi.Type), bi.PriceBasis, bi.GeoIDV4, string(m.Type), s.Label} {
		b = cache.AppendString(b, str)
	}
	for _, f := range []float64{bi.Beds, bi.Baths, bi.Sqft, bi.LotSqft, bi.Price, bi.ValueLow, bi.ValueHigh, bi.Confidence,
		m.MedianPrice, m.MedianPerSqf, m.Growth, m.Multipliers.Price, m.Multipliers.Rent, m.Multipliers.Appreciation,
		a.PricePerSqft, a.PriceVsMedian, a.MonthlyRent, a.GrossYield, a.CapRate, a.Value1y} {
		b = cache.AppendFloat(b, f)
	}
	for _, n := range []int{bi.YearBuilt, s.Total, s.Value, s.Yield, s.Momentum} {
		b = cache.AppendInt(b, int64(n))
	}
	b = cache.AppendString(b, bi.ValuedOn) // trailing: records stored before read without them
	for _, f := range []float64{bi.PerSqft, bi.MonthlyChg, bi.Lat, bi.Lon} {
		b = cache.AppendFloat(b, f)
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (rec *Record) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	bi, m, a, s := &rec.Basic, &rec.Market, &rec.Analysis, &rec.Score
	rec.ID, rec.Estimate = r.String(), r.Bool()
	bi.Address, bi.ZIP, bi.Type, bi.PriceBasis, bi.GeoIDV4 = r.String(), r.String(), realty.PropertyType(r.String()), r.String(), r.String()
	m.Type, s.Label = Type(r.String()), r.String()
	r.Floats(&bi.Beds, &bi.Baths, &bi.Sqft, &bi.LotSqft, &bi.Price, &bi.ValueLow, &bi.ValueHigh, &bi.Confidence,
		&m.MedianPrice, &m.MedianPerSqf, &m.Growth, &m.Multipliers.Price, &m.Multipliers.Rent, &m.Multipliers.Appreciation,
		&a.PricePerSqft, &a.PriceVsMedian, &a.MonthlyRent, &a.GrossYield, &a.CapRate, &a.Value1y)
	for _, n := range []*int{&bi.YearBuilt, &s.Total, &s.Value, &s.Yield, &s.Momentum} {
		*n = int(r.Int())
	}
	if r.More() {
		bi.ValuedOn = r.String()
		r.Floats(&bi.PerSqft, &bi.MonthlyChg, &bi.Lat, &bi.Lon)
	}
	return r.Err()
}

// AppendBinary implements encoding.BinaryAppender.
func (md MarketData) AppendBinary(b []byte) ([]byte, error) {
	for _, s := range []string{md.ZIP, string(md.Type), md.TypeBasis, string(md.Classified), string(md.Partition)} {
		b = cache.AppendString(b, s)
	}
	for _, f := range []float64{md.Multipliers.Price, md.Multipliers.Rent, md.Multipliers.Appreciation, md.MedianPrice, md.Growth, md.SalesChange} {
		b = cache.AppendFloat(b, f)
	}
	b = trend.AppendPoints(cache.AppendBool(b, md.Estimate), md.Trend)
	// trailing: market data stored before them read without them
	return cache.AppendBool(trend.AppendSeries(b, md.Types), md.AllTypes), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (md *MarketData) UnmarshalBinary(data []byte) error {
	r := cache.NewReader(data)
	md.ZIP, md.Type, md.TypeBasis, md.Classified, md.Partition = r.String(), Type(r.String()), r.String(), Type(r.String()), Partition(r.String())
	r.Floats(&md.Multipliers.Price, &md.Multipliers.Rent, &md.Multipliers.Appreciation, &md.MedianPrice, &md.Growth, &md.SalesChange)
	md.Estimate, md.Trend = r.Bool(), trend.ReadPoints(r)
	if r.More() {
		md.Types, md.AllTypes = trend.ReadSeries(r), r.Bool()
	}
	return r.Err()
}
