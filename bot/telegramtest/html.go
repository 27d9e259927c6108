package telegramtest

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxText is Telegram's limit on a message's text after entity parsing, in
// UTF-16 code units.
const MaxText = 4096

// tagAttrs lists the tags parse_mode=HTML accepts and the attributes each
// may carry (the Bot API's formatting options).
var tagAttrs = map[string]*regexp.Regexp{
	"b": nil, "strong": nil, "i": nil, "em": nil, "u": nil, "ins": nil, "s": nil, "strike": nil, "del": nil,
	"tg-spoiler": nil, "pre": nil, "blockquote": regexp.MustCompile(`^expandable$`),
	"span":     regexp.MustCompile(`^class="tg-spoiler"$`),
	"a":        regexp.MustCompile(`^href="[^"<>]*"$`),
	"tg-emoji": regexp.MustCompile(`^emoji-id="[0-9]+"$`),
	"code":     regexp.MustCompile(`^class="language-[A-Za-z0-9_+-]+"$`),
}

// CheckHTML parses text as Telegram parses parse_mode=HTML and returns the
// error Telegram would answer: an unsupported tag, a tag that does not nest
// or close, an unescaped <, > or &, an unknown named entity, or a text that
// is empty or over MaxText UTF-16 units once tags and entities are read.
func CheckHTML(text string) error {
	var stack []string
	var visible strings.Builder
	for i := 0; i < len(text); {
		switch c := text[i]; c {
		case '<':
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				return fmt.Errorf("can't parse entities: unclosed start tag at byte offset %d", i)
			}
			if err := tag(text[i+1:i+j], &stack); err != nil {
				return fmt.Errorf("can't parse entities: %w at byte offset %d", err, i)
			}
			i += j + 1
		case '>':
			return fmt.Errorf("can't parse entities: unescaped > at byte offset %d", i)
		case '&':
			j := strings.IndexByte(text[i:], ';')
			if j < 0 || j > 12 {
				return fmt.Errorf("can't parse entities: unescaped & at byte offset %d", i)
			}
			r, err := entity(text[i+1 : i+j])
			if err != nil {
				return fmt.Errorf("can't parse entities: %w at byte offset %d", err, i)
			}
			visible.WriteRune(r)
			i += j + 1
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				return fmt.Errorf("text must be encoded in UTF-8 (byte offset %d)", i)
			}
			visible.WriteRune(r)
			i += n
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("can't parse entities: can't find end tag corresponding to start tag %q", stack[len(stack)-1])
	}
	v := visible.String()
	if strings.TrimFunc(v, unicode.IsSpace) == "" {
		return errors.New("message text is empty")
	}
	if n := len(utf16.Encode([]rune(v))); n > MaxText {
		return fmt.Errorf("message is too long (%d UTF-16 units after entity parsing)", n)
	}
	return nil
}

func tag(body string, stack *[]string) error {
	if name, ok := strings.CutPrefix(body, "/"); ok {
		name = strings.TrimSpace(name)
		if n := len(*stack); n == 0 || (*stack)[n-1] != name {
			return fmt.Errorf("unexpected end tag %q", name)
		}
		*stack = (*stack)[:len(*stack)-1]
		return nil
	}
	name, attrs, _ := strings.Cut(body, " ")
	re, ok := tagAttrs[name]
	if !ok {
		return fmt.Errorf("unsupported start tag %q", name)
	}
	attrs = strings.TrimSpace(attrs)
	if attrs != "" && (re == nil || !re.MatchString(attrs)) || attrs == "" && (name == "a" || name == "span" || name == "tg-emoji") {
		return fmt.Errorf("bad attributes %q of tag %q", attrs, name)
	}
	*stack = append(*stack, name)
	return nil
}

func entity(name string) (rune, error) {
	switch name {
	case "lt":
		return '<', nil
	case "gt":
		return '>', nil
	case "amp":
		return '&', nil
	case "quot":
		return '"', nil
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(num, "x"); ok {
			num, base = h, 16
		}
		if n, err := strconv.ParseInt(num, base, 32); err == nil && n > 0 && utf8.ValidRune(rune(n)) {
			return rune(n), nil
		}
	}
	return 0, fmt.Errorf("unsupported entity &%s;", name)
}
