package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"realtybot/access"
	"realtybot/clock"
)

// Updates held by a replica that stops touching them for inboxIdle are
// taken over by another; a process touches what it holds every inboxTouch.
const (
	inboxIdle  = 2 * time.Minute
	inboxTouch = 30 * time.Second
	inboxBatch = 500
)

// intake makes intake at-least-once and replies exactly-once: an update is
// confirmed to Telegram (a webhook's 200, the next getUpdates offset) only
// once it is kept in L2's inbox, or answered when the inbox cannot be
// written. It is answered by this process, or after a stop by the next one;
// a duplicate delivery is dropped by update_id.
type intake struct {
	inbox  Inbox
	owner  string      // stable across restarts: the ledger journal's replica id
	d      *dispatcher // agents and admins
	slow   *dispatcher // strangers' lane
	who    *strangers
	inline func(context.Context, *update) // answers at once when the inbox is down
	log    *slog.Logger

	mu   sync.Mutex
	held map[int64]bool // taken into the dispatcher, not yet answered
	clk  clock.Clock    // the keeper's ticks
}

func newIntake(inbox Inbox, owner string, d, slow *dispatcher, who *strangers, inline func(context.Context, *update), clk clock.Clock, log *slog.Logger) *intake {
	return &intake{inbox: inbox, owner: owner, d: d, slow: slow, who: who, inline: inline, clk: clk, log: log, held: map[int64]bool{}}
}

// take keeps u and hands it to the dispatcher. body is u's JSON as Telegram
// sent it, kept as it is; without it (polling: the library decodes) u is
// encoded again. false means Telegram must not be told it was received (a
// webhook answers 503 and Telegram sends it again).
func (in *intake) take(ctx context.Context, u *models.Update, body []byte) bool {
	if chatOf(u) == 0 {
		return true // a kind the bot ignores (or a skipped unreadable update): confirmed, free
	}
	role := in.who.role(u) // looked up once: the lane, then the handlers (access.WithRole)
	if role == access.Stranger && !in.who.answer(u) {
		return true // told already this period: confirmed, dropped, free
	}
	if body == nil {
		var err error
		if body, err = json.Marshal(u); err != nil {
			return false
		}
	}
	added, err := in.inbox.InboxAdd(ctx, in.owner, u.ID, body)
	switch {
	case err != nil:
		in.log.Warn("inbox unavailable; answering before confirming", "update", u.ID, "err", err)
		in.inline(ctx, &update{chat: chatOf(u), raw: u, role: role, at: in.clk.Now()})
		return true
	case !added:
		in.log.Info("duplicate update dropped", "update", u.ID)
		return true
	}
	in.hand(u, role, in.clk.Now())
	return true // kept: if the dispatcher is closing, the next process answers it
}

// hand gives a kept update, from a user of role, to the dispatcher.
func (in *intake) hand(u *models.Update, role access.Role, at time.Time) {
	in.mu.Lock()
	if in.held[u.ID] {
		in.mu.Unlock()
		return
	}
	in.held[u.ID] = true
	in.mu.Unlock()
	d := in.d
	if role == access.Stranger {
		d = in.slow
	}
	if !d.Accept(&update{chat: chatOf(u), raw: u, role: role, at: at}) {
		in.mu.Lock()
		delete(in.held, u.ID)
		in.mu.Unlock()
	}
}

// done forgets an answered update.
func (in *intake) done(ctx context.Context, id int64) {
	in.mu.Lock()
	delete(in.held, id)
	in.mu.Unlock()
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := in.inbox.InboxDone(dctx, id); err != nil {
		in.log.Warn("answered update not cleared from the inbox; it may be answered again", "update", id, "err", err)
	}
}

// resume takes back what is in the inbox: at start this process's own
// updates (left by its previous run), later those a dead replica left.
func (in *intake) resume(ctx context.Context, mine bool) int {
	items, err := in.inbox.InboxClaim(ctx, in.owner, mine, inboxIdle, inboxBatch)
	if err != nil {
		in.log.Warn("could not read the inbox", "err", err)
		return 0
	}
	for _, it := range items {
		var u models.Update
		if err := json.Unmarshal(it.Body, &u); err != nil {
			in.log.Warn("unreadable update in the inbox; dropped", "update", it.ID, "err", err)
			in.inbox.InboxDone(ctx, it.ID)
			continue
		}
		in.hand(&u, in.who.role(&u), in.clk.Now())
	}
	return len(items)
}

// keep touches the held updates and takes over abandoned ones until ctx ends.
func (in *intake) keep(ctx context.Context) {
	clock.Every(ctx, in.clk, inboxTouch, func(ctx context.Context) {
		in.mu.Lock()
		ids := make([]int64, 0, len(in.held))
		for id := range in.held {
			ids = append(ids, id)
		}
		in.mu.Unlock()
		if err := in.inbox.InboxTouch(ctx, ids); err != nil {
			in.log.Warn("could not renew the inbox claims", "err", err)
		}
		if n := in.resume(ctx, false); n > 0 {
			in.log.Info("took over updates another replica left", "updates", n)
		}
	})
}
