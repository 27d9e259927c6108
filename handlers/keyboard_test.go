package handlers_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"realtybot/chart"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/realty"
)

func TestSearchKeyboardAndButtons(t *testing.T) {
	f := newFixture(t, reply.HTML)
	f.h.Keyboards = true
	r := f.h.Handle(context.Background(), handlers.Request{UserID: agent, ChatID: agent, Text: "/search 78701"})
	if len(r.Keyboard.Rows()) < 3 {
		t.Fatalf("keyboard %+v", r.Keyboard.Rows())
	}
	var datas []string
	for _, row := range r.Keyboard.Rows() {
		for _, b := range row {
			if len(b.Data) == 0 || len(b.Data) > 64 {
				t.Fatalf("callback data %q outside 1-64 bytes", b.Data)
			}
			datas = append(datas, b.Data)
		}
	}
	if !strings.Contains(strings.Join(datas, " "), "s:78701:sfr:2") {
		t.Fatalf("no next-page button: %v", datas)
	}
	page := f.h.Handle(context.Background(), handlers.Request{UserID: agent, ChatID: agent, Callback: "s:78701:sfr:2"})
	if !strings.Contains(page.Text, "Showing 9–16") || page.Toast == "" {
		t.Fatalf("page 2: %+v", page)
	}
	if r := f.h.Handle(context.Background(), handlers.Request{UserID: stranger, Callback: "s:78701:sfr:2"}); r.Text != "" || !strings.Contains(r.Toast, "registered agents") {
		t.Fatalf("a stranger's button: %+v", r)
	}
	if f.srv.Billable() != 1 {
		t.Fatalf("billed %d, want 1", f.srv.Billable())
	}
}

