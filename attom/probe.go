package attom

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// ProbeFields are the fields of an /avm/snapshot item the bot relies on,
// as ATTOM's field list names them.
var ProbeFields = []string{
	"identifier.attomId", "address.oneLine", "address.postal1", "location.geoIdV4",
	"summary.propType", "summary.propIndicator", "summary.yearBuilt",
	"building.size.universalsize", "building.rooms.beds", "building.rooms.bathstotal", "lot.lotSize1",
	"avm.amount.value", "avm.amount.low", "avm.amount.high", "avm.amount.scr",
}

// ProbeExtras are the fields of an /avm/snapshot item the bot shows when
// present (the valuation's date, last month's change, value per sqft, the
// map link's point): each call pays for them, and a missing one is left
// out of replies, not a failure.
var ProbeExtras = []string{
	"avm.eventDate", "avm.calculations.monthlyChgValue", "avm.calculations.perSizeUnit",
	"location.latitude", "location.longitude",
}

// ProbeReport is what one live call said about the fields the bot uses.
type ProbeReport struct {
	Cost    int64          // what ATTOM billed: one call, or the records it carried
	Asked   int            // the page size asked
	Found   bool           // the ZIP had results
	Total   int            // status.total: records ATTOM has for the ZIP
	Items   int            // items on the page
	Present map[string]int // field → items that carry it (non-empty)
}

// ProbePageSize is the size of the probe's page. Under call billing a page
// of 100 costs what a page of 1 does and gives the surest count of each
// field; under record billing each record is billed, so 10 are asked.
func (c *Client) ProbePageSize() int {
	if c.unit.Records() {
		return DefaultPageSize
	}
	return MaxPageSize
}

// rawPage is an /avm/snapshot page with its items undecoded, billed per item.
type rawPage struct {
	Status     Status           `json:"status"`
	Properties []map[string]any `json:"property"`
}

func (p *rawPage) records() int { return len(p.Properties) }

// Probe spends one call (reserved in the ledger like any other) on a
// mixed page of /avm/snapshot for zip (ProbePageSize), and counts, for each
// of ProbeFields, the items that carry it. It is how an operator checks a
// new key against what the bot expects, before trusting it with agents'
// questions.
func (c *Client) Probe(ctx context.Context, zip string) (*ProbeReport, error) {
	size := c.ProbePageSize()
	q := url.Values{"postalCode": {zip}, "pageSize": {strconv.Itoa(size)}, "orderBy": {SampleOrder}}
	var page rawPage
	found, cost, err := c.getStatus(ctx, PathAVMSnapshot, q, &page, size)
	r := &ProbeReport{Cost: cost, Asked: size, Found: found, Present: map[string]int{}}
	if err != nil || !found {
		return r, err
	}
	r.Total, r.Items = int(page.Status.Total), len(page.Properties)
	for _, it := range page.Properties {
		for _, f := range append(ProbeFields, ProbeExtras...) {
			if present(it, strings.Split(f, ".")) {
				r.Present[f]++
			}
		}
	}
	return r, nil
}

// present reports whether path leads to a non-empty value, matching names
// without case, as ATTOM's spelling varies between endpoints.
func present(v any, path []string) bool {
	if len(path) == 0 {
		switch x := v.(type) {
		case nil:
			return false
		case string:
			return strings.TrimSpace(x) != ""
		case map[string]any:
			return len(x) > 0
		}
		return true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, e := range m {
		if strings.EqualFold(k, path[0]) {
			return present(e, path[1:])
		}
	}
	return false
}

// Missing lists the fields no item carried.
func (r *ProbeReport) Missing() []string {
	var out []string
	for _, f := range ProbeFields {
		if r.Present[f] == 0 {
			out = append(out, f)
		}
	}
	return out
}
