package handlers

import (
	"fmt"
	"html"
	"math"
	"strings"
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

// money formats dollars: $1,234,000 / $1.2M.
func money(v float64) string {
	if v >= 10_000_000 {
		return fmt.Sprintf("$%.1fM", v/1_000_000)
	}
	n := int64(math.Round(v))
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "$" + b.String()
}

func pct(v float64) string { return fmt.Sprintf("%+.1f%%", v*100) }

// age says how long ago t was, coarsely.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