func TestParseCallbackRefusesAnythingElse(t *testing.T) {
	if c, ok := handlers.ParseCallback("s:78701:condo:3"); !ok || c.Search.ZIP != "78701" || c.Search.Type != realty.Condo || c.Search.Page != 3 || c.ID != "" {
		t.Fatalf("valid data: %+v %v", c, ok)
	}
	if c, ok := handlers.ParseCallback("p:1234:2:u500000,b3"); !ok || c.ID != "1234" || c.Search.Page != 2 || c.Search.Filter.MaxPrice != 500000 || c.Search.Filter.MinBeds != 3 {
		t.Fatalf("a property button: %+v %v", c, ok)
	}
	for _, bad := range []string{"", "s:78701:condo", "s:78701:condo:3:x", "x:78701:condo:1", "s:7870:condo:1", "s:78701-1234:condo:1",
		"s:78701:castle:1", "s:78701:condo:0", "s:78701:condo:100", "s:78701:condo:01", "s:78701:Condo:1", strings.Repeat("s", 65),
		"s:78701:condo:1:", "s:78701:condo:1:x9", "p:0:1", "p:01234:1", "p:1234", "p:1234:1:", "p:abc:1", "p:1234:1:b3:x"} {
		if _, ok := handlers.ParseCallback(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestConsoleSearchSaysHowToPage(t *testing.T) {
	f := newFixture(t, reply.Plain)
	out := f.say(agent, "/search 78701 sfr 2")
	if !strings.Contains(out, "Showing 9–16") || !strings.Contains(out, "next: /search 78701 sfr 3") || !strings.Contains(out, "Page 2 of ") {
		t.Fatalf("page 2 in the console:\n%s", out)
	}
	if out := f.say(agent, "/search 78701 sfr 0"); !strings.Contains(out, "between 1 and 99") {
		t.Fatalf("page 0: %s", out)
	}
}

func TestMarketChartIsAPNG(t *testing.T) {
	f := newFixture(t, reply.HTML)
	f.h.Keyboards, f.h.Charts = true, true
	r := f.h.Handle(context.Background(), handlers.Request{UserID: agent, ChatID: agent, Text: "/market 78701"})
	img, err := png.Decode(bytes.NewReader(r.Photo))
	if err != nil || img.Bounds().Dx() != 720 || img.Bounds().Dy() != 480 {
		t.Fatalf("chart: %v, bounds %v", err, img.Bounds())
	}
	if _, err := chart.Trend(&market.MarketData{ZIP: "78701"}, time.Now(), ""); err == nil {
		t.Fatal("a chart without a trend")
	}
}

// A button per home opens it in place; the property's buttons lead back to
// the same filtered page and to homes like it; neither spends a call.
func TestPropertyButtonsOpenInPlaceAndLeadBack(t *testing.T) {
	f := newFixture(t, reply.HTML)
	f.h.Keyboards = true
	ctx := context.Background()
	r := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Text: "/search 78701 sfr under 900k 2+ beds 2"})
	var open string
	for _, row := range r.Keyboard.Rows() {
		for _, b := range row {
			if strings.HasPrefix(b.Data, "p:") && open == "" {
				open = b.Data
			}
		}
	}
	if open != "p:"+r.IDs[0]+":2:u900000,b2" {
		t.Fatalf("first home's button %q, ids %v", open, r.IDs)
	}
	p := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: open})
	if !strings.Contains(p.Text, "Analysis") || len(p.Keyboard.Rows()) != 1 || len(p.Keyboard.Rows()[0]) != 2 {
		t.Fatalf("property in place: %+v", p)
	}
	back, like := p.Keyboard.Rows()[0][0], p.Keyboard.Rows()[0][1]
	if back.Data != "s:78701:sfr:2:u900000,b2" || !strings.Contains(back.Text, "back") || !strings.HasPrefix(like.Data, "s:78701:sfr:1:o") {
		t.Fatalf("buttons %+v", p.Keyboard.Rows())
	}
	page := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: back.Data})
	if strings.Join(page.IDs, " ") != strings.Join(r.IDs, " ") || !strings.Contains(page.Text, "under $900k · 2+ beds") {
		t.Fatalf("back to results shows another page:\n%s\nwant\n%s", page.Text, r.Text)
	}
	if s := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: like.Data}); !strings.Contains(s.Text, "matching") {
		t.Fatalf("similar: %s", s.Text)
	}
	if gone := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: "p:999999999:1"}); gone.Text != "" || gone.Toast == "" {
		t.Fatalf("a property that cannot be shown replaced the results: %+v", gone)
	}
	if f.srv.Billable() != 1 {
		t.Fatalf("billed %d, want the one search", f.srv.Billable())
	}
}

// /deals has a button per home; the property it opens leads back to the
// same deals list.
func TestDealsButtonsLeadBackToTheList(t *testing.T) {
	f := newFixture(t, reply.HTML)
	f.h.Keyboards = true
	ctx := context.Background()
	f.say(agent, "/search 78701 sfr")
	r := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Text: "/deals 900k"})
	if len(r.IDs) == 0 || len(r.Keyboard.Rows()) == 0 {
		t.Fatalf("deals: %+v", r)
	}
	first := r.Keyboard.Rows()[0][0].Data
	if first != "q:"+r.IDs[0]+":-:900" {
		t.Fatalf("first deal's button %q", first)
	}
	p := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: first})
	if len(p.Keyboard.Rows()) != 1 || p.Keyboard.Rows()[0][0].Data != "d:-:900" {
		t.Fatalf("property from deals: %+v", p.Keyboard.Rows())
	}
	back := f.h.Handle(ctx, handlers.Request{UserID: agent, ChatID: agent, Callback: "d:-:900"})
	if strings.Join(back.IDs, " ") != strings.Join(r.IDs, " ") || !strings.Contains(back.Text, "under $900,000") {
		t.Fatalf("back to deals: %s", back.Text)
	}
	for _, bad := range []string{"d:warm:900", "d:-:0", "d:-:09", "q:x:-:-", "d:hot"} {
		if _, ok := handlers.ParseCallback(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
