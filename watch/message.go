package watch

import (
	"strconv"
	"strings"

	"realtybot/market"
)

// perList is how many homes a notification names per list; the rest are
// counted.
const perList = 5

// maxMessage is the most characters a notification holds, under Telegram's
// 4,096 with room for escaping: the watches that do not fit are named by
// count, and /watches lists them.
const maxMessage = 3500

// message is one chat's notification: per watch, what is new and what
// moved, and the command that shows it all.
func message(ns []news) string {
	var b strings.Builder
	b.WriteString("🔔 Your watched ZIPs changed\n")
	for i, x := range ns {
		sec := section(&x)
		if b.Len()+len(sec) > maxMessage {
			b.WriteString("\n… and " + plural(len(ns)-i, "more watch", "more watches") + " changed.\n")
			break
		}
		b.WriteString(sec)
	}
	b.WriteString("\n/watches lists what you follow; /unwatch <zip> stops it.")
	return b.String()
}

// section is one watch's share of the news.
func section(x *news) string {
	var b strings.Builder
	b.WriteString("\n" + x.W.ZIP + " " + string(x.W.Type))
	if f := x.W.Filter.String(); f != "" {
		b.WriteString(" · " + f)
	}
	b.WriteString("\n")
	if len(x.C.New) > 0 {
		b.WriteString(plural(len(x.C.New), "new home", "new homes") + ":\n")
		for i, s := range x.C.New {
			if i == perList {
				b.WriteString("  … and " + strconv.Itoa(len(x.C.New)-perList) + " more\n")
				break
			}
			b.WriteString("  + " + s.Address + " — " + dollars(s.Price) + rooms(&s) + " · id " + s.ID + "\n")
		}
	}
	if len(x.C.Moved) > 0 {
		b.WriteString(plural(len(x.C.Moved), "value change", "value changes") + ":\n")
		for i, m := range x.C.Moved {
			if i == perList {
				b.WriteString("  … and " + strconv.Itoa(len(x.C.Moved)-perList) + " more\n")
				break
			}
			b.WriteString("  ~ " + m.Address + " — " + dollars(m.Price) + " (was " + dollars(m.Was) + ", " + change(m.Price, m.Was) + ") · id " + m.ID + "\n")
		}
	}
	b.WriteString("See them: /search " + x.W.ZIP + " " + string(x.W.Type))
	if w := x.W.Filter.Words(); w != "" {
		b.WriteString(" " + w)
	}
	b.WriteString("\n")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func rooms(s *market.Summary) string {
	if s.Beds <= 0 && s.Baths <= 0 {
		return ""
	}
	return " · " + strconv.FormatFloat(s.Beds, 'f', -1, 64) + " bd / " + strconv.FormatFloat(s.Baths, 'f', -1, 64) + " ba"
}

// dollars is $452,000; no value says so.
func dollars(v float64) string {
	if v <= 0 {
		return "no value"
	}
	d := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	b.WriteByte('$')
	for i := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
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
