package clock

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Manual is a clock that its owner sets and moves: a simulation's, or a
// test's. Nothing waits on real time; waits and tickers fire when the clock
// is advanced past them. Safe for concurrent use.
type Manual struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*waiter // by deadline, then registration
	seq     int
}

type waiter struct {
	at     time.Time
	seq    int
	ch     chan time.Time
	period time.Duration // tickers: > 0
	stop   chan struct{} // tickers: closed by Stop
}

var _ Clock = (*Manual)(nil)

// tickHandoff is how long (real time) Advance waits for a ticker's reader
// before dropping the tick, as time.Ticker drops a tick nobody takes.
const tickHandoff = 2 * time.Second

// NewManual starts a clock at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// Now returns the clock's time.
func (f *Manual) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }

// After fires once the clock has been advanced by d (at once when d <= 0).
func (f *Manual) After(d time.Duration) <-chan time.Time { return f.add(d, 0).ch }

// NewTicker ticks each time the clock passes another d. A tick is handed
// over: Advance returns only once the reader took it (or after
// tickHandoff), so two Advances past two ticks mean the work of the first
// tick is done.
func (f *Manual) NewTicker(d time.Duration) Ticker {
	if d <= 0 {
		panic("clock: non-positive ticker period")
	}
	return manualTicker{f, f.add(d, d)}
}

// Sleep waits until the clock has been advanced by d, or ctx ends.
func (f *Manual) Sleep(ctx context.Context, d time.Duration) error {
	w := f.add(d, 0)
	select {
	case <-w.ch:
		return nil
	case <-ctx.Done():
		f.remove(w)
		return ctx.Err()
	}
}

func (f *Manual) add(d, period time.Duration) *waiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := &waiter{at: f.now.Add(d), seq: f.seq, ch: make(chan time.Time, 1), period: period}
	f.seq++
	if period > 0 {
		w.ch, w.stop = make(chan time.Time), make(chan struct{})
	} else if d <= 0 {
		w.ch <- f.now
		return w
	}
	f.waiters = append(f.waiters, w)
	f.sort()
	return w
}

func (f *Manual) sort() {
	sort.SliceStable(f.waiters, func(i, j int) bool {
		a, b := f.waiters[i], f.waiters[j]
		return a.at.Before(b.at) || a.at.Equal(b.at) && a.seq < b.seq
	})
}

func (f *Manual) remove(w *waiter) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, x := range f.waiters {
		if x == w {
			f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
			return
		}
	}
}

// Advance moves the clock forward by d, firing every wait and tick due on
// the way, in order, each at its own instant.
func (f *Manual) Advance(d time.Duration) {
	f.mu.Lock()
	f.advanceTo(f.now.Add(d))
}

// Set moves the clock to t: forward as Advance does, or back (nothing
// fires then).
func (f *Manual) Set(t time.Time) {
	f.mu.Lock()
	if t.Before(f.now) {
		f.now = t
		f.mu.Unlock()
		return
	}
	f.advanceTo(t)
}

// advanceTo is called with f.mu held and releases it: a tick is handed
// over without the lock, since its reader may read the clock.
func (f *Manual) advanceTo(t time.Time) {
	for len(f.waiters) > 0 && !f.waiters[0].at.After(t) {
		w := f.waiters[0]
		at := w.at
		f.now = at
		if w.period == 0 {
			f.waiters = f.waiters[1:]
			w.ch <- at // buffered, and fired once
			continue
		}
		w.at = at.Add(w.period)
		f.sort()
		f.mu.Unlock()
		handoff(w, at)
		f.mu.Lock()
	}
	if t.After(f.now) {
		f.now = t
	}
	f.mu.Unlock()
}

func handoff(w *waiter, at time.Time) {
	timer := time.NewTimer(tickHandoff)
	defer timer.Stop()
	select {
	case w.ch <- at:
	case <-w.stop:
	case <-timer.C:
	}
}

// Waiting is how many one-shot waits (After, Sleep) are pending; tickers
// are not counted.
func (f *Manual) Waiting() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, w := range f.waiters {
		if w.period == 0 {
			n++
		}
	}
	return n
}

// Tickers is how many tickers are running.
func (f *Manual) Tickers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, w := range f.waiters {
		if w.period > 0 {
			n++
		}
	}
	return n
}

// AdvanceToNextWait moves the clock to the earliest pending one-shot wait
// (After, Sleep) when it is due within limit, and reports whether it did.
// Tickers due on the way tick. A test that waits for an outcome calls it
// while it polls, so that time passes only as far as the code waits for it
// (pacing, a retry_after), and a ticker alone never drives the clock.
func (f *Manual) AdvanceToNextWait(limit time.Duration) bool {
	f.mu.Lock()
	for _, w := range f.waiters {
		if w.period == 0 {
			if w.at.Sub(f.now) > limit {
				break
			}
			f.advanceTo(w.at)
			return true
		}
	}
	f.mu.Unlock()
	return false
}

type manualTicker struct {
	f *Manual
	w *waiter
}

func (t manualTicker) C() <-chan time.Time { return t.w.ch }

func (t manualTicker) Stop() {
	t.f.remove(t.w)
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	select {
	case <-t.w.stop:
	default:
		close(t.w.stop)
	}
}
