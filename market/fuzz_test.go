package market_test

import (
	"context"
	"testing"

	"realtybot/market"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// seeds are real encoded values.
func seeds(f *testing.F) (listing, record, md []byte) {
	b := storetest.Bolt(f)
	svc, err := market.New(market.Config{Store: b.Store, Namespace: b.NS})
	if err != nil {
		f.Fatal(err)
	}
	defer svc.Close()
	l, _, _ := svc.Search(context.Background(), "78701", realty.Condo)
	r, _, _ := svc.Property(context.Background(), l.Items[0].ID)
	m, _, _ := svc.Market(context.Background(), "78701")
	listing, _ = l.AppendBinary(nil)
	record, _ = r.AppendBinary(nil)
	md, _ = m.AppendBinary(nil)
	return
}

// FuzzCachedValues decodes arbitrary bytes as each cached value type: an
// error or a value, never a panic or a huge allocation; and a value that
// decodes survives encode → decode → encode unchanged. (The input itself
// may be a non-canonical spelling, such as a boolean byte of '0'; the seed
// that showed it is kept in testdata.)
func FuzzCachedValues(f *testing.F) {
	l, r, m := seeds(f)
	f.Add(uint8(0), l)
	f.Add(uint8(1), r)
	f.Add(uint8(2), m)
	f.Add(uint8(0), []byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		type codec interface {
			UnmarshalBinary([]byte) error
		}
		var v codec
		switch kind % 3 {
		case 0:
			v = &market.Listing{}
		case 1:
			v = &market.Record{}
		default:
			v = &market.MarketData{}
		}
		if err := v.UnmarshalBinary(append([]byte(nil), data...)); err != nil {
			return
		}
		encode := func(v codec) []byte {
			var b []byte
			switch x := v.(type) {
			case *market.Listing:
				b, _ = x.AppendBinary(nil)
			case *market.Record:
				b, _ = x.AppendBinary(nil)
			case *market.MarketData:
				b, _ = x.AppendBinary(nil)
			}
			return b
		}
		once := encode(v)
		w := map[uint8]codec{0: &market.Listing{}, 1: &market.Record{}, 2: &market.MarketData{}}[kind%3]
		if err := w.UnmarshalBinary(append([]byte(nil), once...)); err != nil {
			t.Fatalf("a re-encoded value does not decode: %v", err)
		}
		if string(encode(w)) != string(once) {
			t.Fatal("encode → decode → encode changed the value")
		}
	})
}
