package handlers

import (
	"fmt"
	"html"
	"time"
)

// Format renders reply text for one transport.
type Format interface {
	Esc(s string) string  // escape user or upstream text
	Bold(s string) string // s is already escaped
	Code(s string) string // s is already escaped
	Fit(s string) string  // cut a reply to MaxMessage, keeping it valid
}

// Plain is the console's format.
type Plain struct{}

// Esc implements Format.
func (Plain) Esc(s string) string { return s }

// Bold implements Format.
func (Plain) Bold(s string) string { return s }

// Code implements Format.
func (Plain) Code(s string) string { return s }

// Fit implements Format.
func (Plain) Fit(s string) string { return fitPlain(s, MaxMessage) }

// HTML is Telegram's parse_mode=HTML format.
type HTML struct{}

// Esc implements Format.
func (HTML) Esc(s string) string { return html.EscapeString(s) }

// Bold implements Format.
func (HTML) Bold(s string) string { return "<b>" + s + "</b>" }

// Code implements Format.
func (HTML) Code(s string) string { return "<code>" + s + "</code>" }

// Fit implements Format.
func (HTML) Fit(s string) string { return fitHTML(s, MaxMessage) }

// MaxMessage is Telegram's limit on a message's text, in UTF-16 code units
// after entity parsing.
const MaxMessage = 4096

func pct(v float64) string { return fmt.Sprintf("%+.1f%%", v*100) }

// age writes how long ago t was, coarsely: just now, 5 min ago, 3 h ago,
// 4 days ago.
func (o *out) age(d time.Duration) {
	switch {
	case d < time.Minute:
		o.s("just now")
		return
	case d < time.Hour:
		o.int(int(d.Minutes()))
		o.s(" min ago")
	case d < 48*time.Hour:
		o.int(int(d.Hours()))
		o.s(" h ago")
	default:
		o.int(int(d.Hours() / 24))
		o.s(" days ago")
	}
}
