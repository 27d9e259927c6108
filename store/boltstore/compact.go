package boltstore

import (
	"context"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compaction is what Compact did.
type Compaction struct {
	Before, After int64 // the file's size
	Reclaimable   int64 // what rewriting it could give back: free pages and unused tail
	Skipped       bool  // too little to give back (under worthCompacting of the file, or 1 MiB)
}

func (c Compaction) String() string {
	if c.Skipped {
		return fmt.Sprintf("embedded store %d bytes, %d reclaimable: not worth rewriting (under %.0f%% or 1 MiB)", c.Before, c.Reclaimable, worthCompacting*100)
	}
	return fmt.Sprintf("embedded store %d → %d bytes", c.Before, c.After)
}

// worthCompacting is the share of the file that free pages must reach
// before a rewrite is worth its cost: it reads the whole file and writes
// a second one, which doubles the memory the file maps for a while.
const worthCompacting = 0.25

// Compact rewrites the file without its free pages (monthly maintenance),
// when they are worth it: readers and writers wait while the copy is made
// and swapped in.
func (s *Store) Compact(context.Context) (Compaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var c Compaction
	path := s.db.Path()
	if fi, err := os.Stat(path); err == nil {
		c.Before, c.After = fi.Size(), fi.Size()
	}
	var used int64
	s.db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	c.Reclaimable = c.Before - used + int64(s.db.Stats().FreeAlloc)
	if float64(c.Reclaimable) < max(worthCompacting*float64(c.Before), 1<<20) {
		c.Skipped = true
		return c, nil
	}
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return c, fmt.Errorf("boltstore: compacting: %w", err)
	}
	if err := bolt.Compact(dst, s.db, 1<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return c, fmt.Errorf("boltstore: compacting: %w", err)
	}
	if err := dst.Close(); err != nil {
		return c, err
	}
	if err := s.db.Close(); err != nil {
		return c, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return c, fmt.Errorf("boltstore: swapping the compacted file: %w", err)
	}
	if s.db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second}); err != nil {
		return c, fmt.Errorf("boltstore: reopening after compaction: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		c.After = fi.Size()
	}
	return c, nil
}
