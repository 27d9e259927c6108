package bot

import (
	"context"
	"sync"
)

// dispatcher runs accepted updates with bounded concurrency while keeping
// each chat's updates in order: one goroutine per chat with work, at most
// `workers` of them running at once. Accept never blocks; Drain stops intake
// and waits for everything accepted to be handled.
type dispatcher struct {
	handle func(context.Context, *update)
	ctx    context.Context
	sem    chan struct{}

	mu     sync.Mutex
	queues map[int64][]*update
	closed bool
	wg     sync.WaitGroup // one per accepted, unfinished update
}

func newDispatcher(ctx context.Context, workers int, handle func(context.Context, *update)) *dispatcher {
	return &dispatcher{handle: handle, ctx: ctx, sem: make(chan struct{}, workers), queues: map[int64][]*update{}}
}

// Accept queues u behind its chat's earlier updates. It returns false once
// Drain has begun: the caller must then leave the update unconfirmed.
func (d *dispatcher) Accept(u *update) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return false
	}
	d.wg.Add(1)
	q, busy := d.queues[u.chat]
	d.queues[u.chat] = append(q, u)
	if !busy {
		go d.run(u.chat)
	}
	return true
}

// run handles one chat's queue until it is empty.
func (d *dispatcher) run(chat int64) {
	d.sem <- struct{}{}
	defer func() { <-d.sem }()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.queues[chat] = q[1:]
		d.mu.Unlock()
		d.handle(d.ctx, u)
		d.wg.Done()
	}
}

// Drain refuses new updates and waits until every accepted one is handled or
// ctx ends; it reports how many were still unfinished.
func (d *dispatcher) Drain(ctx context.Context) int {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		return 0
	case <-ctx.Done():
		d.mu.Lock()
		defer d.mu.Unlock()
		n := 0
		for _, q := range d.queues {
			n += len(q)
		}
		return n
	}
}
