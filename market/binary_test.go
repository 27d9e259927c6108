package market_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"realtybot/cache"
	"realtybot/market"
	"realtybot/market/trend"
	"realtybot/realty"
	"realtybot/store/storetest"
)

func TestBinaryEncodingRoundTrips(t *testing.T) {
	b := storetest.Bolt(t)
	svc, err := market.New(market.Config{Store: b.Store, Namespace: b.NS})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	l, _, _ := svc.Search(context.Background(), "78701", realty.Multifamily)
	md, _, _ := svc.Market(context.Background(), "78701")
	raw, _ := l.AppendBinary(nil)
	var l2 market.Listing
	if err := l2.UnmarshalBinary(raw); err != nil || !reflect.DeepEqual(*l, l2) || l2.Market.Type == "" || l2.Market.MedianPrice <= 0 {
		t.Fatalf("listing does not round-trip: %v (its market: %+v)", err, l2.Market)
	}
	// A listing stored before listings kept their market reads without it
	// (and keeps its scores), never as unreadable.
	old := *l
	old.Market = market.MarketSnapshot{}
	oldRaw, _ := old.AppendBinary(nil)
	tail := cache.AppendString(nil, "") // what came after: the market (its type, six figures), then Untyped
	for range 6 {
		tail = cache.AppendFloat(tail, 0)
	}
	tail = cache.AppendBool(tail, false)
	if !bytes.HasSuffix(oldRaw, tail) {
		t.Fatal("the listing's market is not at its end")
	}
	oldRaw = oldRaw[:len(oldRaw)-len(tail)]
	var l3 market.Listing
	if err := l3.UnmarshalBinary(oldRaw); err != nil || !reflect.DeepEqual(old, l3) {
		t.Fatalf("an older listing: %v", err)
	}
	rec, _, err := svc.Property(context.Background(), l.Items[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = rec.AppendBinary(nil)
	var r2 market.Record
	if err := r2.UnmarshalBinary(raw); err != nil || !reflect.DeepEqual(*rec, r2) {
		t.Fatalf("record does not round-trip: %v", err)
	}
	// A record stored before records kept what the AVM call paid for (the
	// valuation's date, value per sqft, monthly change, point) reads
	// without it.
	oldRec := *rec
	oldRec.Basic.ValuedOn, oldRec.Basic.PerSqft, oldRec.Basic.MonthlyChg, oldRec.Basic.Lat, oldRec.Basic.Lon = "", 0, 0, 0, 0
	raw, _ = oldRec.AppendBinary(nil)
	recTail := cache.AppendString(nil, "")
	for range 4 {
		recTail = cache.AppendFloat(recTail, 0)
	}
	var r3 market.Record
	if !bytes.HasSuffix(raw, recTail) || r3.UnmarshalBinary(raw[:len(raw)-len(recTail)]) != nil || !reflect.DeepEqual(oldRec, r3) {
		t.Fatalf("an older record does not read")
	}
	raw, _ = md.AppendBinary(nil)
	var md2 market.MarketData
	if err := md2.UnmarshalBinary(raw); err != nil || !reflect.DeepEqual(*md, md2) {
		t.Fatalf("market data does not round-trip: %v", err)
	}
	// With the series of every type (one ALL trend call).
	withTypes := *md
	withTypes.Types, withTypes.AllTypes = []trend.Series{{V4: "CONDO/TOWNHOME", Points: md.Trend[:2]}, {V4: "SINGLE FAMILY RESIDENCE", Points: md.Trend}}, true
	raw, _ = withTypes.AppendBinary(nil)
	if err := md2.UnmarshalBinary(raw); err != nil || !reflect.DeepEqual(withTypes, md2) {
		t.Fatalf("market data with its types' series does not round-trip: %v", err)
	}
	// Market data stored before the types' series reads without them.
	oldMD := withTypes
	oldMD.Types, oldMD.AllTypes = nil, false
	oldLen := len(raw) - len(trend.AppendSeries(nil, withTypes.Types)) - 1
	var md3 market.MarketData
	if err := md3.UnmarshalBinary(raw[:oldLen]); err != nil || !reflect.DeepEqual(oldMD, md3) {
		t.Fatalf("older market data: %v", err)
	}
	for cut := range len(raw) {
		if err := md2.UnmarshalBinary(raw[:cut]); err == nil && cut != oldLen {
			t.Fatalf("a value cut at %d of %d decoded without error", cut, len(raw))
		}
	}
}
