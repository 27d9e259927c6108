package attom

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Paths of the resources the bot uses.
const (
	PathSnapshot   = "/propertyapi/v1.0.0/property/snapshot"
	PathDetail     = "/propertyapi/v1.0.0/property/detail"
	PathAVMDetail  = "/propertyapi/v1.0.0/attomavm/detail"
	PathSalesTrend = "/v4/transaction/salestrend"
)

// MaxPageSize is ATTOM's largest page.
const MaxPageSize = 100

// Snapshot lists properties of type t in a ZIP (one page). A ZIP with no match
// returns an empty page and no error.
func (c *Client) Snapshot(ctx context.Context, zip string, t PropertyType, page, pageSize int) (*PropertyPage, error) {
	if !t.Valid() {
		return nil, fmt.Errorf("attom: unknown property type %q", t)
	}
	return c.snapshot(ctx, zip, t.V1(), page, pageSize)
}

// SnapshotAll lists properties of every type in a ZIP in one call (the
// v1 values of all types joined with "|"): one billable call fills the
// listings of every type.
func (c *Client) SnapshotAll(ctx context.Context, zip string, page, pageSize int) (*PropertyPage, error) {
	var all []string
	for _, t := range PropertyTypes {
		all = append(all, t.V1())
	}
	return c.snapshot(ctx, zip, strings.Join(all, "|"), page, pageSize)
}

func (c *Client) snapshot(ctx context.Context, zip, v1 string, page, pageSize int) (*PropertyPage, error) {
	q := url.Values{
		"postalcode":   {zip},
		"propertytype": {v1},
		"page":         {strconv.Itoa(max(page, 1))},
		"pagesize":     {strconv.Itoa(min(max(pageSize, 1), MaxPageSize))},
		"orderby":      {"publisheddate"},
	}
	var out PropertyPage
	if _, err := c.get(ctx, PathSnapshot, q, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SalesTrend returns the yearly sales trend of a ZIP (its geoIdV4 comes from
// any property item, Property.Location.GeoIDV4.ZI).
func (c *Client) SalesTrend(ctx context.Context, geoIDV4 string, t PropertyType, startYear, endYear int) ([]SalesTrend, error) {
	q := url.Values{
		"geoidv4":      {geoIDV4},
		"interval":     {"yearly"},
		"startyear":    {strconv.Itoa(startYear)},
		"endyear":      {strconv.Itoa(endYear)},
		"propertytype": {t.V4()},
	}
	var out salesTrendResponse
	if _, err := c.get(ctx, PathSalesTrend, q, &out); err != nil {
		return nil, err
	}
	return out.SalesTrends, nil
}

// Detail returns one property by ATTOM id, or nil when ATTOM has no match.
func (c *Client) Detail(ctx context.Context, attomID int64) (*Property, error) {
	return c.one(ctx, PathDetail, attomID)
}

// AVM returns one property with its valuation block, or nil when none.
func (c *Client) AVM(ctx context.Context, attomID int64) (*Property, error) {
	return c.one(ctx, PathAVMDetail, attomID)
}

func (c *Client) one(ctx context.Context, path string, id int64) (*Property, error) {
	var out PropertyPage
	found, err := c.get(ctx, path, url.Values{"attomid": {strconv.FormatInt(id, 10)}}, &out)
	if err != nil || !found || len(out.Properties) == 0 {
		return nil, err
	}
	return &out.Properties[0], nil
}
