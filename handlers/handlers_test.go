package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"realtybot/access"
	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/handlers"
	"realtybot/handlers/reply"
	"realtybot/market"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/storetest"
)

const (
	admin    int64 = 100
	agent    int64 = 200
	stranger int64 = 300
)

type fixture struct {
	srv *attomtest.Server
	h   *handlers.Handler
	clk *storetest.Clock
}

func newFixture(t testing.TB, f reply.Mode) *fixture {
	t.Helper()
	return newFixtureBilled(t, f, quota.UnitCall)
}

// newFixtureBilled is newFixture with ATTOM billing unit.
func newFixtureBilled(t testing.TB, f reply.Mode, unit quota.Unit) *fixture {
	t.Helper()
	// The tests' instant, on every clock: the bot's, the ledger's, ATTOM's.
	clk := storetest.NewClock(time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC))
	srv := attomtest.NewServer()
	srv.SetClock(clk.Now)
	t.Cleanup(srv.Close)
	b := storetest.BoltOn(t, clk)
	ledger := quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3, Unit: unit}, clk.Now)
	svc, err := market.New(market.Config{Store: b.Store, Namespace: b.NS, Quota: ledger, DefaultType: market.Hot, Now: clk.Now,
		Upstream: attom.New(srv.URL, attomtest.Key, attom.WithLedger(ledger), attom.WithClock(clk),
			attom.WithRetries(1, time.Millisecond, time.Millisecond), attom.WithBilling(unit))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	h := handlers.New(svc, access.New([]int64{admin}, []int64{agent}), f, clk.Now, nil)
	h.Names = access.NewNames(b.Store)
	return &fixture{srv: srv, h: h, clk: clk}
}

func (f *fixture) say(user int64, text string) string {
	return f.h.Handle(context.Background(), handlers.Request{UserID: user, ChatID: user, Text: text}).Text
}

func TestAgentSearchSaysWhereItsDataCameFrom(t *testing.T) {
	f := newFixture(t, reply.Plain)
	first := f.say(agent, "/search 78701 sfr")
	if !strings.Contains(first, "SFR in 78701") || !strings.Contains(first, "Source: live from ATTOM (cost 1 call)") || !strings.Contains(first, "score") {
		t.Fatalf("first search:\n%s", first)
	}
	second := f.say(agent, "/search@RealtyBot 78701-0001 single-family")
	if !strings.Contains(second, "Source: ATTOM data, cached (fetched just now)") {
		t.Fatalf("second search (with @BotName, ZIP+4, alias):\n%s", second)
	}
	if f.srv.Billable() != 1 {
		t.Fatalf("billed %d, want 1", f.srv.Billable())
	}
}

func TestStrangersAndNonAdminsAreRefusedForFree(t *testing.T) {
	f := newFixture(t, reply.HTML)
	r := f.say(stranger, "/search 78701 sfr")
	if !strings.Contains(r, "registered agents") || !strings.Contains(r, "<code>300</code>") {
		t.Fatalf("stranger reply: %s", r)
	}
	if r := f.say(agent, "/usage"); !strings.Contains(r, "admins only") {
		t.Fatalf("agent /usage: %s", r)
	}
	if r := f.say(agent, "/refresh 78701"); !strings.Contains(r, "admins only") {
		t.Fatalf("agent /refresh: %s", r)
	}
	if f.srv.Calls() != 0 {
		t.Fatalf("refused requests reached ATTOM %d times", f.srv.Calls())
	}
	if r := f.say(admin, "/usage"); !strings.Contains(r, "Calls left today: 13 (0 / 13 used") {
		t.Fatalf("admin /usage: %s", r)
	}
}

func TestBadInputGetsAClearMessageAndCostsNothing(t *testing.T) {
	f := newFixture(t, reply.Plain)
	cases := map[string]string{
		"/search":                   "Usage: /search <zip> [type] [filters] [page]",
		"/search 7870":              "five digits",
		"/search 78701 under cheap": "Filters look like",
		"/search 78701 3+ cars":     "Filters look like",
		"/search 78701 castle":      "Valid types: sfr, condo, townhouse, multifamily, mobile, land",
		"/market":                   "Usage: /market <zip>",
		"/market abcde":             "five digits",
		"/property":                 "Usage: /property <id>",
		"/property x1":              "property id",
		"/deals warm 400k":          "warm is neither a ZIP, a market",
		"/teleport 78701":           "Unknown command /teleport",
		"hello":                     "/help",
		"/":                         "/help",
	}
	for in, want := range cases {
		if got := f.say(agent, in); !strings.Contains(got, want) {
			t.Errorf("%q:\n%s\nwant it to mention %q", in, got, want)
		}
	}
	if f.srv.Calls() != 0 {
		t.Fatalf("bad input reached ATTOM %d times", f.srv.Calls())
	}
}

func TestHTMLRepliesAreEscapedAndFit(t *testing.T) {
	f := newFixture(t, reply.HTML)
	r := f.say(agent, "/teleport<b>")
	if strings.Contains(r, "<b>") && !strings.Contains(r, "&lt;") {
		t.Fatalf("unescaped: %s", r)
	}
	r = f.say(admin, "/help")
	if utf8.RuneCountInString(r) > reply.MaxMessage || !strings.Contains(r, "<code>/search &lt;zip&gt; [type] [filters] [page]</code>") ||
		!strings.Contains(r, "3+ beds") || !strings.Contains(r, "/quota") {
		t.Fatalf("help: %s", r)
	}
}

func TestMarketPropertyDealsAndRefresh(t *testing.T) {
	f := newFixture(t, reply.Plain)
	r := f.say(agent, "/market 78701")
	if !strings.Contains(r, "Median sale price") || !strings.Contains(r, "Market 78701: heating (read from the sales trend)") || !strings.Contains(r, "For pricing: Prices are rising") {
		t.Fatalf("/market: %s", r)
	}
	for _, internal := range []string{"partition", "ultiplier", "default;", "sales trend says", "×"} {
		if strings.Contains(r, internal) {
			t.Errorf("an agent's /market shows %q:\n%s", internal, r)
		}
	}
	if r := f.say(admin, "/market 78701"); !strings.Contains(r, "For admins: market type growing, partition other, multipliers") {
		t.Fatalf("admin /market: %s", r)
	}
	id := attomtest.AttomID("78701", 1)
	r = f.say(agent, "/property "+strconv.FormatInt(id, 10))
	if !strings.Contains(r, "Analysis") || !strings.Contains(r, "Score") {
		t.Fatalf("/property: %s", r)
	}
	// /deals reads the market as /market does: 78701 is heating (growing);
	// its deals come from the homes a search cached.
	f.say(agent, "/search 78701")
	if r := f.say(agent, "/deals heating 2m"); !strings.Contains(r, "Deals in heating markets (growing) under $2,000,000") || !strings.Contains(r, "1. ") {
		t.Fatalf("/deals: %s", r)
	}
	before := f.srv.Billable()
	if r := f.say(admin, "/refresh 78701 sfr"); !strings.Contains(r, "Refreshed 78701 sfr live") {
		t.Fatalf("/refresh: %s", r)
	}
	if f.srv.Billable() != before+1 {
		t.Fatal("/refresh did not make exactly one call")
	}
}

func TestEstimatesAreLabelled(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.srv.SetFault(attomtest.Status500)
	r := f.say(admin, "/search 78701 condo")
	// Each home is "Estimated home N", never a street; the prose says
	// estimate once.
	prose := regexp.MustCompile(`(?m)^\d+\. Estimated home \d+, 78701$`).ReplaceAllString(r, "")
	if !strings.HasPrefix(r, "⚠ ESTIMATES: not real data") || !strings.Contains(r, "1. Estimated home 1, 78701\n") || !strings.Contains(r, "(generated just now)") ||
		!strings.Contains(r, "ATTOM is unavailable") || strings.Count(strings.ToLower(prose), "estimate") != 1 || regexp.MustCompile(`\d+ [A-Z]+ ST`).MatchString(r) {
		t.Fatalf("estimate reply:\n%s", r)
	}
}

func TestParsers(t *testing.T) {
	c, ok := handlers.ParseCommand("/Search@RealtyBot  78701   condo")
	if !ok || c.Name != "search" || len(c.Args) != 2 || c.Args[1] != "condo" {
		t.Errorf("%+v %v", c, ok)
	}
	for _, bad := range []string{"", "/", "search", "/@bot", "/sé"} {
		if _, ok := handlers.ParseCommand(bad); ok {
			t.Errorf("%q parsed as a command", bad)
		}
	}
}

// Live listings carry ATTOM's value for every property that has one, say
// what it is, keep it in the record (no second call for /property), and
// /deals lists them.
func TestLiveListingsArePricedAndDealsListThem(t *testing.T) {
	f := newFixture(t, reply.Plain)
	out := f.say(agent, "/search 78701 sfr")
	if !strings.Contains(out, "Values: ATTOM's automated estimate (AVM)") || !strings.Contains(out, "parcels of every kind in this ZIP") {
		t.Fatalf("no value legend or sample size:\n%s", out)
	}
	// Before the ZIP's trend is known, its reading is the default (hot);
	// once /market reads the trend, the search says the reading it gives.
	if !strings.Contains(out, "Scores for a market heating fast, ") {
		t.Fatalf("the search does not say its reading:\n%s", out)
	}
	if m, again := f.say(agent, "/market 78701"), f.say(agent, "/search 78701 sfr"); !strings.Contains(m, "Market 78701: heating (") || !strings.Contains(again, "Scores for a market heating, ") {
		t.Fatalf("the search does not say the reading /market gives:\n%s\n%s", again, m)
	}
	priced, lines := 0, 0
	var firstID string
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, " · id ") {
			continue
		}
		lines++
		if strings.HasPrefix(strings.TrimSpace(line), "$") {
			priced++
		} else if !strings.HasPrefix(strings.TrimSpace(line), "no value") {
			t.Fatalf("a line with neither a value nor 'no value': %q", line)
		}
		if firstID == "" && strings.HasPrefix(strings.TrimSpace(line), "$") {
			firstID = line[strings.LastIndex(line, " ")+1:]
		}
	}
	if lines == 0 || priced < lines*3/4 {
		t.Fatalf("%d of %d lines priced:\n%s", priced, lines, out)
	}
	billed := f.srv.Billable()
	rec := f.say(agent, "/property "+firstID)
	if !strings.Contains(rec, "ATTOM's automated estimate (AVM), range $") || !strings.Contains(rec, "confidence") ||
		!strings.Contains(rec, "rule of thumb") || f.srv.Billable() != billed {
		t.Fatalf("/property %s (billed %d more):\n%s", firstID, f.srv.Billable()-billed, rec)
	}
	deals := f.say(agent, "/deals")
	if !strings.Contains(deals, "1. ") || strings.Contains(deals, "(est.)") || !strings.Contains(deals, "78701") ||
		!strings.Contains(deals, "sfr · ") || !strings.Contains(deals, " bd / ") || !strings.Contains(deals, "years old") {
		t.Fatalf("/deals does not list the live properties with type, rooms and age:\n%s", deals)
	}
}

