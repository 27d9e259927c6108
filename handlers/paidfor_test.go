package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"realtybot/handlers/reply"
)

// /property shows what the search's AVM call already paid for: the date
// of the valuation, last month's change (from ATTOM's dollar figure, whose
// unit is certain), ATTOM's value per sqft and a map link. An estimate
// shows none of them: it must never look like a real home.
func TestPropertyShowsWhatTheCallPaidFor(t *testing.T) {
	f := newFixture(t, reply.Plain)
	out := f.say(agent, "/search 78701 sfr")
	ids := regexp.MustCompile(`id (\d{6,})`).FindAllStringSubmatch(out, -1)
	if len(ids) == 0 {
		t.Fatalf("no ids:\n%s", out)
	}
	r := f.say(agent, "/property "+ids[0][1])
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`ATTOM's automated estimate \(AVM\).*, valued on 20\d\d-\d\d-\d\d\n`),
		regexp.MustCompile(`Last month: [+−]\$[\d,]+ \([+-]\d+\.\d%\), by ATTOM's AVM\n`),
		regexp.MustCompile(`\$[\d,]+/sqft \(ATTOM's\)`),
		regexp.MustCompile(`Map: https://www\.openstreetmap\.org/\?mlat=-?\d+\.\d{6}&mlon=-?\d+\.\d{6}#map=18/`),
	} {
		if !want.MatchString(r) {
			t.Errorf("/property lacks %s:\n%s", want, r)
		}
	}
	est := f.say(agent, "/property 9000787011002") // an estimated home
	if !strings.Contains(est, "(made by the bot)") || strings.Contains(est, "Map:") || strings.Contains(est, "valued on") || strings.Contains(est, "Last month") || strings.Contains(est, "(ATTOM's)") {
		t.Fatalf("an estimate shows a real home's fields:\n%s", est)
	}
}
