package bot

import (
	"context"
	"sync"
	"time"

	"realtybot/clock"
)

// pacer allows at most burst sends in any window, judged on the times the
// sends really started. (A token bucket granted before a wait for the global
// limiter could let a chat's sends bunch up after it.) Agents' and
// strangers' lanes may both send to a chat (a group), so a send takes the
// chat's turn first, and agents' sends take it before strangers'.
type pacer struct {
	mu     sync.Mutex
	burst  int
	window time.Duration
	sent   []time.Time // start times of the last burst sends
	users  int         // sends holding it (sender.mu)

	busy    bool          // a send holds the turn
	urgent  int           // agents' sends waiting for the turn
	changed chan struct{} // closed (and replaced) when busy or urgent changes
}

func newPacer(burst int, window time.Duration) *pacer {
	return &pacer{burst: burst, window: window, changed: make(chan struct{})}
}

// take waits for the chat's turn. A send that gives way (a stranger's)
// also waits while an agent's send waits.
func (p *pacer) take(ctx context.Context, giveWay bool) error {
	p.mu.Lock()
	if !giveWay {
		p.urgent++
	}
	for p.busy || giveWay && p.urgent > 0 {
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			p.mu.Lock()
			if !giveWay {
				p.urgent--
				p.signal()
			}
			p.mu.Unlock()
			return ctx.Err()
		}
		p.mu.Lock()
	}
	p.busy = true
	if !giveWay {
		p.urgent--
	}
	p.signal()
	p.mu.Unlock()
	return nil
}

// give ends the turn.
func (p *pacer) give() {
	p.mu.Lock()
	p.busy = false
	p.signal()
	p.mu.Unlock()
}

// signal wakes the waiters for the turn; p.mu is held.
func (p *pacer) signal() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *pacer) idle(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sent) == 0 || now.Sub(p.sent[len(p.sent)-1]) >= p.window
}

func (p *pacer) wait(ctx context.Context, clk clock.Clock) error {
	p.mu.Lock()
	var until time.Time
	if len(p.sent) == p.burst {
		until = p.sent[0].Add(p.window)
	}
	p.mu.Unlock()
	if until.IsZero() {
		return nil
	}
	if d := until.Sub(clk.Now()); d > 0 {
		return clk.Sleep(ctx, d)
	}
	return nil
}

// globalWait waits for the global limit's next grant on the clock.
func (s *sender) globalWait(ctx context.Context) error {
	now := s.clk.Now()
	r := s.global.ReserveN(now, 1)
	if err := s.clk.Sleep(ctx, r.DelayFrom(now)); err != nil {
		r.CancelAt(s.clk.Now())
		return err
	}
	return nil
}

func (p *pacer) mark(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sent = append(p.sent, t); len(p.sent) > p.burst {
		p.sent = p.sent[1:]
	}
}

type giveWayKey struct{}

// giveWay marks ctx's sends as a stranger's: they wait while an agent's
// send to the same chat waits.
func giveWay(ctx context.Context) context.Context { return context.WithValue(ctx, giveWayKey{}, true) }

func gaveWay(ctx context.Context) bool { v, _ := ctx.Value(giveWayKey{}).(bool); return v }
