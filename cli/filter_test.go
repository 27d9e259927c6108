package cli_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"realtybot/attom/attomtest"
)

// homeLine is the second line of a listed home: its value, then its rooms.
var homeLine = regexp.MustCompile(`(?m)^   \$([0-9,]+)[^\n]*?· ([0-9.]+) bd / ([0-9.]+) ba`)

// An agent's filtered search in the console lists only the homes that match,
// reads them from the listing the first search cached, and says so.
func TestConsoleAgentFilteredSearchListsOnlyMatches(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": srv.URL,
		"DEFAULT_MARKET_TYPE": "hot", "AGENT_IDS": "88"}
	out, _, err := run(t, vars, "/search 78701 sfr\n/search 78701 sfr under 700k 3+ beds\n/search 78701 3+bd max 700000 sfr 2\n", "console", "--as", "agent", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	replies := strings.Split(out, "SFR in 78701")
	if len(replies) != 4 {
		t.Fatalf("want three listings:\n%s", out)
	}
	all, filtered := homeLine.FindAllStringSubmatch(replies[1], -1), homeLine.FindAllStringSubmatch(replies[2]+replies[3], -1)
	if len(filtered) == 0 || len(all) == 0 {
		t.Fatalf("no homes parsed:\n%s", out)
	}
	for _, m := range filtered {
		price, _ := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		beds, _ := strconv.ParseFloat(m[2], 64)
		if price > 700_000 || beds < 3 {
			t.Errorf("a filtered search listed $%.0f with %g beds", price, beds)
		}
	}
	if !strings.Contains(replies[2], "under $700k · 3+ beds") || !strings.Contains(replies[2], "matching, out of") {
		t.Errorf("the header does not show the filters:\n%s", replies[2])
	}
	if !strings.Contains(replies[2], "cached") || srv.Billable() != 1 {
		t.Errorf("filters cost %d calls, want the one search:\n%s", srv.Billable(), out)
	}
	unmatched := 0
	for _, m := range all {
		price, _ := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		beds, _ := strconv.ParseFloat(m[2], 64)
		if price > 700_000 || beds < 3 {
			unmatched++
		}
	}
	if unmatched == 0 {
		t.Fatalf("the unfiltered page has no home the filter drops, so this proves nothing:\n%s", replies[1])
	}
}
