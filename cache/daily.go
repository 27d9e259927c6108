package cache

import (
	"context"
	"sync"
	"time"
)

// Tallies is the part of L2 that keeps counts per UTC day, shared by
// replicas (store/redisstore, store/boltstore).
type Tallies interface {
	AddTally(ctx context.Context, name, day string, counts map[string]int64) error
	Tally(ctx context.Context, name string, days []string) (map[string]int64, error)
}

// Daily keeps a process's counters per UTC day in an L2 tally, so that
// every replica reads the same day: "today's hit rate" means every
// replica's answers since 00:00 UTC, and it survives a restart. Counting
// stays an atomic add in the process; Flush adds what was counted since
// the last flush to the day of the flush (so a count made in the last
// flush period before midnight may land on the next day), and a read adds
// what this process has not flushed yet.
type Daily struct {
	store Tallies
	name  string
	read  func() map[string]int64 // the process's counters, which only grow
	now   func() time.Time

	mu   sync.Mutex // one flush at a time
	sent map[string]int64
}

// NewDaily keeps read's counters in the tally name of store.
func NewDaily(store Tallies, name string, read func() map[string]int64, now func() time.Time) *Daily {
	return &Daily{store: store, name: name, read: read, now: now, sent: map[string]int64{}}
}

// Flush adds the counts made since the last flush to today's tally. On
// failure they stay for the next flush.
func (d *Daily) Flush(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	cur, delta := d.pending()
	if len(delta) == 0 {
		return nil
	}
	if err := d.store.AddTally(ctx, d.name, Day(d.now()), delta); err != nil {
		return err
	}
	d.sent = cur
	return nil
}

// pending is the counters now, and what they grew by since the last flush.
func (d *Daily) pending() (cur, delta map[string]int64) {
	cur = d.read()
	delta = map[string]int64{}
	for k, n := range cur {
		if n > d.sent[k] {
			delta[k] = n - d.sent[k]
		}
	}
	return cur, delta
}

// Days sums the last n UTC days, today included, over every replica, with
// what this process has not flushed yet.
func (d *Daily) Days(ctx context.Context, n int) (map[string]int64, error) {
	now := d.now()
	days := make([]string, n)
	for i := range days {
		days[i] = Day(now.AddDate(0, 0, -i))
	}
	d.mu.Lock() // a flush between the read and pending would be missed
	defer d.mu.Unlock()
	sum, err := d.store.Tally(ctx, d.name, days)
	if err != nil {
		return nil, err
	}
	_, delta := d.pending()
	for k, v := range delta {
		sum[k] += v
	}
	return sum, nil
}

// Day is t's UTC day as tallies name it.
func Day(t time.Time) string { return t.UTC().Format("2006-01-02") }
