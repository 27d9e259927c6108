package simulate

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strconv"
	"time"

	"realtybot/attom"
	"realtybot/attom/synth"
	"realtybot/market"
	"realtybot/quota"
	"realtybot/realty"
)

// costs is what each kind of call bills, for the ceilings: one call each,
// or under record billing the records its answer carries.
type costs struct{ listing, market, property float64 }

func costsOf(u quota.Unit, page, trendYears int) costs {
	if !u.Records() {
		return costs{1, 1, 1}
	}
	return costs{float64(page), float64(trendYears), 1}
}

// sampleFill is, for each ZIP, the types one mixed sample of page parcels
// holds enough homes of to stand as their listing (market.MinSampleOf), as
// the simulated ATTOM answers it at `at`: the true fill of one call.
func sampleFill(zips []string, page int, at time.Time) map[string]map[realty.PropertyType]bool {
	api := synth.New(simKey)
	api.SetClock(func() time.Time { return at })
	out := map[string]map[realty.PropertyType]bool{}
	for _, z := range zips {
		q := url.Values{"postalCode": {z}, "pageSize": {strconv.Itoa(page)}, "orderBy": {attom.SampleOrder}}
		req := httptest.NewRequest("GET", attom.PathAVMSnapshot+"?"+q.Encode(), nil)
		req.Header.Set("apikey", simKey)
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		var p attom.PropertyPage
		if json.Unmarshal(rec.Body.Bytes(), &p) != nil {
			continue
		}
		n := map[realty.PropertyType]int{}
		for i := range p.Properties {
			if t, ok := attom.TypeOf(&p.Properties[i]); ok {
				n[t]++
			}
		}
		out[z] = map[realty.PropertyType]bool{}
		for t, c := range n {
			out[z][t] = c >= market.MinSampleOf(len(p.Properties))
		}
	}
	return out
}

// regroup gives each ask the group one call really fills and its cost: a
// search of a type the ZIP's sample holds shares the ZIP's call (LISTING_CALLS
// =zip); a rarer type, or any type under LISTING_CALLS=type, has its own.
func regroup(asks []ask, fill map[string]map[realty.PropertyType]bool, perZIP bool, c costs) {
	for i := range asks {
		a := &asks[i]
		switch {
		case a.market:
			a.cost = c.market
		case a.group == a.key: // a property by id
			a.cost = c.property
		default:
			a.cost = c.listing
			zip, t := a.group, realty.PropertyType(a.key[len(a.group)+1:])
			if !perZIP || !fill[zip][t] {
				a.group = a.key
			}
		}
	}
}
