package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"realtybot/access"
	"realtybot/clock"
	"realtybot/handlers/reply"
	"realtybot/handlers/words"
	"realtybot/market"
	"realtybot/market/outcome"
	"realtybot/quota"
	"realtybot/realty"
)

// Service is what the handlers need of the market service.
type Service interface {
	Search(ctx context.Context, zip realty.Zip, t realty.PropertyType) (*market.Listing, outcome.Provenance, error)
	AdminRefresh(ctx context.Context, zip realty.Zip, t realty.PropertyType) (*market.Listing, outcome.Provenance, error)
	Market(ctx context.Context, zip realty.Zip) (*market.MarketData, outcome.Provenance, error)
	Property(ctx context.Context, id string) (*market.Record, outcome.Provenance, error)
	Deals(ctx context.Context, mt market.Type, maxPrice float64, limit int) ([]market.Record, error)
	DealsIn(ctx context.Context, zip realty.Zip, mt market.Type, maxPrice float64, limit int) ([]market.Record, error)
	Report(ctx context.Context) outcome.Report
	QuotaAdmin() market.QuotaAdmin // nil without a ledger
}

// Request is one incoming command or button press, whatever the transport.
type Request struct {
	UserID   int64
	ChatID   int64
	Text     string // a message's text
	Callback string // a button's callback data (Text is then empty)
	Name     string // the name the user goes by ("Anna (@anna)"), when the transport knows it
}

// Reply is what to send back. For a button press the transport edits the
// message the button belongs to.
type Reply struct {
	Text     string
	Keyboard Keyboard       // inline keyboard; zero for none
	Photo    []byte         // a PNG sent with the text (the /market and /usage charts)
	Caption  string         // the photo's caption
	Toast    string         // for a button press: the short notice Telegram shows
	Source   outcome.Source // where the data came from; 0 for replies without data
	Fetched  time.Time      // when that data was fetched (zero for estimates and non-data replies)
	Homes    int            // properties of the asked type a /search answer can page through
	IDs      []string       // the properties the reply shows, in order

	command string // what the log line and metrics call it ("" when no command was understood)
}

// Button is an inline keyboard button.
type Button struct {
	Text string
	Data string // callback data, at most 64 bytes
}

// Reloader reloads the configuration and says what changed (/refresh config).
type Reloader func(ctx context.Context) (string, error)

// Handler routes commands to their handlers.
type Handler struct {
	svc    Service
	roles  *access.Access
	handle HandlerFunc // route inside its middlewares
	f      reply.Mode
	w      words.Words // f and now, for the wording of answers
	now    func() time.Time
	log    *slog.Logger
	// StaleAlert is the stale ratio above which /usage flags the cache.
	StaleAlert float64
	// Keyboards makes replies carry inline keyboards (Telegram); without it
	// they carry the equivalent commands as text (console).
	Keyboards bool
	// Charts makes /market replies carry the trend chart as a PNG.
	Charts bool
	// Reload serves /refresh config; nil means there is nothing to reload.
	Reload Reloader
	// ConfigStatus, when set, says in /usage where the configuration came from.
	ConfigStatus func() string
	// Watches serves /watch, /unwatch and /watches; nil: not available.
	Watches Watchlist
	// Names, when set, keeps the names people go by, for /usage.
	Names     Names
	seenNames sync.Map // user -> the name last kept
	// Announce, when set, tells every admin but from something (a change
	// of the quota counts).
	Announce func(ctx context.Context, from int64, text string)
	// Observe, when set, is told of every handled command (metrics).
	Observe func(command, source string, d time.Duration)
}

