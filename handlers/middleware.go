package handlers

import (
	"context"
	"fmt"
	"strings"

	"realtybot/access"
	"realtybot/clock"
)

// HandlerFunc answers one request.
type HandlerFunc func(ctx context.Context, req Request) Reply

// Middleware wraps a HandlerFunc with what every command needs around it
// (the role, the log line and metrics, a command typed without its slash),
// as go-telegram/bot's middlewares wrap its handlers.
type Middleware func(next HandlerFunc) HandlerFunc

// chain wraps h in ms, the first outermost.
func chain(h HandlerFunc, ms ...Middleware) HandlerFunc {
	for i := len(ms) - 1; i >= 0; i-- {
		h = ms[i](h)
	}
	return h
}

// instant gives the request its one instant: the bot's, read when the
// update came in, or the clock's now (a console line); what answers it
// reads that, not the clock (clock.WithInstant).
func (h *Handler) instant(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req Request) Reply {
		if !clock.HasInstant(ctx) {
			ctx = clock.WithInstant(ctx, h.now())
		}
		return next(ctx, req)
	}
}

// observe writes each request's log line and tells Observe (metrics).
func (h *Handler) observe(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req Request) Reply {
		start := clock.Start()
		r := next(ctx, req)
		h.done(req.UserID, r.command, r.Source, start)
		return r
	}
}

// withRole finds the user's role, once per update (the bot passes the one
// it chose the lane by), refuses strangers at no cost, and tags an agent's
// requests for the ledger's per-agent cap.
func (h *Handler) withRole(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req Request) Reply {
		role, ok := access.RoleFrom(ctx)
		if !ok {
			role = h.roles.Role(req.UserID)
			ctx = access.WithRole(ctx, role)
		}
		h.noteName(ctx, req, role)
		if role == access.Stranger {
			if req.Callback != "" {
				return Reply{Toast: "This bot is for registered agents.", command: "refused"}
			}
			return Reply{Text: fmt.Sprintf("Sorry, this bot is for registered agents. Your Telegram user id is %s: send it to an admin to be added.",
				h.f.Code(fmt.Sprint(req.UserID))), command: "refused"}
		}
		return next(withAgent(ctx, role, req), req)
	}
}

// slashless reads "search 78701" as /search 78701: a command all the same.
func slashless(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req Request) Reply {
		if t := strings.TrimSpace(req.Text); req.Callback == "" && t != "" && t[0] != '/' {
			if f := strings.Fields(t); len(f) > 0 {
				if _, known := commands[strings.ToLower(f[0])]; known {
					req.Text = "/" + t
				}
			}
		}
		return next(ctx, req)
	}
}
