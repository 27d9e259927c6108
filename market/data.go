package market

import (
	"realtybot/attom"
	"realtybot/market/trend"
	"realtybot/realty"
)

// Listing is the value of a {zip}_{type} (or {zip}_mock_{type}) entry: the
// properties of one type in a ZIP as a search shows them. Each property's
// full denormalized record is stored under prop_{id}; a listing holds only
// its summary, which keeps the entry read on every search small.
type Listing struct {
	ZIP  string
	Type realty.PropertyType
	// Total is how many records ATTOM holds for the call that made this
	// listing: the homes of this type in the ZIP, or, for a mixed sample,
	// every parcel of the ZIP. Sampled is how many that call returned (at
	// most 100); Items are those of this type.
	Total, Sampled int
	Mixed          bool // taken from a sample of every kind of parcel
	// Untyped: the sample came from /attomavm/detail by postalCode (the plan
	// lacks /avm/snapshot), whose order and total ATTOM does not document.
	Untyped bool
	GeoIDV4 string
	Items   []Summary
	// Market is what the homes were judged against when the listing was
	// stored (its reading, with the medians), so that their scores can be
	// derived again under another reading (currentListing).
	Market MarketSnapshot

	raw []attom.Property // ATTOM's items while the listing is built
}

// NoData reports whether ATTOM holds nothing for the listing's ZIP: its
// whole-ZIP sample came back empty (storeNoData), so no type has a home.
func (l *Listing) NoData() bool { return l.Mixed && l.Sampled == 0 && len(l.Items) == 0 }

// Summary is one line of a search result.
type Summary struct {
	ID       string
	Estimate bool
	Address  string
	Price    float64 // ATTOM's estimated value (AVM), else another basis
	Low      float64 // the AVM's range, when it has one
	High     float64
	Beds     float64
	Baths    float64
	Sqft     float64
	Lot      float64 // lot size in square feet, when known
	Score    int
	Label    string
}

// MarketData is the value of a {zip}_market entry.
type MarketData struct {
	ZIP         string
	Type        Type   // the type in force (configuration wins over classification)
	TypeBasis   string // "configured", "classified" or "default"
	Classified  Type   // what the sales trend says, when known
	Partition   Partition
	Multipliers Multipliers
	MedianPrice float64
	Growth      float64       // yearly change of the median used for projections
	SalesChange float64       // yearly change of the number of sales
	Trend       []trend.Point // the series the reading comes from: single-family homes, else the most sold type
	Estimate    bool
	// Types are the trend's series by property type (v4 names), when the
	// call asked for every type (AllTypes); else the one asked.
	Types    []trend.Series
	AllTypes bool
}

// TypeTrend is the series of t's own sales when it holds enough of them
// (trend.Enough); else the main series, with own false.
func (md *MarketData) TypeTrend(t realty.PropertyType) (points []trend.Point, own bool) {
	return trend.ForType(md.Types, attom.V4(t), md.Trend)
}

// TypeSales is t's sales in its series' last complete year, and that year;
// ok is false when the trend holds no series of t.
func (md *MarketData) TypeSales(t realty.PropertyType) (sales int64, year int, ok bool) {
	return trend.SalesOf(md.Types, attom.V4(t))
}
