package handlers_test

import (
	"strings"
	"testing"

	"realtybot/attom"
	"realtybot/handlers/reply"
)

// A plan without /avm/snapshot: the search says that ATTOM refuses that
// endpoint and what to do, not that the key is wrong or ATTOM is down; it
// costs nothing, the endpoint is not asked again that day, and /usage
// names it among the thresholds crossed.
func TestARefusedEndpointIsNamedWithItsFix(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.srv.Refuse(attom.PathAVMSnapshot, 403)
	first := f.say(agent, "/search 78701 sfr")
	if !strings.Contains(first, "ATTOM refuses /avm/snapshot to this API key (HTTP 403): the plan may not include it (operator: ask ATTOM to add it") ||
		strings.Contains(first, "refused the API key") || f.srv.Billable() != 0 {
		t.Fatalf("first search (billed %d):\n%s", f.srv.Billable(), first)
	}
	f.say(agent, "/search 78702 sfr")
	if n := f.srv.CallsTo(attom.PathAVMSnapshot); n != 1 {
		t.Fatalf("%d requests to the refused endpoint; want the first only", n)
	}
	u := f.say(admin, "/usage")
	if !strings.Contains(u, "Thresholds crossed") || !strings.Contains(u, "ATTOM refuses /avm/snapshot to the API key: the plan may not include it (ask ATTOM to add it), HTTP 403") ||
		!strings.Contains(u, "Calls left today: 13 (0 / 13 used") {
		t.Fatalf("/usage:\n%s", u)
	}
}
