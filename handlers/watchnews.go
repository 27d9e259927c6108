package handlers

import (
	"strconv"

	"realtybot/market"
	"realtybot/watch"
)

// perList is how many homes a watch notification names per list; the rest
// are counted.
const perList = 5

// maxNews is the most bytes a watch notification holds, under Telegram's
// 4,096 characters with room for escaping: the watches that do not fit are
// named by count, and /watches lists them.
const maxNews = 3500

// WatchNews is one chat's watch notification (watch.Notifier's render), as
// plain text: per watch, what is new and what moved, and the command that
// shows it all.
func WatchNews(ns []watch.News) string {
	o := &out{b: make([]byte, 0, 1024)}
	o.s("🔔 Your watched ZIPs changed\n")
	for i := range ns {
		mark := len(o.b)
		o.newsSection(&ns[i])
		if len(o.b) > maxNews {
			o.b = o.b[:mark]
			o.s("\n… and " + plural(len(ns)-i, "more watch", "more watches") + " changed.\n")
			break
		}
	}
	o.s("\n/watches lists what you follow; /unwatch <zip> stops it.")
	return o.String()
}

// newsSection writes one watch's share of the news.
func (o *out) newsSection(x *watch.News) {
	o.s("\n" + describe(x.W) + "\n")
	if len(x.C.New) > 0 {
		o.s(plural(len(x.C.New), "new home", "new homes") + ":\n")
		o.capped(len(x.C.New), func(i int) {
			s := &x.C.New[i]
			o.s("  + ")
			o.homeValue(s, s.Price)
			if s.Beds > 0 || s.Baths > 0 {
				o.s(" · ")
				o.num(s.Beds)
				o.s(" bd / ")
				o.num(s.Baths)
				o.s(" ba")
			}
			o.s(" · id " + s.ID)
		})
	}
	if len(x.C.Moved) > 0 {
		o.s(plural(len(x.C.Moved), "value change", "value changes") + ":\n")
		o.capped(len(x.C.Moved), func(i int) {
			m := &x.C.Moved[i]
			o.s("  ~ ")
			o.homeValue(&m.Summary, m.Price)
			o.s(" (was ")
			o.money(m.Was)
			o.s(", " + change(m.Price, m.Was) + ") · id " + m.ID)
		})
	}
	o.s("See them: /search " + x.W.ZIP + " " + string(x.W.Type))
	if w := x.W.Filter.Words(); w != "" {
		o.s(" " + w)
	}
	o.s("\n")
}

// capped writes the first perList of n lines and counts the rest.
func (o *out) capped(n int, line func(i int)) {
	for i := range min(n, perList) {
		line(i)
		o.s("\n")
	}
	if n > perList {
		o.s("  … and " + strconv.Itoa(n-perList) + " more\n")
	}
}

// homeValue writes "ADDRESS — $452,000", or "no value".
func (o *out) homeValue(s *market.Summary, v float64) {
	o.s(s.Address + " — ")
	if v <= 0 {
		o.s("no value")
		return
	}
	o.money(v)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// change is the move from was to now in percent: +3.1%, −4.0%.
func change(now, was float64) string {
	p := (now - was) / was * 100
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if p >= 0 {
		return "+" + s + "%"
	}
	return "−" + s[1:] + "%"
}