func TestQuotaCommandShowsAndSetsTheLedger(t *testing.T) {
	f := newFixture(t, reply.Plain)
	if r := f.say(admin, "/quota"); !strings.Contains(r, "0 / 13 calls today") || !strings.Contains(r, "Live calls are on.") {
		t.Fatalf("/quota: %s", r)
	}
	var told []string
	f.h.Announce = func(_ context.Context, from int64, text string) {
		if from != admin {
			t.Errorf("announced as from %d", from)
		}
		told = append(told, text)
	}
	// Each wording, from what the ledger did.
	for _, c := range []struct{ say, want string }{
		{"/quota set 5 40", "Quota counts raised by admin 100: today 0 → 5, this month 0 → 40."},
		{"/quota set 0 0", "Quota counts unchanged (admin 100): a plain set only raises them; to lower them add lower and a reason: today 5 → 5, this month 40 → 40."},
		{"/quota set 7", "Quota counts raised by admin 100: today 5 → 7, this month 40 → 40."},
		{"/quota set 2 30 lower ATTOM billed 2", "Quota counts lowered by admin 100 (reason: ATTOM billed 2): today 7 → 2, this month 40 → 30."},
		{"/quota confirm", "Quota counts confirmed by admin 100 (no hold was in force): today 2 → 2, this month 30 → 30."},
	} {
		if r := f.say(admin, c.say); !strings.HasPrefix(r, c.want) || !strings.Contains(r, "Last change of the counts") {
			t.Errorf("%s:\n%s\nwant it to start with %q", c.say, r, c.want)
		}
		if len(told) == 0 || told[len(told)-1] != c.want {
			t.Errorf("%s: the admins were told %q", c.say, told)
		}
	}
	for bad, want := range map[string]string{
		"/quota set five":                "whole numbers",
		"/quota set 5 2":                 "today ≤ month",
		"/quota set 9223372036854775807": "today ≤ 130",
		"/quota set 1 10 lower":          "needs a reason",
		"/quota set 1 10 please":         `"please" is not understood`,
		"/quota reset":                   "Usage:",
	} {
		if r := f.say(admin, bad); !strings.Contains(r, want) || strings.Contains(r, "raised") {
			t.Errorf("%s: %s", bad, r)
		}
	}
	if r := f.say(agent, "/quota set 0"); strings.Contains(r, "calls today") {
		t.Fatalf("an agent changed the ledger: %s", r)
	}
	if r := f.say(admin, "/quota"); !strings.Contains(r, "2 / 13 calls today") || len(told) != 5 {
		t.Fatalf("after the refusals (%d told): %s", len(told), r)
	}
	if r := f.say(admin, "/usage"); !strings.Contains(r, "Last change of the counts: confirm by admin 100") {
		t.Fatalf("/usage: %s", r)
	}
}

