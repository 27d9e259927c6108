package simulate

import (
	"sort"
	"strings"
	"time"

	"realtybot/handlers"
	"realtybot/market"
	"realtybot/realty"
)

// ask is one request for data, as the ceilings see it: from the traffic as
// sent, so it is the same whatever the policy.
type ask struct {
	at     time.Time
	group  string // what one call fetches: a ZIP's listings (every type), its market data, or one property
	key    string // where an estimate of it is cached
	market bool
	hot    bool
	cost   float64 // what its call bills: one call, or its records (0 reads as 1)
}

func (a ask) units() float64 { return max(a.cost, 1) }

// askOf reads a /search, /market or /property request as the handlers do
// (a search's type defaults to sfr; a page number changes nothing here).
// The simulation's "/property ?zip type" counts as that ZIP and type.
func askOf(at time.Time, text string) (ask, bool) {
	f := strings.Fields(text)
	if len(f) < 2 {
		return ask{}, false
	}
	if f[0] == "/property" && len(f) == 2 {
		return ask{at: at, group: "prop_" + f[1], key: "prop_" + f[1]}, true
	}
	z, err := realty.ParseZip(strings.TrimPrefix(f[1], "?"))
	zip := string(z)
	if err != nil {
		return ask{}, false
	}
	switch f[0] {
	case "/market":
		return ask{at: at, group: zip + "_market", key: zip + "_market", market: true}, true
	case "/search", "/property":
		a, err := handlers.ParseSearch(append([]string{zip}, f[2:]...)) // as the handlers read it
		if err != nil {
			return ask{}, false
		}
		return ask{at: at, group: zip, key: zip + "_" + string(a.Type)}, true
	}
	return ask{}, false
}

// hotCeiling bounds the share of hot-market answers that any policy could
// back with real data within tolerance on this traffic, spending `budget`
// billed units in all (calls, or records). A call fetches one group (a
// ZIP's listings of every type its sample holds, a rarer type's own, its
// market data or one property), good for the partition's tolerance (24 h)
// or the market TTL (168 h), and bills its group's cost. For each group,
// cover(k) is the most requests k such windows can hold (knowing the
// future); the bound hands out the budget by the best marginal gains per
// unit of each cover's concave hull, the last one in part (a fractional
// knapsack, which no spending of calls of those costs can beat). The daily limit and not
// knowing the future only lower what a real policy gets.
func hotCeiling(asks []ask, budget int64) float64 {
	type group struct {
		name   string
		market bool
	}
	groups := map[group][]time.Time{}
	cost := map[group]float64{}
	hot := 0
	for _, a := range asks {
		if a.hot {
			k := group{a.group, a.market}
			groups[k] = append(groups[k], a.at)
			cost[k] = a.units()
			hot++
		}
	}
	if hot == 0 {
		return 0
	}
	var gains []gain
	for k, ts := range groups {
		win := market.PartHot.Tolerance()
		if k.market {
			win = market.MarketTTL
		}
		for _, g := range hullGains(cover(ts, win)) {
			gains = append(gains, gain{g, cost[k]})
		}
	}
	return spend(gains, float64(budget)) / float64(hot)
}

// gain is what one more call of a group is worth, and what it bills.
type gain struct{ worth, cost float64 }

// spend is the most worth budget buys of gains, the last one in part.
func spend(gains []gain, budget float64) float64 {
	sort.Slice(gains, func(i, j int) bool { return gains[i].worth/gains[i].cost > gains[j].worth/gains[j].cost })
	got := 0.0
	for _, g := range gains {
		if budget <= 0 {
			break
		}
		part := min(1, budget/g.cost)
		got += part * g.worth
		budget -= part * g.cost
	}
	return got
}

// hitCeiling bounds the hit rate any policy could reach on this traffic
// with the lazy 12 h estimate cache ([ttl-mock]), `daily` billed units (calls,
// or records) a UTC day and `monthly` a month, out of `answered` requests
// for data (asks); each group's call bills its cost. A key with no real data
// misses once per 12 h chain of its requests (each miss generates an
// estimate that serves the next 12 h); a ZIP's listings or market data
// stop missing once one call fetched them, and stay (stale data is served).
// By the end of day d at most the calls of days 0..d were made, so the
// misses saved on day d are at most those of the groups with the most
// misses that day, as many as the calls so far; summing that over the days
// (a different best set each day, calls made at midnight knowing the future)
// only overstates what a real policy can save.
func hitCeiling(asks []ask, start time.Time, daily, monthly, answered int64) float64 {
	if answered == 0 {
		return 0
	}
	day0 := start.UTC().Truncate(24 * time.Hour)
	expires := map[string]time.Time{}    // key -> end of its estimate's 12 h
	starts := map[string]map[int]int64{} // group -> day -> misses
	cost := map[string]float64{}         // group -> what its call bills
	var misses int64
	last := 0
	for _, a := range asks { // in time order
		if a.at.Before(expires[a.key]) {
			continue
		}
		expires[a.key] = a.at.Add(market.MockTTL)
		d := int(a.at.Sub(day0).Hours() / 24)
		if starts[a.group] == nil {
			starts[a.group] = map[int]int64{}
		}
		starts[a.group][d]++
		cost[a.group] = a.units()
		misses++
		last = max(last, d)
	}
	saved := 0.0
	months := map[string]bool{}
	for d := 0; d <= last; d++ {
		months[day0.AddDate(0, 0, d).Format("2006-01")] = true
		units := min(daily*int64(d+1), monthly*int64(len(months)))
		var v []gain
		for g, byDay := range starts {
			if n := byDay[d]; n > 0 {
				v = append(v, gain{float64(n), cost[g]})
			}
		}
		saved += spend(v, float64(units))
	}
	return 1 - (float64(misses)-saved)/float64(answered)
}

// cover returns f where f[k] is the most of the times that k windows of
// length win can hold, up to the k that holds them all.
func cover(ts []time.Time, win time.Duration) []int {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	n := len(ts)
	next := make([]int, n) // first time past a window opened at ts[i]
	for i, j := 0, 0; i < n; i++ {
		for j < n && ts[j].Sub(ts[i]) <= win {
			j++
		}
		next[i] = j
	}
	// prev[i] is the most that k-1 windows hold among ts[i:]; cur for k.
	prev := make([]int, n+1)
	f := []int{0}
	for f[len(f)-1] < n {
		cur := make([]int, n+1)
		for i := n - 1; i >= 0; i-- {
			cur[i] = max(cur[i+1], next[i]-i+prev[next[i]])
		}
		f = append(f, cur[0])
		prev = cur
	}
	return f
}

// hullGains returns the marginal gains of the upper concave hull of f, so
// they never increase.
func hullGains(f []int) []float64 {
	hull := []int{0} // indices into f
	for k := 1; k < len(f); k++ {
		for len(hull) >= 2 {
			a, b := hull[len(hull)-2], hull[len(hull)-1]
			// drop b when it lies on or below the line from a to k
			if (f[b]-f[a])*(k-a) <= (f[k]-f[a])*(b-a) {
				hull = hull[:len(hull)-1]
				continue
			}
			break
		}
		hull = append(hull, k)
	}
	var out []float64
	for i := 1; i < len(hull); i++ {
		a, b := hull[i-1], hull[i]
		g := float64(f[b]-f[a]) / float64(b-a)
		for range b - a {
			out = append(out, g)
		}
	}
	return out
}
