package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"realtybot/cache"
	"realtybot/clock"
)

// Store is the single-node L2: one bbolt file in DATA_DIR holding entries
// (a bucket per kind), the secondary index and the ledger. bbolt locks the
// file, so a second process on the same directory fails fast instead of
// keeping a second ledger.
type Store struct {
	mu    sync.RWMutex // held for writing only while Compact swaps the file
	db    *bolt.DB
	locks map[cache.Kind]chan struct{}
	tally map[cache.Kind]*tally // health counts kept as entries change

	leaseMu sync.Mutex
	leases  map[string]time.Time

	claimsMade atomic.Int64 // every sweepClaims-th claim sweeps the expired ones
	clk        clock.Clock  // claims', leases' and the inbox's time
	inbox      *inboxLog    // the Telegram inbox, a log beside the file
}

func (s *Store) view(fn func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.View(fn)
}

func (s *Store) update(fn func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.Update(fn)
}

// View and Update run a transaction on the file for a tenant that keeps
// buckets of its own in it (the quota ledger); Compact waits for them.
func (s *Store) View(fn func(*bolt.Tx) error) error   { return s.view(fn) }
func (s *Store) Update(fn func(*bolt.Tx) error) error { return s.update(fn) }

// journalFile is the quota ledger's journal beside the store file
// (quota.JournalFile), named in the messages that say how to recover.
const journalFile = "quota-journal.json"

var (
	bktIndex   = []byte("idx_market")     // market \x00 price(8) \x00 id
	bktMembers = []byte("idx_market_ids") // market \x00 id -> price(8)
)

func entryBucket(k cache.Kind) []byte { return []byte("entries:" + string(k)) }

// Open opens (or creates) dir/realtybot.db. clk is the time of its
// claims, leases and inbox.
func Open(dir string, clk clock.Clock) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("cache: creating data dir %s: %w", dir, err)
	}
	path := filepath.Join(dir, "realtybot.db")
	// bbolt starts a new database in an empty file: a store that existed and
	// was truncated would come back with a ledger at 0.
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return nil, fmt.Errorf("cache: the store file %s exists but is empty (truncated?); it holds the cache and the quota "+
			"ledger, so it is not started afresh: restore it from a backup, or move it away to start a new store (the "+
			"ledger's counts then come back from %s in the same directory)", path, journalFile)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("cache: %s is in use by another realtybot process (one node per embedded store; set REDIS_URL to run several)", path)
		}
		return nil, fmt.Errorf("cache: opening %s: %w; the file is not a readable store: restore it from a backup, or "+
			"move it away to start a new store (the ledger's counts then come back from %s)", path, err, journalFile)
	}
	s := &Store{db: db, locks: map[cache.Kind]chan struct{}{}, tally: map[cache.Kind]*tally{}, clk: clk}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, k := range cache.Kinds {
			s.locks[k] = make(chan struct{}, 1)
			if _, err := tx.CreateBucketIfNotExists(entryBucket(k)); err != nil {
				return err
			}
		}
		for _, b := range [][]byte{bktIndex, bktMembers} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: preparing %s: %w", path, err)
	}
	if err := s.loadTallies(); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: reading %s: %w", path, err)
	}
	if s.inbox, err = openInboxLog(dir); err == nil {
		if err = s.migrateInbox(); err != nil {
			s.inbox.close()
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: opening the Telegram inbox %s: %w", filepath.Join(dir, inboxLogFile), err)
	}
	return s, nil
}

// Get implements Store.
func (s *Store) Get(_ context.Context, kind cache.Kind, key string) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(entryBucket(kind)).Get([]byte(key))
		if v == nil {
			return cache.ErrNotFound
		}
		out = bytes.Clone(v)
		return nil
	})
	return out, err
}

// SetIfNewer implements Store: the version check and the write share one
// read-write transaction.
func (s *Store) SetIfNewer(_ context.Context, kind cache.Kind, key string, val []byte, _ time.Duration) (bool, error) {
	if len(val) < cache.HeaderLen {
		return false, fmt.Errorf("cache: refusing to store a value without a header")
	}
	written := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(entryBucket(kind))
		if cur := b.Get([]byte(key)); len(cur) >= 16 && bytes.Compare(cur[:16], val[:16]) >= 0 {
			if _, ok := cache.ParseHeader(cur); ok {
				return nil
			}
		}
		written = true
		return b.Put([]byte(key), val)
	})
	if written && err == nil {
		h, _ := cache.ParseHeader(val)
		s.tally[kind].put(key, h, true)
	}
	return written, err
}

// Delete implements Store.
func (s *Store) Delete(_ context.Context, kind cache.Kind, keys ...string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(entryBucket(kind))
		for _, k := range keys {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
			s.tally[kind].drop(k)
		}
		return nil
	})
}