// ParseSearch is the one reading of /search arguments, for the bot and for
// simulations.
func TestParseSearch(t *testing.T) {
	for in, want := range map[string]string{
		"78701": "78701 sfr 1", "78701-1234 condo 2": "78701 condo 2", "78701 single family": "78701 sfr 1", "78701 3": "78701 sfr 3",
	} {
		a, err := handlers.ParseSearch(strings.Fields(in))
		if got := fmt.Sprintf("%s %s %d", a.ZIP, a.Type, a.Page); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]error{"": handlers.ErrNoZIP, "78701 0": handlers.ErrBadPage, "78701 castle": handlers.ErrBadType, "7870": realty.ErrBadZip} {
		if _, err := handlers.ParseSearch(strings.Fields(in)); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", in, err, want)
		}
	}
}

func TestUsageForecastsTheMonthAndShowsEachAgentsSpend(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.say(agent, "/search 78701 sfr") // one live call caused by the agent
	r := f.say(admin, "/usage")
	if !strings.Contains(r, "Month-end forecast at this pace:") || !strings.Contains(r, fmt.Sprintf("by agents (live calls their requests caused): %d: 1", agent)) ||
		!strings.Contains(r, "scheduled refreshes: 0") {
		t.Fatalf("/usage:\n%s", r)
	}
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		calls int64
		now   time.Time
		want  int64
	}{{100, at(16, 0), 200}, {13, at(1, 0), 780}, {390, at(30, 23), 391}, {0, at(10, 0), 0}} {
		if got := handlers.Forecast(c.calls, c.now); got != c.want {
			t.Errorf("%d calls at %s: forecast %d, want %d", c.calls, c.now, got, c.want)
		}
	}
}

