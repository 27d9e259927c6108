package attom

import (
	"context"
	"errors"

	"realtybot/realty"
)

// EndpointCheck is how one endpoint answered the smallest request the bot
// can make of it.
type EndpointCheck struct {
	Endpoint string
	Err      error // nil: available; RefusalOf(Err) tells a refusal (not billed; the fix is the key or the plan)
}

// EndpointsBillable is how many billable calls ProbeEndpoints may spend:
// one each for /avm/snapshot, /attomavm/detail and the sales trend; the
// location lookup is free.
const EndpointsBillable = 3

// EndpointsMost is the most ProbeEndpoints may spend in the client's unit:
// a page of one, ATTOM's default page of /attomavm/detail by ZIP (when the
// snapshot gave no property to ask by id), one year of one trend.
func (c *Client) EndpointsMost() int64 {
	return c.Reserves(1) + c.Reserves(DefaultPageSize) + c.Reserves(1)
}

// ProbeEndpoints asks every endpoint the bot uses for zip, each with its
// smallest request (a page of one, one property, one year of the trend),
// reserved in the ledger like any call, and says how each answered.
func (c *Client) ProbeEndpoints(ctx context.Context, zip string, year int) []EndpointCheck {
	geo, err := c.LookupZIP(ctx, zip)
	out := []EndpointCheck{{Endpoint: PathLocationLookup, Err: err}}
	if err == nil && geo == "" {
		out[0].Err = errors.New("ATTOM knows no such ZIP; try another")
	}
	page, err := c.avmSnapshot(ctx, AreaQuery{ZIP: zip, PageSize: 1})
	out = append(out, EndpointCheck{Endpoint: PathAVMSnapshot, Err: err})
	var id int64
	if err == nil && len(page.Properties) > 0 {
		id = page.Properties[0].ID()
		if geo == "" {
			geo = ZIPGeoIDV4(zip, page.Properties)
		}
	}
	detail := EndpointCheck{Endpoint: PathAVMDetail}
	if id > 0 {
		_, detail.Err = c.AVM(ctx, id)
	} else {
		_, detail.Err = c.avmDetailByZIP(ctx, zip) // without a property from the snapshot, the ZIP's page
	}
	out = append(out, detail)
	trend := EndpointCheck{Endpoint: PathSalesTrend}
	if geo == "" {
		trend.Err = errors.New("not asked: no geoIdV4 for the ZIP")
	} else {
		_, trend.Err = c.SalesTrend(ctx, geo, V4(realty.SFR), year, year)
	}
	return append(out, trend)
}
