package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"realtybot/clock"
	"realtybot/handlers/reply"
	"realtybot/handlers/words"
	"realtybot/market/filter"
	"realtybot/realty"
)

// PageSize is how many properties one reply lists.
const PageSize = 8

const searchUsage = "/search <zip> [type] [filters] [page]"

// SearchArgs is "<zip> [type] [filters] [page]", shared by /search, /watch
// and /refresh.
type SearchArgs struct {
	ZIP    realty.Zip
	Type   realty.PropertyType
	Filter filter.Filter
	Page   int // 1-based
}

// Search parse errors.
var (
	ErrNoZIP   = errors.New("handlers: which ZIP?")
	ErrBadPage = errors.New("handlers: a page number is between 1 and 99")
	ErrBadType = errors.New("handlers: unknown property type")
)

// ParseSearch reads the arguments of /search: a ZIP (ZIP+4 too), then in any
// order an optional type (sfr by default, aliases accepted), filters
// ("under 500k 3+ beds") and a page. Simulations read replayed searches with
// it, as the bot does.
func ParseSearch(args []string) (SearchArgs, error) {
	if len(args) == 0 {
		return SearchArgs{}, ErrNoZIP
	}
	zip, err := realty.ParseZip(args[0])
	if err != nil {
		return SearchArgs{}, err
	}
	a := SearchArgs{ZIP: zip, Type: realty.SFR, Page: 1}
	f, rest, err := filter.Parse(args[1:])
	if err != nil {
		return SearchArgs{}, err
	}
	a.Filter = f
	if n := len(rest); n > 0 && isDigits(rest[n-1]) {
		if p, err := strconv.Atoi(rest[n-1]); err == nil {
			if p < 1 || p > 99 {
				return SearchArgs{}, ErrBadPage
			}
			a.Page, rest = p, rest[:n-1]
		}
	}
	if len(rest) > 0 {
		t, ok := realty.ParsePropertyType(strings.Join(rest, " "))
		if !ok {
			// A type may be several words ("single family"): the longest
			// leading run that is one is the type, and the word after it
			// is the one not understood.
			for n := len(rest) - 1; n > 0; n-- {
				if _, ok := realty.ParsePropertyType(strings.Join(rest[:n], " ")); ok {
					return SearchArgs{}, &unknownWordError{rest[n]}
				}
			}
			return SearchArgs{}, &badTypeError{strings.Join(rest, " ")}
		}
		a.Type = t
	}
	return a, nil
}

// ErrUnknownWord is a word of a search that is neither a type, a filter
// nor a page.
var ErrUnknownWord = errors.New("handlers: a word not understood")

type unknownWordError struct{ word string }

func (e *unknownWordError) Error() string {
	return ErrUnknownWord.Error() + " " + strconv.Quote(e.word)
}
func (e *unknownWordError) Unwrap() error { return ErrUnknownWord }

// isDigits says whether s is a whole number (checked before Atoi, whose
// error costs an allocation on every search with a type).
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

type badTypeError struct{ input string }

func (e *badTypeError) Error() string { return ErrBadType.Error() + " " + strconv.Quote(e.input) }
func (e *badTypeError) Unwrap() error { return ErrBadType }

// parseSearch is ParseSearch with the reply to give when it fails.
func (h *Handler) parseSearch(args []string, usage string) (SearchArgs, string) {
	a, err := ParseSearch(args)
	if err == nil {
		return a, ""
	}
	u := "Usage: " + h.f.Code(h.f.Esc(usage))
	var bt *badTypeError
	var uw *unknownWordError
	var ce *filter.ContradictionError
	switch {
	case errors.As(err, &uw):
		return a, "I did not understand " + h.f.Code(h.f.Esc(uw.word)) + ". After the ZIP come a type, filters (under 500k, 3+ beds, " +
			"2+ baths, min 1500 sqft) and a page number (1 to 99).\n" + u
	case errors.As(err, &ce):
		return a, h.f.Esc("These filters contradict each other: no home is over "+reply.Money(ce.Over)+" and under "+
			reply.Money(ce.Under)+" at once. Which did you mean?") + "\n" + u
	case errors.Is(err, ErrNoZIP):
		return a, "Which ZIP? " + u
	case errors.Is(err, ErrBadPage):
		return a, "A page number is between 1 and 99.\n" + u
	case errors.Is(err, filter.ErrBad):
		return a, h.f.Esc("Filters look like: under 500k, over 300k, 3+ beds, 2+ baths, min 1500 sqft.") + "\n" + u
	case errors.As(err, &bt):
		return a, "Unknown property type " + h.f.Code(h.f.Esc(bt.input)) + ". Valid types: " +
			strings.Join(realty.PropertyTypeNames(), ", ") + ".\n" + u
	}
	return a, h.userError(err, usage)
}