// New returns a Handler rendering in format f.
func New(svc Service, roles *access.Access, f reply.Mode, now func() time.Time, log *slog.Logger) *Handler {
	if now == nil {
		now = clock.Real.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{svc: svc, roles: roles, f: f, w: words.Words{F: f, Now: now}, now: now, log: log, StaleAlert: 0.5}
	h.handle = chain(h.route, h.instant, h.observe, h.withRole, slashless)
	return h
}

type command struct {
	admin bool
	usage string
	help  string
	run   func(h *Handler, ctx context.Context, args []string) Reply
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"start":    {usage: "/start", help: "welcome and what the bot does", run: (*Handler).start},
		"help":     {usage: "/help", help: "this list", run: (*Handler).help},
		"search":   {usage: searchUsage, help: "properties in a ZIP (type: " + strings.Join(realty.PropertyTypeNames(), ", ") + "; default sfr), with filters", run: (*Handler).search},
		"market":   {usage: "/market <zip> [type]", help: "is the market heating, steady or cooling: the median price, the trend and what it means for pricing; with a type, that type's own sales (e.g. /market 78701 condo)", run: (*Handler).market},
		"property": {usage: "/property <id>", help: "one property with analysis and score", run: (*Handler).property},
		"deals":    {usage: "/deals [market type] [max price]", help: "best-scored cached properties, e.g. /deals hot 400k (no API call)", run: (*Handler).deals},
		"watch":    {usage: watchUsage, help: "get a short message when a refresh brings new homes or value changes in a ZIP (no API call)", run: (*Handler).watch},
		"unwatch":  {usage: unwatchUsage, help: "stop watching a ZIP", run: (*Handler).unwatch},
		"watches":  {usage: "/watches", help: "what you watch", run: (*Handler).watches},
		"usage":    {admin: true, usage: "/usage", help: "ATTOM calls, cache hit rates and health (admins)", run: (*Handler).usage},
		"refresh":  {admin: true, usage: "/refresh <zip> [type] | /refresh config", help: "force a live refresh through the quota ledger, or reload the configuration (admins)", run: (*Handler).refresh},
		"quota":    {admin: true, usage: quotaUsage, help: "the quota ledger's state; confirm restored counts, raise them, or lower them with a reason (admins)", run: (*Handler).quota},
	}
}

// Order is the order commands are listed in.
var Order = []string{"search", "market", "property", "deals", "watch", "unwatch", "watches", "usage", "refresh", "quota", "help", "start"}

// CommandInfo names a command for Telegram's menu.
type CommandInfo struct{ Name, Help string }

// Commands lists the commands in Order for a menu (setMyCommands): the
// agents' ones, or with admin every one.
func Commands(admin bool) []CommandInfo {
	var out []CommandInfo
	for _, n := range Order {
		if c := commands[n]; !c.admin || admin {
			out = append(out, CommandInfo{Name: n, Help: c.help})
		}
	}
	return out
}

// Handle answers one request. It never panics on input and never spends a
// call for a stranger or for invalid input.
func (h *Handler) Handle(ctx context.Context, req Request) Reply {
	r := h.handle(ctx, req)
	r.Text = h.f.Fit(r.Text)
	return r
}

// route runs the command (or the button) req asks for; the middlewares
// around it have checked the role.
func (h *Handler) route(ctx context.Context, req Request) Reply {
	if req.Callback != "" {
		r := h.callback(ctx, req.Callback)
		r.command = "button"
		return r
	}
	cmd, ok := ParseCommand(req.Text)
	if !ok {
		return Reply{Text: "Send a command, for example " + h.f.Code("/search 78701 sfr") + ". " + h.f.Code("/help") + " lists them all."}
	}
	c, known := commands[cmd.Name]
	switch {
	case !known:
		text := fmt.Sprintf("Unknown command /%s. %s lists what I can do.", h.f.Esc(cmd.Name), h.f.Code("/help"))
		if near := nearestCommand(cmd.Name); near != "" {
			text = fmt.Sprintf("Unknown command /%s. Did you mean %s?", h.f.Esc(cmd.Name),
				h.f.Code(h.f.Esc(strings.Join(append([]string{"/" + near}, cmd.Args...), " "))))
		}
		return Reply{Text: text, command: cmd.Name}
	case c.admin && roleOf(ctx) != access.Admin:
		return Reply{Text: "That command is for admins only.", command: cmd.Name}
	}
	r := c.run(h, ctx, cmd.Args)
	r.command = cmd.Name
	return r
}

