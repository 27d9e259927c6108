package handlers

import (
	"strings"
)

// Command is a parsed command line.
type Command struct {
	Name string   // lower case, without the slash and @BotName
	Args []string // whitespace-separated arguments
}

// MaxArgs is the most arguments a command reads ("/watch 78701 sfr over
// 300k under 500k 3+ beds 2+ baths min 1500 sqft" has 15).
const MaxArgs = 16

// ParseCommand reads "/name[@Bot] args…". ok is false for text that is not a
// command. "/search@RealtyBot 78701" parses like "/search 78701".
func ParseCommand(text string) (Command, bool) {
	text = strings.TrimSpace(text)
	if len(text) < 2 || text[0] != '/' {
		return Command{}, false
	}
	fields := strings.Fields(text)
	name := fields[0][1:]
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	if name == "" || len(name) > 32 {
		return Command{}, false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return Command{}, false
		}
	}
	if len(fields) > MaxArgs+1 {
		fields = fields[:MaxArgs+1] // no command takes more; the rest is ignored
	}
	return Command{Name: strings.ToLower(name), Args: fields[1:]}, true
}