func TestSmallPricesAndPagesPastTheEndAreReadAsMeant(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.say(agent, "/search 78701 sfr")
	if r := f.say(agent, "/deals 400"); !strings.Contains(r, "under $400,000 (400 read as thousands)") {
		t.Fatalf("/deals 400:\n%s", r)
	}
	if r := f.say(agent, "/deals 400000"); strings.Contains(r, "read as thousands") || !strings.Contains(r, "under $400,000") {
		t.Fatalf("/deals 400000:\n%s", r)
	}
	r := f.say(agent, "/search 78701 sfr 99")
	if !strings.Contains(r, "There is no page 99: the last page is") || !strings.Contains(r, "Showing") {
		t.Fatalf("page past the end:\n%s", r)
	}
}

// Land shows its lot size, not "0 bd / 1 ba".
func TestLandShowsItsLot(t *testing.T) {
	f := newFixture(t, reply.Plain)
	r := f.say(agent, "/search 78701 land")
	if !strings.Contains(r, "lot ") || strings.Contains(r, " bd / ") {
		t.Fatalf("land:\n%s", r)
	}
}

func TestDidYouMeanAndCommandsWithoutTheSlash(t *testing.T) {
	f := newFixture(t, reply.Plain)
	if r := f.say(agent, "/serch 78701"); !strings.Contains(r, "Did you mean /search 78701?") {
		t.Fatalf("/serch: %s", r)
	}
	if r := f.say(agent, "/teleport"); strings.Contains(r, "Did you mean") {
		t.Fatalf("/teleport got a suggestion: %s", r)
	}
	if r := f.say(agent, "/search 2134"); !strings.Contains(r, "Did you mean 02134?") {
		t.Fatalf("four-digit ZIP: %s", r)
	}
	if r := f.say(agent, "search 78701"); !strings.Contains(r, "SFR in 78701") {
		t.Fatalf("search without the slash: %s", r)
	}
	if r := f.say(agent, "hello there"); !strings.Contains(r, "Send a command") {
		t.Fatalf("chatter: %s", r)
	}
}