// done writes the command's log line and tells Observe.
func (h *Handler) done(user int64, command string, src outcome.Source, start clock.Stopwatch) {
	d := start.Elapsed()
	source := ""
	if src != 0 {
		source = src.String()
	}
	// Unknown commands become "other": user text must not become a label.
	if _, known := commands[command]; !known && command != "refused" && command != "button" {
		command = "other"
	}
	h.log.LogAttrs(context.Background(), slog.LevelInfo, "command", slog.Int64("user", user), slog.String("command", command),
		slog.String("source", source), slog.Duration("duration", d))
	if h.Observe != nil {
		h.Observe(command, source, d)
	}
}

// SetZone makes replies state times in zone (TZ) as well as UTC.
func (h *Handler) SetZone(zone *time.Location) { h.w.Zone = zone }

// withAgent tags an agent's requests so the ledger applies the per-agent
// cap (admins are exempt), and records the role and user for the commands.
func withAgent(ctx context.Context, role access.Role, req Request) context.Context {
	ctx = context.WithValue(ctx, reqKey{}, &reqInfo{user: req.UserID, chat: req.ChatID})
	if role == access.Agent {
		return quota.WithAgent(ctx, strconv.FormatInt(req.UserID, 10))
	}
	return ctx
}

// userError turns a service error into a sentence; unexpected errors are
// logged and answered generically.
func (h *Handler) userError(err error, usage string) string {
	if errors.Is(err, realty.ErrBadZip) {
		return h.f.Esc(realty.ErrBadZip.Error()+zipHint(err)) + "\nUsage: " + h.f.Code(h.f.Esc(usage))
	}
	for _, e := range []error{market.ErrBadType, realty.ErrBadID} {
		if errors.Is(err, e) {
			return h.f.Esc(e.Error()) + "\nUsage: " + h.f.Code(h.f.Esc(usage))
		}
	}
	if errors.Is(err, outcome.ErrUnknownZIP) {
		return h.f.Esc("ATTOM knows no such ZIP: its free location lookup found none, so this cost no API call. Check the ZIP.")
	}
	var nc *outcome.NotCachedError
	if errors.As(err, &nc) {
		return h.f.Esc(nc.Error() + " (" + words.Why(nc.Why, h.w.Zone) + "); /search its ZIP first")
	}
	if errors.Is(err, market.ErrNoProperty) {
		return h.f.Esc(err.Error())
	}
	h.log.Error("command failed", "err", err)
	return "Something went wrong on our side; please try again in a minute."
}

func (h *Handler) start(ctx context.Context, args []string) Reply {
	return Reply{Text: h.f.Bold("realtybot") + " finds listings, market analysis and deals by ZIP code.\n" +
		"Every answer says where its data came from: live from ATTOM, cached, stale (with its age) or an estimate.\n\n" + h.helpText(roleOf(ctx))}
}

func (h *Handler) help(ctx context.Context, _ []string) Reply {
	return Reply{Text: h.helpText(roleOf(ctx))}
}

// helpText lists the commands role may use, and teaches the filters.
func (h *Handler) helpText(role access.Role) string {
	var b strings.Builder
	b.WriteString(h.f.Bold("Commands") + "\n")
	for _, n := range Order {
		if c := commands[n]; !c.admin || role == access.Admin {
			fmt.Fprintf(&b, "%s — %s\n", h.f.Code(h.f.Esc(c.usage)), h.f.Esc(c.help))
		}
	}
	b.WriteString("\n" + h.f.Bold("Filters") + " (on /search and /watch, in any order; read from the cached homes, so they cost no API call)\n")
	b.WriteString(h.f.Esc("under 500k · over 300k · 3+ beds · 2+ baths · min 1500 sqft") + "\n")
	b.WriteString("Example: " + h.f.Code("/search 78701 sfr under 500k 3+ beds"))
	return b.String()
}

type reqKey struct{}

// reqInfo is who asked, for the commands that need it.
type reqInfo struct{ user, chat int64 }

// requester is who Handle says asked (a zero reqInfo when none did).
func requester(ctx context.Context) reqInfo {
	if r, _ := ctx.Value(reqKey{}).(*reqInfo); r != nil {
		return *r
	}
	return reqInfo{}
}

func roleOf(ctx context.Context) access.Role {
	r, _ := access.RoleFrom(ctx)
	return r
}
