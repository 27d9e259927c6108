package boltstore

import (
	"context"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the file without its free pages (monthly maintenance):
// readers and writers wait while the copy is made and swapped in.
func (s *Store) Compact(context.Context) (before, after int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.db.Path()
	if fi, err := os.Stat(path); err == nil {
		before = fi.Size()
	}
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return before, before, fmt.Errorf("boltstore: compacting: %w", err)
	}
	if err := bolt.Compact(dst, s.db, 1<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return before, before, fmt.Errorf("boltstore: compacting: %w", err)
	}
	if err := dst.Close(); err != nil {
		return before, before, err
	}
	if err := s.db.Close(); err != nil {
		return before, before, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return before, before, fmt.Errorf("boltstore: swapping the compacted file: %w", err)
	}
	if s.db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second}); err != nil {
		return before, before, fmt.Errorf("boltstore: reopening after compaction: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		after = fi.Size()
	}
	return before, after, nil
}
