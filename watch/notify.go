package watch

import (
	"context"
	"encoding/json"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"realtybot/clock"
	"realtybot/market"
)

// Claimer takes a key once across replicas (cache.Coordination).
type Claimer interface {
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Unclaim(ctx context.Context, key string) error
}

// SendFunc delivers a notification to a chat.
type SendFunc func(ctx context.Context, chat int64, text string)

// Notifier turns listing changes into watchers' notifications. The news
// waits in L2 until it is sent, so a restart loses none and any replica may
// send it; each chat gets at most one message per Every, across replicas,
// so a refresh run over ten watched ZIPs is one message, not ten; and a
// claim per chat and change makes each change told once.
type Notifier struct {
	book   *Book
	claims Claimer
	render func([]News) string // one chat's message (words.WatchNews)
	send   atomic.Pointer[SendFunc]
	// Every is the least time between two messages to one chat.
	Every time.Duration
	// Only, when set, is the one chat this process tells (the console must
	// not take the agents' news off a shared store).
	Only int64
	// Allowed, when set, says whether a watcher may still be told: news for
	// someone no longer on the access list is dropped, not sent.
	Allowed func(user int64) bool
	clk     clock.Clock
	log     *slog.Logger

	mu   sync.Mutex
	last map[int64]time.Time // when this process last told a chat
}

// News is one watch's share of one change, as kept in L2 and as rendered.
type News struct {
	W Watch  `json:"w"`
	C Change `json:"c"` // New and Moved hold only what meets the watch's filter
}

// DefaultEvery is the least time between two notifications to a chat.
const DefaultEvery = 10 * time.Minute

// sentFor is how long a sent notification's claim is kept: longer than
// any change can be seen again.
const sentFor = 30 * 24 * time.Hour

// NewNotifier notifies the watchers of book's watches in messages render
// writes; claims make each notification once across replicas.
func NewNotifier(book *Book, claims Claimer, render func([]News) string, clk clock.Clock, log *slog.Logger) *Notifier {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{book: book, claims: claims, render: render, Every: DefaultEvery, clk: clk, log: log, last: map[int64]time.Time{}}
}

// SetSend sets where notifications go; until it is set they wait.
func (n *Notifier) SetSend(f SendFunc) { n.send.Store(&f) }

// newsField names a watcher's share of a change: "chat|zip_type|at". It is
// also the change's claim, so it is told once.
func newsField(chat int64, c *Change) string {
	return strconv.FormatInt(chat, 10) + "|" + c.ZIP + "_" + string(c.Type) + "|" + strconv.FormatInt(c.At.UnixNano(), 10)
}

// Changed is market.Config.OnChange: it compares a live listing with the
// one it replaced, and keeps what changed for each watcher of its ZIP and
// type whose filter some new or moved home meets.
func (n *Notifier) Changed(ctx context.Context, old, cur *market.Listing, at time.Time) {
	n.keep(ctx, Diff(old, cur, at))
}

// keep keeps c for each watcher it concerns.
func (n *Notifier) keep(ctx context.Context, c Change) {
	if c.Empty() {
		return
	}
	all, err := n.book.All(ctx)
	if err != nil {
		n.log.Warn("watchers not told of a change: the watchlist is unreadable", "zip", c.ZIP, "type", c.Type, "err", err)
		return
	}
	for _, w := range all {
		if string(w.ZIP) != c.ZIP || w.Type != c.Type {
			continue
		}
		mine := Change{ZIP: c.ZIP, Type: c.Type, At: c.At}
		for i := range c.New {
			if w.Filter.Match(&c.New[i]) {
				mine.New = append(mine.New, c.New[i])
			}
		}
		for i := range c.Moved {
			if w.Filter.Match(&c.Moved[i].Summary) {
				mine.Moved = append(mine.Moved, c.Moved[i])
			}
		}
		if mine.Empty() {
			continue
		}
		body, err := json.Marshal(News{W: w, C: mine})
		if err == nil {
			err = n.book.store.HashPut(ctx, newsMap, newsField(w.Chat, &mine), body)
		}
		if err != nil {
			n.log.Warn("a watcher will not be told of a change: it could not be kept", "chat", w.Chat, "zip", c.ZIP, "err", err)
		}
	}
}

