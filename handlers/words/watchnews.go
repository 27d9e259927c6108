package words

import (
	"strconv"

	"realtybot/handlers/reply"
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
	o := reply.Plain.Writer(1024)
	o.S("🔔 Your watched ZIPs changed\n")
	for i := range ns {
		mark := o.Len()
		writeNews(o, &ns[i])
		if o.Len() > maxNews {
			o.Truncate(mark)
			o.S("\n… and " + Plural(len(ns)-i, "more watch", "more watches") + " changed.\n")
			break
		}
	}
	o.S("\n/watches lists what you follow; /unwatch <zip> stops it.")
	return o.String()
}

// newsSection writes one watch's share of the news.
func writeNews(o *reply.Writer, x *watch.News) {
	o.S("\n" + Watch(x.W) + "\n")
	if len(x.C.New) > 0 {
		o.S(Plural(len(x.C.New), "new home", "new homes") + ":\n")
		capped(o, len(x.C.New), func(i int) {
			s := &x.C.New[i]
			o.S("  + ")
			homeValue(o, s, s.Price)
			if s.Beds > 0 || s.Baths > 0 {
				o.S(" · ")
				o.Rooms(s.Beds, s.Baths)
			}
			o.S(" · id " + s.ID)
		})
	}
	if len(x.C.Moved) > 0 {
		o.S(Plural(len(x.C.Moved), "value change", "value changes") + ":\n")
		capped(o, len(x.C.Moved), func(i int) {
			m := &x.C.Moved[i]
			o.S("  ~ ")
			homeValue(o, &m.Summary, m.Price)
			o.S(" (was ")
			o.Money(m.Was)
			o.S(", " + Change(m.Price, m.Was) + ") · id " + m.ID)
		})
	}
	o.S("See them: /search " + string(x.W.ZIP) + " " + string(x.W.Type))
	if w := x.W.Filter.Words(); w != "" {
		o.S(" " + w)
	}
	o.S("\n")
}

// capped writes the first perList of n lines and counts the rest.
func capped(o *reply.Writer, n int, line func(i int)) {
	for i := range min(n, perList) {
		line(i)
		o.S("\n")
	}
	if n > perList {
		o.S("  … and " + strconv.Itoa(n-perList) + " more\n")
	}
}

// homeValue writes "ADDRESS — $452,000", or "no value".
func homeValue(o *reply.Writer, s *market.Summary, v float64) {
	o.S(s.Address + " — ")
	if v <= 0 {
		o.S("no value")
		return
	}
	o.Money(v)
}

func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// change is the move from was to now in percent: +3.1%, −4.0%.
func Change(now, was float64) string {
	p := (now - was) / was * 100
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if p >= 0 {
		return "+" + s + "%"
	}
	return "−" + s[1:] + "%"
}

// Watch is a watch in words: "78701 sfr · under $500k · 3+ beds".
func Watch(w watch.Watch) string {
	s := string(w.ZIP) + " " + string(w.Type)
	if f := w.Filter.String(); f != "" {
		s += " · " + f
	}
	return s
}
