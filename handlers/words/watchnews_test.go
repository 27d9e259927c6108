package words_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/realty"
	"realtybot/watch"
)

// Ten watched ZIPs with long change lists make one message that fits, says
// how many watches it left out, and names at most five homes a list.
func TestMessageFitsOneTelegramMessage(t *testing.T) {
	var ns []watch.News
	for z := range 10 {
		c := watch.Change{ZIP: "7870" + strconv.Itoa(z), Type: realty.SFR}
		for i := range 30 {
			s := market.Summary{ID: strconv.Itoa(i), Address: strings.Repeat("LONG ROAD NAME ", 4) + strconv.Itoa(i), Price: 450_000, Beds: 3, Baths: 2}
			c.New = append(c.New, s)
			c.Moved = append(c.Moved, watch.Move{Summary: s, Was: 400_000})
		}
		ns = append(ns, watch.News{W: watch.Watch{ZIP: realty.Zip(c.ZIP), Type: realty.SFR}, C: c})
	}
	m := words.WatchNews(ns)
	if n := utf8.RuneCountInString(m); n > 4096 {
		t.Fatalf("%d characters", n)
	}
	if !strings.Contains(m, "more watches changed") || !strings.Contains(m, "… and 25 more") || !strings.Contains(m, "+12.5%") {
		t.Fatalf("message:\n%s", m)
	}
}
