package handlers

import (
	"context"
	"strconv"
	"strings"

	"realtybot/market/filter"
	"realtybot/realty"
)

// Callback is a parsed button press: a results page ("s:<zip>:<type>:<page>
// [:<filters>]"), or a property opened from one ("p:<id>:<page>[:<filters>]";
// Search then holds the page and filters to go back to); a deals list
// ("d:<market|->:<ceiling $k|->"), or a property opened from one
// ("q:<id>:<market|->:<ceiling>"; Deals is the list to go back to).
type Callback struct {
	Search SearchArgs
	Deals  *DealsArgs
	ID     string // the property to open; empty for a list
}

// ParseCallback validates callback data coming back from Telegram: anything
// but a well-formed button of ours is refused, so no input can build a
// cache key outside the valid ZIP, type and id space.
func ParseCallback(data string) (Callback, bool) {
	if len(data) > 64 {
		return Callback{}, false
	}
	parts := strings.Split(data, ":")
	switch {
	case len(parts) == 3 && parts[0] == "d":
		d, ok := parseDeals(parts[1], parts[2])
		return Callback{Deals: &d}, ok
	case len(parts) == 4 && parts[0] == "q":
		d, ok := parseDeals(parts[2], parts[3])
		if !ok || !buttonID(parts[1]) {
			return Callback{}, false
		}
		return Callback{Deals: &d, ID: parts[1]}, true
	}
	if len(parts) == 5 || (len(parts) == 4 && parts[0] == "p") {
		f, ok := filter.Decode(parts[len(parts)-1])
		if !ok || f.IsZero() {
			return Callback{}, false
		}
		parts = parts[:len(parts)-1]
		c, ok := parseCallback(parts)
		c.Search.Filter = f
		return c, ok
	}
	return parseCallback(parts)
}

func parseCallback(parts []string) (Callback, bool) {
	page := func(s string) (int, bool) {
		p, err := strconv.Atoi(s)
		return p, err == nil && p >= 1 && p <= 99 && strconv.Itoa(p) == s
	}
	switch {
	case len(parts) == 3 && parts[0] == "p":
		p, ok := page(parts[2])
		if !ok || !buttonID(parts[1]) {
			return Callback{}, false
		}
		return Callback{ID: parts[1], Search: SearchArgs{Page: p}}, true
	case len(parts) == 4 && parts[0] == "s":
		z, err := realty.ParseZip(parts[1])
		if err != nil || string(z) != parts[1] {
			return Callback{}, false
		}
		t := realty.PropertyType(parts[2])
		p, ok := page(parts[3])
		if !t.Valid() || !ok {
			return Callback{}, false
		}
		return Callback{Search: SearchArgs{ZIP: z, Type: t, Page: p}}, true
	}
	return Callback{}, false
}

func (h *Handler) callback(ctx context.Context, data string) Reply {
	c, ok := ParseCallback(data)
	if !ok {
		return Reply{Toast: "This button is out of date; send the command again."}
	}
	if c.Deals != nil && c.ID == "" {
		r := h.dealsReply(ctx, *c.Deals, "")
		r.Text, r.Toast = h.f.Fit(r.Text), "deals"
		return r
	}
	if c.ID != "" {
		r := h.propertyReply(ctx, c.ID, c.Search, c.Deals)
		if len(r.IDs) == 0 { // not found or not reachable: keep the results in place, say why briefly
			return Reply{Toast: "This property cannot be shown now; try /property " + c.ID + " later."}
		}
		r.Text, r.Toast = h.f.Fit(r.Text), "property "+c.ID
		return r
	}
	a := c.Search
	r := h.searchReply(ctx, a)
	r.Text, r.Toast = h.f.Fit(r.Text), string(a.ZIP)+" "+string(a.Type)+", page "+strconv.Itoa(a.Page)
	return r
}
