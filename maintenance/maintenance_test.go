package maintenance_test

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"realtybot/app"
	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/config"
	"realtybot/maintenance"
	"realtybot/market"
	"realtybot/market/plan"
	"realtybot/realty"
	"realtybot/store/storetest"
)

func maintenanceRedis(t *testing.T) string { return storetest.RedisDB(t, 14, app.Namespace) }

type sent struct {
	mu     sync.Mutex
	msgs   []string
	photos int
}

func (s *sent) notify(_ context.Context, text string, photo []byte) {
	s.mu.Lock()
	s.msgs = append(s.msgs, text)
	if len(photo) > 0 {
		s.photos++
	}
	s.mu.Unlock()
}

func (s *sent) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

// replica builds one App on the shared Redis with the fake clock.
func replica(t *testing.T, redisURL, attomURL string, clk *storetest.Clock, extra map[string]string) (*app.App, *maintenance.Maintenance, *sent) {
	t.Helper()
	env := map[string]string{"REDIS_URL": redisURL, "DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key,
		"ATTOM_BASE_URL": attomURL, "DEFAULT_MARKET_TYPE": "hot", "ADMIN_IDS": "1"}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ap, err := app.Build(context.Background(), cfg, slog.New(slog.DiscardHandler), clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ap.Close)
	s := &sent{}
	return ap, ap.Maintenance(s.notify), s
}

func TestTwoWeeksOfMaintenanceRunEachTaskOnceAtItsTime(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	url := maintenanceRedis(t)
	// Monday 1 June 2026 at 03:00 UTC: the first occurrence of every task.
	start := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	clk := storetest.NewClock(start)
	appA, a, sentA := replica(t, url, atm.URL, clk, nil)
	_, b, sentB := replica(t, url, atm.URL, clk, nil)
	runs := map[string][]time.Time{}
	for clk.Now().Before(start.Add(14 * 24 * time.Hour)) {
		if clk.Now().Equal(start.Add(3 * 24 * time.Hour)) { // traffic only in the first week
			appA.Service.Search(context.Background(), "78701", realty.SFR)
		}
		for _, m := range []*maintenance.Maintenance{a, b} {
			for _, r := range m.Tick(context.Background()) {
				name, _, _ := strings.Cut(r, "@")
				runs[name] = append(runs[name], clk.Now())
			}
		}
		clk.Advance(15 * time.Minute)
	}
	want := map[string]int{"expire": 14, "refresh-due": 14, "usage-snapshot": 14,
		"refresh-market-data": 2, "refresh-stable": 2, "cache-report": 2, "full-cleanup": 1, "compact": 1}
	for name, n := range want {
		if len(runs[name]) != n {
			t.Errorf("%s ran %d times in two weeks, want %d", name, len(runs[name]), n)
		}
		for _, at := range runs[name] {
			if at.Hour() != 3 || at.Minute() != 0 {
				t.Errorf("%s ran at %s, not at its time (03:00)", name, at)
			}
			if name != "expire" && name != "refresh-due" && name != "usage-snapshot" && at.Weekday() != time.Monday {
				t.Errorf("%s ran on a %s", name, at.Weekday())
			}
		}
	}
	// The first Monday's report has nothing to say (the bot had just
	// started): it is not sent. The second is sent once, by one replica.
	if reports := len(sentA.list()) + len(sentB.list()); reports != 1 || sentA.photos+sentB.photos != 1 {
		t.Errorf("%d weekly reports sent with %d charts, want 1 with its chart (nothing to report the first week; one replica the second)",
			reports, sentA.photos+sentB.photos)
	}
}

