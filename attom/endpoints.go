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

// DefaultPageSize is ATTOM's page when none is asked ("pagesize (default
// 10)"): the most records /attomavm/detail by postalCode may carry.
const DefaultPageSize = 10

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
	_, cost, err := c.getStatus(ctx, PathAVMSnapshot, q, &out, min(max(aq.PageSize, 1), MaxPageSize))
	if err != nil {
		return nil, err
	}
	out.Cost = cost
	return &out, nil
}

// avmDetailByZIP is a ZIP's page from /attomavm/detail, which documents
// postalCode but not whether it pages or takes other filters: only
// postalCode is sent, and ATTOM's default page comes back.
func (c *Client) avmDetailByZIP(ctx context.Context, zip string) (*PropertyPage, error) {
	var out PropertyPage
	_, cost, err := c.getStatus(ctx, PathAVMDetail, url.Values{"postalCode": {zip}}, &out, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	out.Cost, out.Untyped = cost, true
	return &out, nil
}

// refusedByPlan reports whether err is ATTOM refusing an endpoint to the
// key for the plan's sake (403), now or within RefusalKept.
func refusedByPlan(err error) bool {
	f, ok := RefusalOf(err)
	return ok && !f.KeyRefused()
}

// V4All asks the sales trend for a series of each property type ("Use ALL
// to get sales trends for each property type").
const V4All = "ALL"

// v4Series is how many series an ALL answer may hold: the v4 enum less ALL.
const v4Series = 13

// maxTrendPages bounds one trend read: ATTOM does not document whether the
// trend pages, so a status whose total exceeds the items is followed, each
// page a call of its own, up to this many.
const maxTrendPages = 4

// Trend is one read of a ZIP's sales trend: its yearly intervals (a series
// per property type when ALL was asked) and what it cost.
type Trend struct {
	Items []SalesTrend
	Cost  int64 // billed units: calls, or records under record billing
	Pages int   // pages read
}

// SalesTrend returns the yearly sales trend of a ZIP (its geoIdV4 from the
// free lookup or any property item) for one v4 property type (V4), or for
// every type (V4All). Under record billing each interval of each series is
// a record, so the reservation covers every interval the answer may hold.
// On an error the trend holds what was read and paid for before it.
func (c *Client) SalesTrend(ctx context.Context, geoIDV4, v4Type string, startYear, endYear int) (*Trend, error) {
	out := &Trend{}
	most := endYear - startYear + 1
	if v4Type == V4All {
		most *= v4Series
	}
	for page := 1; page <= maxTrendPages; page++ {
		q := url.Values{
			"geoIdV4":      {geoIDV4},
			"interval":     {"yearly"},
			"startYear":    {strconv.Itoa(startYear)},
			"endYear":      {strconv.Itoa(endYear)},
			"propertyType": {v4Type},
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		var r salesTrendResponse
		found, cost, err := c.getStatus(ctx, PathSalesTrend, q, &r, most)
		out.Cost += cost
		if err != nil {
			return out, err
		}
		if !found {
			return out, nil
		}
		out.Pages++
		out.Items = append(out.Items, r.SalesTrends...)
		total := int(r.Status.Total)
		if total <= len(out.Items) || len(r.SalesTrends) == 0 {
			return out, nil
		}
		most = total - len(out.Items)
	}
	c.log.Warn("attom: the sales trend has more pages than are read", "pages", maxTrendPages, "items", len(out.Items))
	return out, nil
}

// AVM returns one property with its valuation block, or nil when none.
func (c *Client) AVM(ctx context.Context, attomID int64) (*Property, error) {
	var out PropertyPage
	found, err := c.get(ctx, PathAVMDetail, url.Values{"attomId": {strconv.FormatInt(attomID, 10)}}, &out, 1)
	if err != nil || !found || len(out.Properties) == 0 {
		return nil, err
	}
	return &out.Properties[0], nil
}
