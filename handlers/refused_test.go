package handlers_test

import (
	"strings"
	"testing"

	"realtybot/attom"
	"realtybot/handlers/reply"
)

// A plan without /avm/snapshot: the search is answered live from
// /attomavm/detail by postalCode, as a sample of every kind of parcel,
// for one billed call, and /avm/snapshot is not asked again that day;
// /usage names the refusal and its fix. When ATTOM refuses that endpoint
// too, the answer is an estimate that says which endpoint ATTOM refuses and
// what to do, not that the key is wrong, and costs nothing.
func TestARefusedEndpointIsNamedWithItsFix(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.srv.Refuse(attom.PathAVMSnapshot, 403)
	first := f.say(agent, "/search 78701 sfr")
	if !strings.Contains(first, "Source: live from ATTOM (cost 1 call)") || !strings.Contains(first, " parcels of every kind in this ZIP") || f.srv.Billable() != 1 {
		t.Fatalf("first search (billed %d):\n%s", f.srv.Billable(), first)
	}
	f.say(agent, "/search 78702 condo")
	if n := f.srv.CallsTo(attom.PathAVMSnapshot); n != 1 {
		t.Fatalf("%d requests to the refused endpoint; want the first only", n)
	}
	u := f.say(admin, "/usage")
	if !strings.Contains(u, "Thresholds crossed") || !strings.Contains(u, "ATTOM refuses /avm/snapshot to the API key: the plan may not include it (ask ATTOM to add it), HTTP 403") ||
		!strings.Contains(u, "Calls left today: 11 (2 / 13 used") {
		t.Fatalf("/usage:\n%s", u)
	}
	f.srv.Refuse(attom.PathAVMDetail, 403)
	billed := f.srv.Billable()
	r := f.say(agent, "/search 30301 sfr")
	if !strings.Contains(r, "ATTOM refuses /attomavm/detail to this API key (HTTP 403): the plan may not include it (operator: ask ATTOM to add it") ||
		strings.Contains(r, "refused the API key") || f.srv.Billable() != billed {
		t.Fatalf("both refused (billed %d more):\n%s", f.srv.Billable()-billed, r)
	}
}
