package attom

import (
	"context"
	"fmt"
	"net/url"
	"realtybot/realty"
	"strconv"
	"strings"
)

// Paths of the resources the bot uses. The v4 sales trend is documented both
// with and without the /propertyapi prefix; the gateway serves it without.
const (
	PathAVMSnapshot = "/propertyapi/v1.0.0/avm/snapshot"
	PathAVMDetail   = "/propertyapi/v1.0.0/attomavm/detail"
	PathSalesTrend  = "/v4/transaction/salestrend"
)

// EndpointName is an endpoint as ATTOM's documentation names it
// ("/avm/snapshot"), without the gateway's version prefix.
func EndpointName(path string) string {
	if _, rest, ok := strings.Cut(path, "/propertyapi/v1.0.0"); ok {
		return rest
	}
	return path
}

// MaxPageSize is ATTOM's largest page ("Maximum number of records in a single
// response: 100").
const MaxPageSize = 100

// SampleOrder is the sort of an area sample: the records ATTOM updated most
// recently first (a sale, a new valuation), so a page of 100 out of the
// thousands of parcels in a ZIP shows the homes with recent activity.
const SampleOrder = "calendardate desc"

// AreaQuery asks for one page of a ZIP's properties with their valuations.
type AreaQuery struct {
	ZIP      string
	Type     realty.PropertyType // "": every kind of parcel (a mixed sample)
	Page     int                 // 1-based
	PageSize int                 // at most MaxPageSize
	OrderBy  string              // one sort key; "" is SampleOrder
}

// AVMSnapshot lists one page of a ZIP's properties from /avm/snapshot, the
// area resource that carries a value (ATTOM's AVM) for every property. A type
// is asked for with its one documented filter value. A ZIP with no match
// returns an empty page and no error.
//
// When ATTOM refuses /avm/snapshot to the key (403: new plans may not
// include it), the page comes from /attomavm/detail by postalCode instead:
// a sample of every kind of parcel (Untyped), whatever type was asked.
func (c *Client) AVMSnapshot(ctx context.Context, aq AreaQuery) (*PropertyPage, error) {
	page, err := c.avmSnapshot(ctx, aq)
	if refusedByPlan(err) {
		return c.avmDetailByZIP(ctx, aq.ZIP)
	}
	return page, err
}

func (c *Client) avmSnapshot(ctx context.Context, aq AreaQuery) (*PropertyPage, error) {
	q := url.Values{
		"postalCode": {aq.ZIP},
		"page":       {strconv.Itoa(max(aq.Page, 1))},
		"pageSize":   {strconv.Itoa(min(max(aq.PageSize, 1), MaxPageSize))},
		"orderBy":    {aq.OrderBy},
	}
	if aq.OrderBy == "" {
		q.Set("orderBy", SampleOrder)
	}
	if aq.Type != "" {
		if !aq.Type.Valid() {
			return nil, fmt.Errorf("attom: unknown property type %q", aq.Type)
		}
		f := FilterFor(aq.Type)
		q.Set(f.Name, f.Value)
	}
	var out PropertyPage
	_, billed, err := c.getStatus(ctx, PathAVMSnapshot, q, &out)
	if err != nil {
		return nil, err
	}
	out.Billed = billed
	return &out, nil
}

// avmDetailByZIP is a ZIP's page from /attomavm/detail, which documents
// postalCode but not whether it pages or takes other filters: only
// postalCode is sent, and ATTOM's default page comes back.
func (c *Client) avmDetailByZIP(ctx context.Context, zip string) (*PropertyPage, error) {
	var out PropertyPage
	_, billed, err := c.getStatus(ctx, PathAVMDetail, url.Values{"postalCode": {zip}}, &out)
	if err != nil {
		return nil, err
	}
	out.Billed, out.Untyped = billed, true
	return &out, nil
}

// refusedByPlan reports whether err is ATTOM refusing an endpoint to the
// key for the plan's sake (403), now or within RefusalKept.
func refusedByPlan(err error) bool {
	f, ok := RefusalOf(err)
	return ok && !f.KeyRefused()
}

// SalesTrend returns the yearly sales trend of a ZIP (its geoIdV4 comes from
// any property item, Property.Location.GeoIDV4.ZI) for one property type.
func (c *Client) SalesTrend(ctx context.Context, geoIDV4 string, t realty.PropertyType, startYear, endYear int) ([]SalesTrend, error) {
	q := url.Values{
		"geoIdV4":      {geoIDV4},
		"interval":     {"yearly"},
		"startYear":    {strconv.Itoa(startYear)},
		"endYear":      {strconv.Itoa(endYear)},
		"propertyType": {V4(t)},
	}
	var out salesTrendResponse
	if _, err := c.get(ctx, PathSalesTrend, q, &out); err != nil {
		return nil, err
	}
	return out.SalesTrends, nil
}

// AVM returns one property with its valuation block, or nil when none.
func (c *Client) AVM(ctx context.Context, attomID int64) (*Property, error) {
	var out PropertyPage
	found, err := c.get(ctx, PathAVMDetail, url.Values{"attomId": {strconv.FormatInt(attomID, 10)}}, &out)
	if err != nil || !found || len(out.Properties) == 0 {
		return nil, err
	}
	return &out.Properties[0], nil
}
