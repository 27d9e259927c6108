package handlers_test

import (
	"strings"
	"testing"

	"realtybot/handlers"
	"realtybot/market"
	"realtybot/realty"
)

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/search 78701 sfr", "/search@RealtyBot 78701-1234 condo 2", "/", "hello", "/deals hot 400k", "/ä", "/search\x00 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := handlers.ParseCommand(s)
		if !ok {
			return
		}
		if c.Name == "" || strings.ContainsAny(c.Name, "@/ \t\n") || c.Name != strings.ToLower(c.Name) || len(c.Args) > handlers.MaxArgs {
			t.Fatalf("%q parsed as %+v", s, c)
		}
	})
}

func FuzzParseCallback(f *testing.F) {
	for _, s := range []string{"s:78701:sfr:1", "s:78701:condo:99", "s::sfr:1", "s:78701:sfr:-1", "s:1e5:sfr:1", "s:78701:sfr:1:u500000,b3", "p:1234:2", "p:1234:2:b3", "d:hot:400", "d:-:-", "q:1234:stable:-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := handlers.ParseCallback(s)
		if !ok {
			return
		}
		// Whatever is accepted builds a key inside the validated space.
		if c.Deals != nil {
			if _, ok := market.ParseType(string(c.Deals.Market)); c.Deals.Market != "" && !ok || c.Deals.MaxPrice < 0 {
				t.Fatalf("%q accepted as deals %+v", s, c.Deals)
			}
			if _, err := realty.ParseID(c.ID); c.ID != "" && err != nil {
				t.Fatalf("%q accepted with id %q", s, c.ID)
			}
			return
		}
		a := c.Search
		if a.Page < 1 || a.Page > 99 {
			t.Fatalf("%q accepted with page %d", s, a.Page)
		}
		if c.ID != "" {
			if _, err := realty.ParseID(c.ID); err != nil {
				t.Fatalf("%q accepted with id %q", s, c.ID)
			}
			return
		}
		if z, err := realty.ParseZip(string(a.ZIP)); err != nil || z != a.ZIP || !a.Type.Valid() {
			t.Fatalf("%q accepted as %+v", s, a)
		}
	})
}
