package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"realtybot/clock"
	"realtybot/retry"
)

// Outgoing limits of the platform (per bot token): about 30 messages a second
// overall, one a second in a chat with short bursts, 20 a minute in a group.
const (
	globalPerSec  = 30
	globalBurst   = 5
	chatPerSec    = 1
	chatBurst     = 2
	groupPerMin   = 20
	groupBurst    = 3
	maxRetries429 = 5
)

// sender paces every outgoing call and retries a 429 after its retry_after.
// Nothing is dropped silently: a call that still fails is logged with its
// chat and method.
type sender struct {
	global  *rate.Limiter
	paced   bool // false only in benchmarks of the handling path
	log     *slog.Logger
	mu      sync.Mutex
	chats   map[int64]*pacer
	sweepAt int // chats in the map that trigger the next sweep
	// onError is told of every call that failed for good (metrics).
	onError func()
	clk     clock.Clock
}

func newSender(log *slog.Logger, clk clock.Clock) *sender {
	return &sender{global: rate.NewLimiter(globalPerSec, globalBurst), paced: true, log: log, chats: map[int64]*pacer{}, clk: clk}
}

// minSweep is the fewest chats the pacer map holds before it is swept.
const minSweep = 1024

// pacerOf returns chat's pacer, in use until release.
func (s *sender) pacerOf(chat int64) *pacer {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.chats[chat]
	if !ok {
		if len(s.chats) >= max(s.sweepAt, minSweep) {
			s.sweep(s.clk.Now())
		}
		p = newPacer(chatBurst, chatBurst*time.Second/chatPerSec)
		if chat < 0 { // groups and channels
			p = newPacer(groupBurst, groupBurst*time.Minute/groupPerMin)
		}
		s.chats[chat] = p
	}
	p.users++
	return p
}

func (s *sender) release(p *pacer) {
	s.mu.Lock()
	p.users--
	s.mu.Unlock()
}

// sweep drops the pacers of chats not sending now whose last send is a
// window old: a new pacer would allow the same. The next sweep waits until
// the map has doubled, so sweeping costs O(1) a new chat. s.mu is held.
func (s *sender) sweep(now time.Time) {
	for id, p := range s.chats {
		if p.users == 0 && p.idle(now) {
			delete(s.chats, id)
		}
	}
	s.sweepAt = 2 * len(s.chats)
}

// do runs call for chat within the limits. paced is false for calls that
// are not messages (answerCallbackQuery), which skip the chat's limiter.
// A paced call takes the chat's turn first, and keeps it through retries
// after a 429; a stranger's call (giveWay) waits while an agent's waits.
func (s *sender) do(ctx context.Context, chat int64, method string, paced bool, call func(context.Context) error) error {
	p := s.pacerOf(chat)
	defer s.release(p)
	paced = paced && s.paced
	if paced {
		if err := p.take(ctx, gaveWay(ctx)); err != nil {
			return fmt.Errorf("%s to chat %d: waiting for its turn: %w", method, chat, err)
		}
		defer p.give()
	}
	// A 429's retry_after is the Bot API's, on the product's clock.
	return retry.Do(ctx, 0, s.clk.Sleep, func(attempt int) (time.Duration, error) {
		if paced {
			if err := p.wait(ctx, s.clk); err != nil {
				return retry.Stop, fmt.Errorf("%s to chat %d: %w", method, chat, err)
			}
		}
		if err := s.globalWait(ctx); err != nil {
			return retry.Stop, fmt.Errorf("%s to chat %d: %w", method, chat, err)
		}
		if paced {
			p.mark(s.clk.Now())
		}
		err := call(ctx)
		var tmr *tg.TooManyRequestsError
		if !errors.As(err, &tmr) || attempt > maxRetries429 {
			if err != nil {
				s.log.Error("telegram call failed", "method", method, "chat", chat, "attempt", attempt, "err", err)
				if s.onError != nil {
					s.onError()
				}
			}
			return retry.Stop, err
		}
		wait := time.Duration(max(tmr.RetryAfter, 1)) * time.Second
		s.log.Warn("telegram asked to slow down", "method", method, "chat", chat, "retry_after", wait)
		return wait, fmt.Errorf("%s to chat %d: after a 429, waiting %v: %w", method, chat, wait, err)
	})
}
