package reply

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// cutNote ends a reply that had to be cut. Replies page long lists, so a cut
// is the exception (a very long address, an odd input).
const cutNote = "\n… (cut to fit one message)"

// units is s's length in UTF-16 code units, as Telegram counts.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

// runeUnits is one character's UTF-16 length (an invalid one is sent as
// U+FFFD, one unit).
func runeUnits(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// fitPlain cuts plain text to limit UTF-16 units, at a line end when one is
// in the second half, else at a rune boundary.
func fitPlain(s string, limit int) string {
	// A UTF-16 unit takes at least one byte of UTF-8, so a text no longer
	// in bytes than the limit fits without counting.
	if len(s) <= limit || units(s) <= limit {
		return s
	}
	budget, n, cut, line := limit-units(cutNote), 0, 0, -1
	for i, r := range s {
		if n+runeUnits(r) > budget {
			break
		}
		n += runeUnits(r)
		cut = i + utf8.RuneLen(r)
		if r == '\n' {
			line = i
		}
	}
	if line > cut/2 {
		cut = line
	}
	return s[:cut] + cutNote
}

// fitHTML cuts Telegram HTML to limit UTF-16 units of visible text: only
// between elements or characters (never inside a tag or an entity), at a
// line end when one is in the second half, closing the tags left open.
func fitHTML(s string, limit int) string {
	if len(s) <= limit || visibleUnits(s) <= limit { // as in fitPlain
		return s
	}
	budget := limit - units(cutNote)
	var open []string // tags open at i
	cut, cutOpen := 0, []string(nil)
	line, lineOpen := -1, []string(nil)
	n := 0
	for i := 0; i < len(s); {
		tok, vis, name := nextToken(s[i:])
		if n+vis > budget {
			break
		}
		n += vis
		switch {
		case strings.HasPrefix(name, "/"):
			if k := len(open); k > 0 {
				open = open[:k-1]
			}
		case name != "":
			open = append(open, name)
		}
		i += len(tok)
		cut, cutOpen = i, append(cutOpen[:0], open...)
		if tok == "\n" {
			line, lineOpen = i-1, append(lineOpen[:0], open...)
		}
	}
	if line > cut/2 {
		cut, cutOpen = line, lineOpen
	}
	var b strings.Builder
	b.WriteString(s[:cut])
	for k := len(cutOpen) - 1; k >= 0; k-- {
		b.WriteString("</" + cutOpen[k] + ">")
	}
	b.WriteString(HTML.Esc(cutNote))
	return b.String()
}

// nextToken returns the first token of s: a tag (with its name, "/name" for
// an end tag), an entity or one character, and the UTF-16 units it shows.
func nextToken(s string) (tok string, visible int, name string) {
	switch s[0] {
	case '<':
		if j := strings.IndexByte(s, '>'); j > 0 {
			body := s[1:j]
			name, _, _ = strings.Cut(body, " ")
			return s[:j+1], 0, name
		}
	case '&':
		if j := strings.IndexByte(s, ';'); j > 0 && j <= 12 {
			return s[:j+1], entityUnits(s[1:j]), ""
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	return s[:size], runeUnits(r), ""
}

// visibleUnits is the UTF-16 length of s once tags and entities are read.
func visibleUnits(s string) int {
	n := 0
	for i := 0; i < len(s); {
		tok, vis, _ := nextToken(s[i:])
		n += vis
		i += len(tok)
	}
	return n
}

// entityUnits is the UTF-16 length of the character an entity stands for.
func entityUnits(name string) int {
	num, ok := strings.CutPrefix(name, "#")
	if !ok {
		return 1 // &lt; &gt; &amp; &quot;
	}
	base := 10
	if h, ok := strings.CutPrefix(num, "x"); ok {
		num, base = h, 16
	}
	if n, err := strconv.ParseInt(num, base, 32); err == nil {
		return runeUnits(rune(n))
	}
	return 1
}
