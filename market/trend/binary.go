package trend

import "realtybot/cache"

// AppendPoints appends points in the cached values' binary encoding.
func AppendPoints(b []byte, points []Point) []byte {
	b = cache.AppendLen(b, len(points))
	for _, p := range points {
		b = cache.AppendInt(b, int64(p.Year))
		b = cache.AppendFloat(cache.AppendFloat(b, p.Median), p.Avg)
		b = cache.AppendInt(b, p.Sales)
		b = cache.AppendBool(b, p.Partial)
	}
	return b
}

// ReadPoints reads what AppendPoints wrote.
func ReadPoints(r *cache.Reader) []Point {
	out := make([]Point, r.Len(19))
	for i := range out {
		out[i] = Point{Year: int(r.Int()), Median: r.Float(), Avg: r.Float(), Sales: r.Int(), Partial: r.Bool()}
	}
	return out
}

// AppendSeries appends every series, by name and points.
func AppendSeries(b []byte, all []Series) []byte {
	b = cache.AppendLen(b, len(all))
	for _, s := range all {
		b = AppendPoints(cache.AppendString(b, s.V4), s.Points)
	}
	return b
}

// ReadSeries reads what AppendSeries wrote (nil for none).
func ReadSeries(r *cache.Reader) []Series {
	n := r.Len(2)
	if n == 0 {
		return nil
	}
	out := make([]Series, n)
	for i := range out {
		out[i] = Series{V4: r.String(), Points: ReadPoints(r)}
	}
	return out
}
