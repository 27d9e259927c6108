package handlers_test

import (
	"strings"
	"testing"

	"realtybot/attom"
	"realtybot/handlers/reply"
	"realtybot/quota"
)

// Under ATTOM_BILLING_UNIT=record every record an answer carries is billed:
// a search asks for ATTOM's default page of 10, not 100, settles to the
// records it got, says so, and the records ATTOM's answers carry never pass
// the day's limit, however many searches come.
func TestRecordBillingNeverPassesTheDaysRecords(t *testing.T) {
	f := newFixtureBilled(t, reply.Plain, quota.UnitRecord)
	first := f.say(admin, "/search 78701 sfr")
	if !strings.Contains(first, "Source: live from ATTOM (cost 10 records)") || !strings.Contains(first, "from 10 of ") || f.srv.BillableRecords() != 10 {
		t.Fatalf("first search (%d records billed):\n%s", f.srv.BillableRecords(), first)
	}
	if q := f.srv.QueriesTo(attom.PathAVMSnapshot); len(q) != 1 || !strings.Contains(q[0], "pageSize=10") {
		t.Fatalf("asked %v; want one page of 10", q)
	}
	// A sales trend needs 5 records, 3 are left: refused before it is sent,
	// and the reply says so rather than that the day is spent.
	m := f.say(admin, "/market 78701")
	if !strings.Contains(m, "what is left of today's ATTOM budget (3 records) is too little for this answer (5 records)") || f.srv.CallsTo(attom.PathSalesTrend) != 0 {
		t.Fatalf("/market with 3 records left:\n%s", m)
	}
	second := f.say(admin, "/search 78702 sfr") // 3 records left: a page of 3
	if !strings.Contains(second, "(cost 3 records)") || f.srv.BillableRecords() != 13 {
		t.Fatalf("second search (%d records billed):\n%s", f.srv.BillableRecords(), second)
	}
	for _, zip := range []string{"78703", "78704", "30301", "10001"} {
		r := f.say(admin, "/search "+zip+" condo")
		if !strings.Contains(r, "today's ATTOM budget (13 records) is spent") {
			t.Fatalf("search of %s after the day's records:\n%s", zip, r)
		}
	}
	if n := f.srv.BillableRecords(); n > 13 {
		t.Fatalf("ATTOM's answers carried %d records; the day allows 13", n)
	}
	u := f.say(admin, "/usage")
	if !strings.Contains(u, "Records left today: 0 (13 / 13 used") || !strings.Contains(u, "the budget counts records") {
		t.Fatalf("/usage:\n%s", u)
	}
	if d := f.say(admin, "/usage details"); !strings.Contains(d, "Records reserved today: 13, 0 given back") {
		t.Fatalf("/usage details:\n%s", d)
	}
}

// One trend call with propertyType=ALL serves /market of the ZIP and of
// each type, each with its own median; a cold /market costs one billable
// call (the geography comes from the free lookup).
func TestOneTrendCallServesEveryType(t *testing.T) {
	f := newFixture(t, reply.Plain)
	all := f.say(agent, "/market 78701")
	if f.srv.Billable() != 1 || f.srv.CallsTo(attom.PathSalesTrend) != 1 || !strings.Contains(all, "Medians by type: single-family homes $") ||
		!strings.Contains(all, " (2026 so far)\n") { // the median of a year not over says so
		t.Fatalf("cold /market (%d billed):\n%s", f.srv.Billable(), all)
	}
	if q := f.srv.QueriesTo(attom.PathSalesTrend); !strings.Contains(q[0], "propertyType=ALL") {
		t.Fatalf("trend asked %q; want propertyType=ALL", q[0])
	}
	condo := f.say(agent, "/market 78701 condo")
	if f.srv.Billable() != 1 || !strings.Contains(condo, "Figures of condos and townhouses alone (") {
		t.Fatalf("/market of condos (%d billed):\n%s", f.srv.Billable(), condo)
	}
	median := func(s string) string {
		_, rest, _ := strings.Cut(s, "Median sale price: ")
		m, _, _ := strings.Cut(rest, "\n")
		return m
	}
	if median(all) == "" || median(all) == median(condo) {
		t.Fatalf("the ZIP's median %q and the condos' %q; want each its own", median(all), median(condo))
	}
	if r := f.say(agent, "/market 78701 castle"); !strings.Contains(r, `Unknown property type "castle"`) || f.srv.Billable() != 1 {
		t.Fatalf("unknown type:\n%s", r)
	}
}
