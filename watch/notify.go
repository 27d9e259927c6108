package watch

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"realtybot/market"
)

// Claimer takes a key once across replicas (cache.Coordination).
type Claimer interface {
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Unclaim(ctx context.Context, key string) error
}

// SendFunc delivers a notification to a chat.
type SendFunc func(ctx context.Context, chat int64, text string)

// Notifier turns listing changes into watchers' notifications: it gathers
// them per chat and sends each chat at most one message per Every, across
// replicas, so a refresh run over ten watched ZIPs is one message, not ten.
type Notifier struct {
	book   *Book
	claims Claimer
	send   atomic.Pointer[SendFunc]
	// Every is the least time between two messages to one chat.
	Every time.Duration
	now   func() time.Time
	log   *slog.Logger

	mu      sync.Mutex
	pending map[int64][]news // per chat, in arrival order
	last    map[int64]time.Time
}

// news is one watch's share of one change.
type news struct {
	w   Watch
	c   market.Change // New and Moved hold only what meets the watch's filter
	key string        // the claim that makes it once per watcher per change
}

// DefaultEvery is the least time between two notifications to a chat.
const DefaultEvery = 10 * time.Minute

// sentFor is how long a sent notification's claim is kept: longer than
// any change can be seen again.
const sentFor = 30 * 24 * time.Hour

// NewNotifier notifies the watchers of book's watches; claims make each
// notification once across replicas.
func NewNotifier(book *Book, claims Claimer, now func() time.Time, log *slog.Logger) *Notifier {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{book: book, claims: claims, Every: DefaultEvery, now: now, log: log,
		pending: map[int64][]news{}, last: map[int64]time.Time{}}
}

// SetSend sets where notifications go; until it is set they wait.
func (n *Notifier) SetSend(f SendFunc) { n.send.Store(&f) }

// Changed is market.Config.OnChange: it queues c for each watcher of its
// ZIP and type whose filter some new or moved home meets.
func (n *Notifier) Changed(ctx context.Context, c market.Change) {
	all, err := n.book.All(ctx)
	if err != nil {
		n.log.Warn("watchers not told of a change: the watchlist is unreadable", "zip", c.ZIP, "type", c.Type, "err", err)
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, w := range all {
		if w.ZIP != c.ZIP || w.Type != c.Type {
			continue
		}
		mine := market.Change{ZIP: c.ZIP, Type: c.Type, At: c.At}
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
		key := "watchsent:" + strconv.FormatInt(w.Chat, 10) + ":" + c.ZIP + "_" + string(c.Type) + ":" + strconv.FormatInt(c.At.UnixNano(), 10)
		n.pending[w.Chat] = append(n.pending[w.Chat], news{w: w, c: mine, key: key})
	}
}

// Flush sends what is due: one message per chat with news whose last
// message is at least Every old. It returns how many it sent.
func (n *Notifier) Flush(ctx context.Context) int {
	sendp := n.send.Load()
	if sendp == nil {
		return 0
	}
	now := n.now()
	n.mu.Lock()
	due := map[int64][]news{}
	for chat, ns := range n.pending {
		if last, ok := n.last[chat]; !ok || now.Sub(last) >= n.Every {
			due[chat] = ns
			delete(n.pending, chat)
			n.last[chat] = now
		}
	}
	n.mu.Unlock()
	sent := 0
	for chat, ns := range due {
		// The pace is shared: a replica that told this chat within Every
		// holds its claim, and the news waits for the next turn.
		pace := "watchpace:" + strconv.FormatInt(chat, 10)
		if ok, err := n.claims.Claim(ctx, pace, n.Every); err != nil || !ok {
			if err != nil {
				n.log.Warn("a watch notification waits: claims are unreadable", "chat", chat, "err", err)
			}
			n.requeue(chat, ns...)
			continue
		}
		var fresh []news
		for _, x := range ns {
			ok, err := n.claims.Claim(ctx, x.key, sentFor)
			if err != nil {
				n.log.Warn("a watch notification waits: claims are unreadable", "chat", chat, "err", err)
				n.requeue(chat, x)
				continue
			}
			if ok {
				fresh = append(fresh, x)
			}
		}
		if len(fresh) == 0 { // all told already: leave the turn to the next news
			if err := n.claims.Unclaim(ctx, pace); err != nil {
				n.log.Debug("could not give back a watch pace claim", "chat", chat, "err", err)
			}
			continue
		}
		(*sendp)(ctx, chat, message(fresh))
		sent++
	}
	return sent
}

func (n *Notifier) requeue(chat int64, xs ...news) {
	n.mu.Lock()
	n.pending[chat] = append(n.pending[chat], xs...)
	n.mu.Unlock()
}

// Pending is how many chats have news waiting.
func (n *Notifier) Pending() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.pending)
}

// Run flushes every tick until ctx ends, then once more.
func (n *Notifier) Run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			n.Flush(context.WithoutCancel(ctx))
			return
		case <-t.C:
			n.Flush(ctx)
		}
	}
}
