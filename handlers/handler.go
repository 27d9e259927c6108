package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"realtybot/attom"
	"realtybot/market"
)

// Service is what the handlers need of the market service.
type Service interface {
	Search(ctx context.Context, zip string, t attom.PropertyType) (*market.Listing, market.Provenance, error)
	Refresh(ctx context.Context, zip string, t attom.PropertyType) (*market.Listing, market.Provenance, error)
	Market(ctx context.Context, zip string) (*market.MarketData, market.Provenance, error)
	Property(ctx context.Context, id string) (*market.Record, market.Provenance, error)
	Deals(ctx context.Context, mt market.Type, maxPrice float64, limit int) ([]market.Record, error)
	Report(ctx context.Context) market.Report
}

// Request is one incoming command, whatever the transport.
type Request struct {
	UserID int64
	ChatID int64
	Text   string
}

// Reply is what to send back.
type Reply struct {
	Text string
}

// Handler routes commands to their handlers.
type Handler struct {
	svc    Service
	access *Access
	f      Format
	now    func() time.Time
	log    *slog.Logger
	// StaleAlert is the stale ratio above which /usage flags the cache.
	StaleAlert float64
}

// New returns a Handler rendering in format f.
func New(svc Service, access *Access, f Format, now func() time.Time, log *slog.Logger) *Handler {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{svc: svc, access: access, f: f, now: now, log: log, StaleAlert: 0.5}
}

type command struct {
	admin bool
	usage string
	help  string
	run   func(h *Handler, ctx context.Context, args []string) string
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"start":    {usage: "/start", help: "welcome and what the bot does", run: (*Handler).start},
		"help":     {usage: "/help", help: "this list", run: (*Handler).help},
		"search":   {usage: "/search <zip> [type]", help: "properties in a ZIP (type: " + strings.Join(attom.PropertyTypeNames(), ", ") + "; default sfr)", run: (*Handler).search},
		"market":   {usage: "/market <zip>", help: "market type, median price, trend and multipliers", run: (*Handler).market},
		"property": {usage: "/property <id>", help: "one property with analysis and score", run: (*Handler).property},
		"deals":    {usage: "/deals [market type] [max price]", help: "best-scored cached properties, e.g. /deals hot 400k (no API call)", run: (*Handler).deals},
		"usage":    {admin: true, usage: "/usage", help: "ATTOM calls, cache hit rates and health (admins)", run: (*Handler).usage},
		"refresh":  {admin: true, usage: "/refresh <zip> [type]", help: "force a live refresh through the quota ledger (admins)", run: (*Handler).refresh},
	}
}

// Order is the order commands are listed in.
var Order = []string{"search", "market", "property", "deals", "usage", "refresh", "help", "start"}

// Handle answers one request. It never panics on input and never spends a
// call for a stranger or for invalid input.
func (h *Handler) Handle(ctx context.Context, req Request) Reply {
	start := time.Now()
	role := h.access.Role(req.UserID)
	cmd, ok := ParseCommand(req.Text)
	name := cmd.Name
	var text string
	switch {
	case role == Stranger:
		name = "refused"
		text = fmt.Sprintf("Sorry, this bot is for registered agents. Your Telegram user id is %s: send it to an admin to be added.",
			h.f.Code(fmt.Sprint(req.UserID)))
	case !ok:
		text = "Send a command, for example " + h.f.Code("/search 78701 sfr") + ". " + h.f.Code("/help") + " lists them all."
	default:
		c, known := commands[cmd.Name]
		switch {
		case !known:
			text = fmt.Sprintf("Unknown command /%s. %s lists what I can do.", h.f.Esc(cmd.Name), h.f.Code("/help"))
		case c.admin && role != Admin:
			text = "That command is for admins only."
		default:
			if role == Agent {
				ctx = attom.WithAgent(ctx, fmt.Sprint(req.UserID))
			}
			text = c.run(h, ctx, cmd.Args)
		}
	}
	h.log.Info("command", "user", req.UserID, "command", name, "duration", time.Since(start))
	return Reply{Text: fit(text)}
}

// userError turns a service error into a sentence; unexpected errors are
// logged and answered generically.
func (h *Handler) userError(err error, usage string) string {
	for _, e := range []error{market.ErrBadZIP, market.ErrBadType, market.ErrBadID} {
		if errors.Is(err, e) {
			return h.f.Esc(e.Error()) + "\nUsage: " + h.f.Code(h.f.Esc(usage))
		}
	}
	if errors.Is(err, market.ErrNoProperty) {
		return h.f.Esc(err.Error())
	}
	h.log.Error("command failed", "err", err)
	return "Something went wrong on our side; please try again in a minute."
}

func (h *Handler) start(ctx context.Context, args []string) string {
	return h.f.Bold("realtybot") + " finds listings, market analysis and deals by ZIP code.\n" +
		"Every answer says where its data came from: live from ATTOM, cached, stale (with its age) or an estimate.\n\n" + h.help(ctx, args)
}

func (h *Handler) help(context.Context, []string) string {
	var b strings.Builder
	b.WriteString(h.f.Bold("Commands") + "\n")
	for _, n := range Order {
		c := commands[n]
		fmt.Fprintf(&b, "%s — %s\n", h.f.Code(h.f.Esc(c.usage)), h.f.Esc(c.help))
	}
	return strings.TrimRight(b.String(), "\n")
}