// Flush sends what is due: one message per chat whose last message is at
// least Every old. It returns how many it sent.
func (n *Notifier) Flush(ctx context.Context) int {
	sendp := n.send.Load()
	if sendp == nil {
		return 0
	}
	all, err := n.book.store.HashAll(ctx, newsMap)
	if err != nil {
		n.log.Warn("watch news waits: it cannot be read", "err", err)
		return 0
	}
	byChat := map[int64][]string{}
	for f := range all {
		chat, err := strconv.ParseInt(f[:max(strings.IndexByte(f, '|'), 0)], 10, 64)
		if err != nil {
			n.log.Warn("dropping unreadable watch news", "field", f)
			n.book.store.HashDelete(ctx, newsMap, f)
			continue
		}
		if n.Only == 0 || chat == n.Only {
			byChat[chat] = append(byChat[chat], f)
		}
	}
	sent := 0
	for chat, fields := range byChat {
		if n.tell(ctx, chat, fields, all, *sendp) {
			sent++
		}
	}
	return sent
}

// tell sends chat its news in one message, if its turn has come.
func (n *Notifier) tell(ctx context.Context, chat int64, fields []string, all map[string][]byte, send SendFunc) bool {
	sort.Strings(fields) // by change: a ZIP's changes in the order they came
	var keep []string
	var items []News
	var drop []string
	for _, f := range fields {
		var x News
		switch err := json.Unmarshal(all[f], &x); {
		case err != nil:
			n.log.Warn("dropping unreadable watch news", "chat", chat, "err", err)
			drop = append(drop, f)
		case n.Allowed != nil && !n.Allowed(x.W.User):
			n.log.Info("dropping watch news for a user no longer allowed", "user", x.W.User)
			drop = append(drop, f)
		default:
			keep, items = append(keep, f), append(items, x)
		}
	}
	if _, err := n.book.store.HashDelete(ctx, newsMap, drop...); err != nil {
		n.log.Warn("watch news could not be dropped", "chat", chat, "err", err)
	}
	if len(items) == 0 || !n.takeTurn(ctx, chat) {
		return false
	}
	var fresh []News
	var done []string
	for i, f := range keep {
		won, err := n.claims.Claim(ctx, "watchsent:"+f, sentFor)
		if err != nil {
			n.log.Warn("watch news waits: claims are unreadable", "chat", chat, "err", err)
			continue
		}
		done = append(done, f)
		if won {
			fresh = append(fresh, items[i])
		}
	}
	if len(fresh) > 0 {
		send(ctx, chat, n.render(fresh))
	} else if err := n.claims.Unclaim(ctx, paceKey(chat)); err != nil { // nothing told: the turn is not used
		n.log.Debug("could not give back a watch pace claim", "chat", chat, "err", err)
	}
	if _, err := n.book.store.HashDelete(ctx, newsMap, done...); err != nil {
		n.log.Warn("sent watch news could not be dropped; its claims keep it from being sent twice", "chat", chat, "err", err)
	}
	return len(fresh) > 0
}

func paceKey(chat int64) string { return "watchpace:" + strconv.FormatInt(chat, 10) }

// takeTurn says whether chat may be told now: not within Every of this
// process's last message to it, nor of another replica's (whose claim on
// the chat's pace then still holds).
func (n *Notifier) takeTurn(ctx context.Context, chat int64) bool {
	now := n.clk.Now()
	n.mu.Lock()
	last, ok := n.last[chat]
	n.mu.Unlock()
	if ok && now.Sub(last) < n.Every {
		return false
	}
	if ok, err := n.claims.Claim(ctx, paceKey(chat), n.Every); err != nil || !ok {
		if err != nil {
			n.log.Warn("watch news waits: claims are unreadable", "chat", chat, "err", err)
		}
		return false
	}
	n.mu.Lock()
	n.last[chat] = now
	n.mu.Unlock()
	return true
}

// Run flushes every tick of the clock until ctx ends.
func (n *Notifier) Run(ctx context.Context, tick time.Duration) {
	clock.Every(ctx, n.clk, tick, func(ctx context.Context) { n.Flush(ctx) })
}
