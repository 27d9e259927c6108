package reply

import (
	"fmt"
	"time"
)

// Mode is a transport's format: Telegram's parse_mode=HTML, or plain text
// for the console. Its string helpers are written by the Writer, so a reply
// is escaped and marked up one way whichever path writes it.
type Mode struct{ html bool }

// The modes.
var (
	HTML  = Mode{html: true}
	Plain = Mode{}
)

// IsHTML says whether m writes Telegram HTML.
func (m Mode) IsHTML() bool { return m.html }

// Writer starts a reply of about size bytes.
func (m Mode) Writer(size int) *Writer { return &Writer{b: make([]byte, 0, size), html: m.html} }

// Esc escapes user or upstream text.
func (m Mode) Esc(s string) string {
	if !m.html {
		return s
	}
	o := m.Writer(len(s) + 8)
	o.Esc(s)
	return o.String()
}

// Bold marks s, already escaped, as bold.
func (m Mode) Bold(s string) string { return m.mark("b", s) }

// Code marks s, already escaped, as code.
func (m Mode) Code(s string) string { return m.mark("code", s) }

func (m Mode) mark(tag, s string) string {
	o := m.Writer(len(s) + 2*len(tag) + 5)
	o.Open(tag)
	o.S(s)
	o.Close(tag)
	return o.String()
}

// Fit cuts a reply to MaxMessage, keeping it valid.
func (m Mode) Fit(s string) string {
	if m.html {
		return fitHTML(s, MaxMessage)
	}
	return fitPlain(s, MaxMessage)
}

// MaxMessage is Telegram's limit on a message's text, in UTF-16 code units
// after entity parsing.
const MaxMessage = 4096

// Pct writes a share as a signed percentage: +2.5%.
func Pct(v float64) string { return fmt.Sprintf("%+.1f%%", v*100) }

// Age writes how long ago t was, coarsely: just now, 5 min ago, 3 h ago,
// 4 days ago.
func (o *Writer) Age(d time.Duration) {
	switch {
	case d < time.Minute:
		o.S("just now")
		return
	case d < time.Hour:
		o.Int(int(d.Minutes()))
		o.S(" min ago")
	case d < 48*time.Hour:
		o.Int(int(d.Hours()))
		o.S(" h ago")
	default:
		o.Int(int(d.Hours() / 24))
		o.S(" days ago")
	}
}