func TestRefreshBudgetServesDemandFirstAndLeavesAgentsTheirCalls(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	clk := storetest.NewClock(time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC))
	url := maintenanceRedis(t)
	// REFRESH_BUDGET=auto leaves HOT_RESERVE_CALLS of the day to agents'
	// hot-market misses: 13 − 2 by default, 13 − 5 here.
	if def, _, _ := replica(t, url, atm.URL, clk, nil); def.RefreshBudget() != 11 {
		t.Fatalf("default refresh budget %d, want 13 − 2", def.RefreshBudget())
	}
	ap, m, _ := replica(t, url, atm.URL, clk, map[string]string{"HOT_RESERVE_CALLS": "5"})
	ctx := context.Background()
	// Day 1: ten hot ZIPs searched, ZIP i asked i+1 times (one call each).
	for i := range 10 {
		for range i + 1 {
			if _, _, err := ap.Service.Search(ctx, realty.Zip(fmt.Sprintf("%05d", 20001+i)), realty.SFR); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A key nobody asked for: an admin's forced refresh counts no demand.
	ap.Service.AdminRefresh(ctx, "29999", realty.Condo)
	if atm.Billable() != 11 {
		t.Fatalf("setup billed %d", atm.Billable())
	}
	// Day 2, 03:00: every listing leaves its 24 h freshness within the day.
	clk.Set(time.Date(2026, 6, 2, 3, 0, 0, 0, time.UTC))
	before := atm.CallsTo(attom.PathAVMSnapshot)
	summary, err := m.Refresh(ctx, hotListings)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := ap.Ledger.Usage(ctx)
	spent := atm.CallsTo(attom.PathAVMSnapshot) - before
	if spent != 8 || u.Today != 8 || u.Limits.Daily-u.Today < 5 {
		t.Fatalf("refresh spent %d (ledger %d today); want the budget of 8, leaving HOT_RESERVE_CALLS=5 of 13: %s", spent, u.Today, summary)
	}
	// The eight most asked-for ZIPs (20003..20010) are fresh again; the two
	// least asked-for and the unasked key are not.
	var fresh []string
	for i := range 10 {
		zip := fmt.Sprintf("%05d", 20001+i)
		if it, _, err := ap.Service.Listings().GetUncounted(ctx, zip+"_sfr"); err == nil && it.FetchedAt.Equal(clk.Now()) {
			fresh = append(fresh, zip)
		}
	}
	sort.Strings(fresh)
	if strings.Join(fresh, ",") != "20003,20004,20005,20006,20007,20008,20009,20010" {
		t.Fatalf("refreshed %v; want the 8 most asked-for", fresh)
	}
	if it, _, _ := ap.Service.Listings().GetUncounted(ctx, "29999_condo"); it == nil || it.FetchedAt.Equal(clk.Now()) {
		t.Fatal("a key nobody asked for was refreshed")
	}
	// A second run the same day spends nothing more.
	if _, err := m.Refresh(ctx, hotListings); err != nil || atm.CallsTo(attom.PathAVMSnapshot)-before != 8 {
		t.Fatalf("second run: %v, spent %d", err, atm.CallsTo(attom.PathAVMSnapshot)-before)
	}
}

func TestThe80PercentAlertIsSentOncePerDay(t *testing.T) {
	atm := attomtest.NewServer()
	defer atm.Close()
	url := maintenanceRedis(t)
	clk := storetest.NewClock(time.Date(2026, 6, 3, 12, 0, 0, 0, time.UTC))
	appA, a, sentA := replica(t, url, atm.URL, clk, nil)
	_, b, sentB := replica(t, url, atm.URL, clk, nil)
	ctx := context.Background()
	spendCalls := func(n int) {
		for range n {
			if _, err := appA.Ledger.Reserve(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	alerts := func() int {
		n := 0
		for _, s := range append(sentA.list(), sentB.list()...) {
			if strings.Contains(s, "80% of the daily limit") {
				n++
			}
		}
		return n
	}
	spendCalls(10) // 10 of 13: not over 80% (10.4)
	a.CheckHealth(ctx)
	if alerts() != 0 {
		t.Fatal("alert below the threshold")
	}
	spendCalls(1)
	for range 3 {
		a.CheckHealth(ctx)
		b.CheckHealth(ctx)
		clk.Advance(time.Hour)
	}
	if alerts() != 1 {
		t.Fatalf("%d alerts on the first day, want exactly 1", alerts())
	}
	clk.Set(time.Date(2026, 6, 4, 9, 0, 0, 0, time.UTC))
	a.CheckHealth(ctx)
	if alerts() != 1 {
		t.Fatal("an alert on a day the threshold was not crossed")
	}
	spendCalls(11)
	b.CheckHealth(ctx)
	a.CheckHealth(ctx)
	if alerts() != 2 {
		t.Fatalf("%d alerts after the second day's crossing, want 2", alerts())
	}
}

var hotListings = plan.Scope{Parts: []market.Partition{market.PartHot}, Listings: true, Days: 7, Horizon: 24 * time.Hour}

// The weekly report goes out once, at Monday's maintenance time, whatever
// the Monday: an ordinary one, New Year's Day, a leap day.
func TestTheWeeklyReportIsSentOnceAtItsTime(t *testing.T) {
	for _, monday := range []time.Time{
		time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC),
		time.Date(2029, 1, 1, 3, 0, 0, 0, time.UTC),
		time.Date(2016, 2, 29, 3, 0, 0, 0, time.UTC),
	} {
		t.Run(monday.Format("2006-01-02"), func(t *testing.T) {
			atm := attomtest.NewServer()
			defer atm.Close()
			clk := storetest.NewClock(monday.Add(-2 * time.Minute))
			ap, m, sent := replica(t, maintenanceRedis(t), atm.URL, clk, nil)
			ctx := context.Background()
			m.Tick(ctx) // catching up last week's runs: nothing happened, nothing is reported
			ap.Service.Search(ctx, "78701", realty.SFR)
			reports := func() int {
				n := 0
				for _, s := range sent.list() {
					if strings.HasPrefix(s, "Weekly cache report") {
						n++
					}
				}
				return n
			}
			for _, c := range []struct {
				at   time.Duration
				want int
			}{{-time.Minute, 0}, {-time.Second, 0}, {0, 1}, {time.Minute, 1}, {6 * 24 * time.Hour, 1}} {
				clk.Set(monday.Add(c.at))
				m.Tick(ctx)
				if got := reports(); got != c.want {
					t.Fatalf("at %s: %d reports, want %d", clk.Now(), got, c.want)
				}
			}
			if sent.photos != 1 {
				t.Fatalf("%d charts with the report", sent.photos)
			}
		})
	}
}