// An admin's /usage carries a chart of the month's calls.
func TestUsageSendsAChartOfTheMonth(t *testing.T) {
	f := newFixture(t, reply.HTML)
	f.h.Charts = true
	f.say(agent, "/search 78701 sfr")
	r := f.h.Handle(context.Background(), handlers.Request{UserID: admin, ChatID: admin, Text: "/usage"})
	img, err := png.Decode(bytes.NewReader(r.Photo))
	if err != nil || img.Bounds().Dx() < 720 || r.Caption == "" || !strings.Contains(r.Text, "Month-end forecast") {
		t.Fatalf("/usage chart: %v %v %q", err, img, r.Caption)
	}

}

// /usage at a glance: what is left, where the month heads, whether ATTOM
// answers (and since when it fails), who spent what by name; the cache's
// tiers only in /usage details.
func TestUsageAtAGlance(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.h.Handle(context.Background(), handlers.Request{UserID: agent, ChatID: agent, Text: "/search 78701 sfr", Name: "Anna (@anna)"})
	r := f.say(admin, "/usage")
	for _, want := range []string{
		"Calls left today: 12 (1 / 13 used; the day resets at 00:00 UTC)",
		"Calls left this month: 399 (1 / 400 used)",
		"Month-end forecast at this pace: ",
		"ATTOM: answering (last answer 14:30 UTC)",
		"Live calls are on.",
		fmt.Sprintf("by agents (live calls their requests caused): Anna (@anna) (%d): 1", agent),
		"Answers today (every replica, since 00:00 UTC): 1, 0% of them from the cache without a call",
		"Cache figures: /usage details",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("/usage lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r, "L1") || strings.Contains(r, "efficiency") {
		t.Errorf("/usage speaks of tiers:\n%s", r)
	}
	if d := f.say(admin, "/usage details"); !strings.Contains(d, "Hit rate today (every replica, since 00:00 UTC): 0.0% of 1 answers (L1 0, L2 0, misses 1); live 1") ||
		!strings.Contains(d, "Hit rate since this bot process started: ") || !strings.Contains(d, "efficiency") {
		t.Errorf("/usage details:\n%s", d)
	}
	f.clk.Advance(20 * time.Minute)
	f.srv.SetFault(attomtest.Status500)
	f.say(admin, "/search 10001 sfr")
	if r := f.say(admin, "/usage"); !strings.Contains(r, "ATTOM: failing since 14:50 UTC (1 call(s) in a row; last error: ") ||
		!strings.Contains(r, "• ATTOM failing since 14:50 UTC") || strings.Contains(r, "No health threshold crossed") {
		t.Errorf("/usage with ATTOM failing:\n%s", r)
	}
}

// A ZIP ATTOM does not know: said so, at no cost, asked once.
func TestAZIPATTOMDoesNotKnowIsSaidSoForFree(t *testing.T) {
	f := newFixture(t, reply.Plain)
	r := f.say(admin, "/search 00000")
	if !strings.Contains(r, "ATTOM has no data for ZIP 00000") || !strings.Contains(r, "no call billed") || f.srv.Billable() != 0 {
		t.Fatalf("/search 00000 (billed %d):\n%s", f.srv.Billable(), r)
	}
	calls := f.srv.Calls()
	if r := f.say(admin, "/search 00000 condo"); !strings.Contains(r, "ATTOM has no data for ZIP 00000") || f.srv.Calls() != calls {
		t.Fatalf("asked again (%d requests):\n%s", f.srv.Calls()-calls, r)
	}
	// /market of a ZIP unknown to the free lookup: said so, no estimate.
	if r := f.say(admin, "/market 00012"); !strings.Contains(r, "ATTOM knows no such ZIP") || strings.Contains(r, "ESTIMATE") || f.srv.Billable() != 0 {
		t.Fatalf("/market 00012 (billed %d):\n%s", f.srv.Billable(), r)
	}
}

// A refresh that fails leaves fresh data fresh: it is not called stale,
// and the reply says the refresh failed.
func TestAFailedRefreshOfFreshDataIsNotCalledStale(t *testing.T) {
	f := newFixture(t, reply.Plain)
	f.say(admin, "/search 78701 sfr")
	f.clk.Advance(5 * time.Minute)
	f.srv.SetFault(attomtest.Status500)
	r := f.say(admin, "/refresh 78701 sfr")
	if strings.Contains(r, "STALE") || !strings.Contains(r, "Could not refresh 78701 sfr live: the refresh failed") ||
		!strings.Contains(r, "still within its freshness") || !strings.Contains(r, "cached (fetched 5 min ago)") {
		t.Fatalf("a failed refresh of fresh data:\n%s", r)
	}
}

// Each word of a search is read on its own: "3 beds" is 3 or more, the
// word not understood is named, and contradicting filters are pointed out
// (a refused search costs nothing).
func TestSearchWordsAreReadOneByOne(t *testing.T) {
	f := newFixture(t, reply.Plain)
	for in, want := range map[string]string{
		"/search 78701 condo 3 beds":          "CONDO in 78701 · 3+ beds",
		"/search 78701 sfr cars":              "I did not understand cars.",
		"/search 78701 sfr -1":                "I did not understand -1.",
		"/search 78701 single family 2 baths": "SFR in 78701 · 2+ baths",
		"/search 78701 under 500k over 900k":  "These filters contradict each other: no home is over $900,000 and under $500,000 at once.",
		"/search 78701 castle":                "Unknown property type castle.",
	} {
		if r := f.say(agent, in); !strings.Contains(r, want) {
			t.Errorf("%s:\n%s\nwant %q", in, r, want)
		}
	}
}

// /deals takes the words /market shows ("heating fast", "heating",
// "steady", "cooling") and a ZIP, which is never read as a price.
func TestDealsTakeTheMarketsWordsAndAZIP(t *testing.T) {
	f := newFixture(t, reply.Plain) // DEFAULT_MARKET_TYPE hot
	f.say(agent, "/search 78701 sfr")
	f.say(agent, "/search 10001 condo")
	for in, want := range map[string]string{
		"/deals heating fast":       "Deals in heating fast markets (hot)\n1. ",
		"/deals heating":            "Deals in heating markets (growing)\nNo cached real listings match yet.",
		"/deals 78701":              "Deals in ZIP 78701\n1. ",
		"/deals 78701 heating fast": "Deals in ZIP 78701, if its market is heating fast\n1. ",
		"/deals 78701 steady":       "Deals in ZIP 78701, if its market is steady\nNo cached real listings match yet.",
		"/deals lukewarm":           "lukewarm is neither a ZIP, a market (heating fast, heating, steady, cooling;",
	} {
		if r := f.say(agent, in); !strings.Contains(r, want) {
			t.Errorf("%s:\n%s\nwant %q", in, r, want)
		}
	}
	r := f.say(agent, "/deals 78701")
	if strings.Contains(r, "10001") || strings.Contains(r, "$78,701") {
		t.Errorf("/deals 78701 lists another ZIP or reads it as a price:\n%s", r)
	}
}
