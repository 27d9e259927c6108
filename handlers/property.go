package handlers

import (
	"context"
	"math"

	"realtybot/market"
	"realtybot/realty"
)

const propertyUsage = "/property <id>"

func (h *Handler) property(ctx context.Context, args []string) Reply {
	if len(args) == 0 {
		return Reply{Text: "Which property? Usage: " + h.f.Code(h.f.Esc(propertyUsage)) + " (ids are shown in /search results)"}
	}
	return h.propertyReply(ctx, args[0], SearchArgs{}, nil)
}

// propertyReply answers one property. back is the results page it was
// opened from (Page 0: none), or deals the deals list; its buttons lead back
// there and to homes like it in the same ZIP.
func (h *Handler) propertyReply(ctx context.Context, id string, back SearchArgs, deals *DealsArgs) Reply {
	r, p, err := h.svc.Property(ctx, id)
	if err != nil {
		return Reply{Text: h.userError(err, propertyUsage)}
	}
	reply := Reply{Text: h.w.Record(r, p), Source: p.Source, Fetched: fetched(p), IDs: []string{r.ID}}
	like := similar(&r.Basic)
	if !h.Keyboards {
		reply.Text += "\nSimilar in this ZIP: /search " + r.Basic.ZIP + " " + string(r.Basic.Type)
		if w := like.Filter.Words(); w != "" {
			reply.Text += " " + h.f.Esc(w)
		}
		return reply
	}
	var k keys
	switch {
	case deals != nil:
		d := *deals
		k.button("◀ back to deals", func(b []byte) []byte { return appendDealsData(append(b, "d:"...), d) })
	case back.Page > 0:
		back.ZIP, back.Type = realty.Zip(r.Basic.ZIP), r.Basic.Type
		enc := back.Filter.AppendEncode(nil)
		k.button("◀ back to results", func(b []byte) []byte { return appendSearchData(b, back, back.Page, enc) })
	}
	enc := like.Filter.AppendEncode(nil)
	k.button("similar in this ZIP", func(b []byte) []byte { return appendSearchData(b, like, 1, enc) })
	reply.Keyboard = k.build()
	return reply
}

// similar is the search for homes like bi in its ZIP: its type, a value
// within 15% either way (rounded to $1k), and at least its bedrooms.
func similar(bi *market.Basic) SearchArgs {
	a := SearchArgs{ZIP: realty.Zip(bi.ZIP), Type: bi.Type, Page: 1}
	if bi.Price > 0 {
		a.Filter.MinPrice = math.Floor(bi.Price*0.85/1000) * 1000
		a.Filter.MaxPrice = math.Ceil(bi.Price*1.15/1000) * 1000
	}
	if bi.Beds > 0 {
		a.Filter.MinBeds = bi.Beds
	}
	if !a.Type.Valid() {
		a.Type = realty.SFR
	}
	return a
}