func (h *Handler) search(ctx context.Context, args []string) Reply {
	a, msg := h.parseSearch(args, searchUsage)
	if msg != "" {
		return Reply{Text: msg}
	}
	return h.searchReply(ctx, a)
}

// searchReply answers one page of a search, filtered from the listing (a
// filter costs no API call: it reads the cached homes).
func (h *Handler) searchReply(ctx context.Context, a SearchArgs) Reply {
	l, p, err := h.svc.Search(ctx, a.ZIP, a.Type)
	if err != nil {
		return Reply{Text: h.userError(err, searchUsage)}
	}
	matched := a.Filter.Count(l.Items)
	pages := max(1, (matched+PageSize-1)/PageSize)
	o := h.f.Writer(384 + 160*PageSize)
	if a.Page > pages {
		o.S("There is no page ")
		o.Int(a.Page)
		o.S(": the last page is ")
		o.Int(pages)
		o.S(", shown here.\n")
		a.Page = pages
	}
	from := (a.Page - 1) * PageSize
	pg := &words.Page{L: l, F: a.Filter, Matched: matched, From: from, N: PageSize, Provided: p, IDs: make([]string, 0, PageSize), Zone: h.w.Zone}
	words.WritePage(o, pg, clock.At(ctx, h.now).Sub(p.FetchedAt))
	if !h.Keyboards && pages > 1 {
		o.S("\nPage ")
		o.Int(a.Page)
		o.S(" of ")
		o.Int(pages)
		if a.Page < pages {
			o.S("; next: /search ")
			o.S(string(a.ZIP) + " " + string(a.Type) + " ")
			if !a.Filter.IsZero() {
				o.Esc(a.Filter.Words())
				o.S(" ")
			}
			o.Int(a.Page + 1)
		}
	}
	r := Reply{Text: o.String(), Source: p.Source, Fetched: fetched(p), Homes: matched, IDs: pg.IDs}
	if h.Keyboards {
		r.Keyboard = searchKeyboard(a, r.IDs, pages)
	}
	return r
}

// searchKeyboard is a button per home shown (it opens the property in place),
// the types (keeping the filters) and the pages.
func searchKeyboard(a SearchArgs, shown []string, pages int) Keyboard {
	var encArr [64]byte
	enc := a.Filter.AppendEncode(encArr[:0])
	k := keys{buf: make([]byte, 0, 640)} // 16 buttons: 400–600 bytes
	for i, id := range shown {
		if buttonID(id) {
			k.begin()
			k.buf = appendHome(k.buf, (a.Page-1)*PageSize+i+1)
			k.mid()
			k.buf = appendPropertyData(k.buf, id, a, enc)
			k.end()
		}
		k.homesRow(i)
	}
	k.endRow()
	for i, t := range realty.PropertyTypes {
		k.begin()
		if t == a.Type {
			k.buf = append(k.buf, "• "...)
		}
		k.buf = append(k.buf, t...)
		k.mid()
		k.buf = appendSearchData(k.buf, SearchArgs{ZIP: a.ZIP, Type: t}, 1, enc)
		k.end()
		if i%3 == 2 {
			k.endRow()
		}
	}
	k.endRow()
	if pages > 1 {
		if a.Page > 1 {
			k.begin()
			k.buf = append(k.buf, "◀ prev"...)
			k.mid()
			k.buf = appendSearchData(k.buf, a, a.Page-1, enc)
			k.end()
		}
		k.begin()
		k.buf = strconv.AppendInt(k.buf, int64(a.Page), 10)
		k.buf = strconv.AppendInt(append(k.buf, " / "...), int64(pages), 10)
		k.mid()
		k.buf = appendSearchData(k.buf, a, a.Page, enc)
		k.end()
		if a.Page < pages {
			k.begin()
			k.buf = append(k.buf, "next ▶"...)
			k.mid()
			k.buf = appendSearchData(k.buf, a, a.Page+1, enc)
			k.end()
		}
	}
	return k.build()
}
