package attom_test

import (
	"encoding/json"
	"testing"

	"realtybot/attom"
)

// FuzzDecodeResponse feeds arbitrary bodies to the response types: decoding
// may fail, never panic, and whatever decodes is usable.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte(`{"status":{"code":0,"total":1},"property":[{"identifier":{"attomId":"184713191"},"building":{"rooms":{"beds":"3"}},"avm":{"amount":{"value":"450,000"}}}]}`))
	f.Add([]byte(`{"status":{"code":400,"msg":"SuccessWithoutResult"}}`))
	f.Add([]byte(`{"property":[{"location":{"latitude":true}}]}`))
	f.Add([]byte(`<html>502</html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var page attom.PropertyPage
		if err := json.Unmarshal(body, &page); err != nil {
			return
		}
		for i := range page.Properties {
			p := &page.Properties[i]
			_, _, _, _ = p.ID(), p.Size(), p.LotSqft(), p.Location.GeoIDV4.ZI
			_, _ = p.Price()
		}
		var trends []attom.SalesTrend
		if json.Unmarshal(body, &trends) == nil {
			for i := range trends {
				_, _, _ = trends[i].Period()
			}
		}
	})
}
