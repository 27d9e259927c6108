package bot

import (
	"sort"
	"time"

	"realtybot/market"
)

// hotAsk is one hot-market request, as the ceiling sees it.
type hotAsk struct {
	at     time.Time
	zip    string
	market bool // market data; otherwise listings (searches and properties)
}

// hotCeiling bounds the share of hot-market answers that any policy could
// back with real data within tolerance on this traffic, spending `calls`
// ATTOM calls in all. A call fetches one ZIP's listings (every type at once),
// good for 24 h, or its market data, good for 168 h. For each ZIP and kind,
// cover(k) is the most requests k such windows can hold (knowing the future);
// the bound hands out the calls by the best marginal gains of each cover's
// concave hull. The daily limit and not knowing the future only lower what a
// real policy gets.
func hotCeiling(asks []hotAsk, calls int64) float64 {
	if len(asks) == 0 {
		return 0
	}
	groups := map[hotAsk][]time.Time{}
	for _, a := range asks {
		k := hotAsk{zip: a.zip, market: a.market}
		groups[k] = append(groups[k], a.at)
	}
	var gains []float64
	for k, ts := range groups {
		win := market.PartHot.Tolerance()
		if k.market {
			win = market.MarketTTL
		}
		gains = append(gains, hullGains(cover(ts, win))...)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(gains)))
	backed := 0.0
	for i := 0; i < len(gains) && int64(i) < calls; i++ {
		backed += gains[i]
	}
	return backed / float64(len(asks))
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