// Lock implements Store; one process owns the file, so an in-process lock
// per kind is the whole scope.
func (s *Store) Lock(ctx context.Context, kind cache.Kind, _ time.Duration) (func(), error) {
	ch := s.locks[kind]
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("cache: waiting for the %s lock: %w", kind, ctx.Err())
	}
}

// Scan implements Store.
func (s *Store) Scan(_ context.Context, kind cache.Kind, fn func(string, cache.Header, bool) bool) error {
	type kv struct {
		k  string
		h  cache.Header
		ok bool
	}
	page := make([]kv, 0, scanPage)
	return s.paged(entryBucket(kind), func(k, v []byte) {
		h, ok := cache.ParseHeader(v)
		page = append(page, kv{string(k), h, ok})
	}, func() bool {
		defer func() { page = page[:0] }()
		for _, e := range page {
			if !fn(e.k, e.h, e.ok) {
				return false
			}
		}
		return true
	})
}

// scanPage is how many entries a scan reads per transaction.
const scanPage = 5000

// paged walks bucket a page of scanPage keys at a time, each page in a
// read transaction of its own, so that a scan of a big store holds one
// page, not all of it: take copies what it needs of each entry; use then
// runs outside the transaction (it may write), and false stops the walk.
func (s *Store) paged(bucket []byte, take func(k, v []byte), use func() bool) error {
	var after []byte
	for {
		n := 0
		err := s.view(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && n < scanPage; k, v = c.Next() {
				take(k, v)
				after, n = append(after[:0], k...), n+1
			}
			return nil
		})
		if err != nil || n == 0 || !use() || n < scanPage {
			return err
		}
	}
}

func priceBytes(p int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(max(p, 0)))
	return b[:]
}

// IndexPut implements Store; a record that moved market or price loses its
// old index entry in the same transaction.
func (s *Store) IndexPut(_ context.Context, entries []cache.IndexEntry) error {
	return s.update(func(tx *bolt.Tx) error {
		idx, mem := tx.Bucket(bktIndex), tx.Bucket(bktMembers)
		for _, e := range entries {
			mk := []byte(e.Market + "\x00" + e.ID)
			if old := mem.Get(mk); old != nil {
				if err := idx.Delete(indexKey(e.Market, old, e.ID)); err != nil {
					return err
				}
			}
			if err := idx.Put(indexKey(e.Market, priceBytes(e.Price), e.ID), nil); err != nil {
				return err
			}
			if err := mem.Put(mk, priceBytes(e.Price)); err != nil {
				return err
			}
		}
		return nil
	})
}

func indexKey(market string, price []byte, id string) []byte {
	k := append([]byte(market+"\x00"), price...)
	return append(append(k, 0), id...)
}

// IndexQuery implements Store: a range scan over market+price.
func (s *Store) IndexQuery(_ context.Context, market string, maxPrice int64, limit int) ([]string, error) {
	var ids []string
	prefix := []byte(market + "\x00")
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bktIndex).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(ids) < limit; k, _ = c.Next() {
			rest := k[len(prefix):]
			if len(rest) < 9 || int64(binary.BigEndian.Uint64(rest[:8])) > maxPrice {
				break
			}
			ids = append(ids, string(rest[9:]))
		}
		return nil
	})
	return ids, err
}

// IndexRemove implements Store.
func (s *Store) IndexRemove(_ context.Context, market string, ids ...string) error {
	return s.update(func(tx *bolt.Tx) error {
		idx, mem := tx.Bucket(bktIndex), tx.Bucket(bktMembers)
		for _, id := range ids {
			mk := []byte(market + "\x00" + id)
			if old := mem.Get(mk); old != nil {
				if err := idx.Delete(indexKey(market, old, id)); err != nil {
					return err
				}
			}
			if err := mem.Delete(mk); err != nil {
				return err
			}
		}
		return nil
	})
}

// IndexScan implements Store.
func (s *Store) IndexScan(_ context.Context, fn func(market, id string) bool) error {
	var pairs [][2]string
	return s.paged(bktMembers, func(k, _ []byte) {
		if i := bytes.IndexByte(k, 0); i > 0 {
			pairs = append(pairs, [2]string{string(k[:i]), string(k[i+1:])})
		}
	}, func() bool {
		defer func() { pairs = pairs[:0] }()
		for _, p := range pairs {
			if !fn(p[0], p[1]) {
				return false
			}
		}
		return true
	})
}

// Ping implements Store.
func (s *Store) Ping(context.Context) error {
	return s.view(func(*bolt.Tx) error { return nil })
}

// Close implements Store.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.inbox.close(), s.db.Close())
}

// Path is the file of the store.
func (s *Store) Path() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.Path()
}
