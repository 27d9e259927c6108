package attom_test

import (
	"context"
	"testing"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/realty"
)

// Without /avm/snapshot in the plan, a ZIP's page comes from
// /attomavm/detail by postalCode alone (the docs say nothing of its paging
// or filters): a sample of every kind of parcel, valued, marked Untyped,
// for one billed call; the refused request is not billed.
func TestAZIPPageWithoutAVMSnapshot(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	f.srv.Refuse(attom.PathAVMSnapshot, 403)
	ctx := context.Background()
	for range 2 {
		page, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.Condo, PageSize: 100})
		if err != nil || !page.Untyped || !page.Billed() || len(page.Properties) == 0 || len(page.Properties) > 10 {
			t.Fatalf("page %+v: %v", page, err)
		}
		kinds, valued := map[realty.PropertyType]bool{}, 0
		for i := range page.Properties {
			if ty, ok := attom.TypeOf(&page.Properties[i]); ok {
				kinds[ty] = true
			}
			if price, basis := page.Properties[i].Price(); basis == attom.BasisAVM && price > 0 {
				valued++
			}
		}
		if len(kinds) < 2 || valued == 0 {
			t.Fatalf("kinds %v, %d valued; want a valued sample of every kind", kinds, valued)
		}
	}
	if f.srv.CallsTo(attom.PathAVMSnapshot) != 1 || f.srv.CallsTo(attom.PathAVMDetail) != 2 {
		t.Fatalf("requests: snapshot %d, detail %d", f.srv.CallsTo(attom.PathAVMSnapshot), f.srv.CallsTo(attom.PathAVMDetail))
	}
	if u := f.consistent(t); u.Today != 2 {
		t.Fatalf("%d calls counted, want the 2 detail pages", u.Today)
	}
}
