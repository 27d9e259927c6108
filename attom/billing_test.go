package attom_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/storetest"
)

// recordFixture is a client that ATTOM bills per record, with its own
// ledger of 13 records a day.
func recordFixture(t *testing.T) *fixture {
	t.Helper()
	b := storetest.Bolt(t)
	led := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3, Unit: quota.UnitRecord}, time.Now)
	f := newFixture(t, attomtest.Key, attom.WithLedger(led), attom.WithBilling(quota.UnitRecord))
	f.ledger = led
	return f
}

// Each call reserves the most records its answer can carry and settles to
// those it carried: the ledger counts what ATTOM's answers carried, and a
// page that would not fit in what is left is never sent.
func TestRecordBillingSettlesEachCallToItsRecords(t *testing.T) {
	f := recordFixture(t)
	ctx := context.Background()
	page, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", PageSize: 4})
	if err != nil || page.Cost != 4 || len(page.Properties) != 4 {
		t.Fatalf("a page of 4: %v, cost %d", err, page.Cost)
	}
	tr, err := f.client.SalesTrend(ctx, attomtest.GeoIDV4("78701"), attom.V4(realty.SFR), 2023, 2025)
	if err != nil || tr.Cost != 3 || len(tr.Items) != 3 {
		t.Fatalf("three years of one type: %v %+v", err, tr)
	}
	// SuccessWithoutResult on HTTP 200 carries no record: nothing is billed.
	f.srv.NoResultAsHTTP200(true)
	if none, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "00012", PageSize: 5}); err != nil || none.Cost != 0 || none.Billed() {
		t.Fatalf("no result: %v %+v", err, none)
	}
	u := f.consistent(t)
	if u.Today != 7 || u.Today != f.srv.BillableRecords() {
		t.Fatalf("the ledger counts %d records, ATTOM's answers carried %d; want 7 both", u.Today, f.srv.BillableRecords())
	}
	sent := f.srv.Calls()
	if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78702", PageSize: 10}); !errors.Is(err, quota.ErrDailyLimit) || f.srv.Calls() != sent {
		t.Fatalf("a page of 10 with 6 records left: %v after %d more requests; want the daily limit, unsent", err, f.srv.Calls()-sent)
	}
	// A body that cannot be read keeps all it reserved: its records are unknown.
	f.srv.FailNext(1, attomtest.Garbage)
	if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78702", PageSize: 6}); !errors.Is(err, attom.ErrDecode) {
		t.Fatalf("garbage: %v", err)
	}
	if u, _ := f.ledger.Usage(ctx); u.Today != 13 {
		t.Fatalf("after an unreadable page of 6: %d counted, want 13", u.Today)
	}
}

// ATTOM does not document whether the sales trend pages: a status whose
// total exceeds the items is followed page by page, each page a call.
func TestTheTrendIsReadAcrossPages(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	f.srv.TrendPages(5)
	tr, err := f.client.SalesTrend(context.Background(), attomtest.GeoIDV4("78701"), attom.V4All, 2024, 2025)
	if err != nil || tr.Pages != 3 || tr.Cost != 3 || f.srv.CallsTo(attom.PathSalesTrend) != 3 {
		t.Fatalf("%v: %d pages, cost %d, %d requests; want 3 each", err, tr.Pages, tr.Cost, f.srv.CallsTo(attom.PathSalesTrend))
	}
	types := map[string]int{}
	for _, it := range tr.Items {
		types[string(it.Category.TypeValue)]++
	}
	if len(tr.Items) != 12 || len(types) != 6 || types["CONDO/TOWNHOME"] != 2 {
		t.Fatalf("%d items of %v; want two years of each of 6 types", len(tr.Items), types)
	}
	f.consistent(t)
}

// Land is asked with propertyIndicator=80 ("Vacant"), which covers every
// vacant-land kind, not propertyType=RESIDENTIAL LOT alone.
func TestALandSearchAsksForEveryVacantKind(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	page, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.Land, PageSize: 20})
	if err != nil || len(page.Properties) == 0 {
		t.Fatalf("land: %v", err)
	}
	q := f.srv.QueriesTo(attom.PathAVMSnapshot)
	if len(q) != 1 || !strings.Contains(q[0], "propertyIndicator=80") || strings.Contains(q[0], "propertyType") {
		t.Fatalf("asked %v; want propertyIndicator=80 and no propertyType", q)
	}
	kinds := map[string]bool{}
	for i := range page.Properties {
		kinds[string(page.Properties[i].Summary.PropType)] = true
	}
	if len(kinds) < 2 {
		t.Fatalf("kinds of land in the page: %v; want lots and other vacant land", kinds)
	}
}
