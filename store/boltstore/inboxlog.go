package boltstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"realtybot/store"
)

// The embedded inbox is an append-only log beside the store file
// (inbox.log), held in memory: taking an update in is one write and one
// sync (a bbolt commit syncs twice), and forgetting an answered one is one
// write without a sync. A killed process (SIGKILL) loses nothing it wrote,
// since the written bytes are the kernel's; after a power loss an answered
// update may be answered again, but none is lost, since nothing is
// confirmed to Telegram before its own sync.
//
// A record is its payload's length and CRC-32C (4 bytes each), then the
// payload: an op, the update id and, for an update taken in, until when its
// id is remembered and its JSON. A torn record at the end (a crash mid-
// write, never synced, so never confirmed) is cut off at open.

const inboxLogFile = "inbox.log"

const (
	opAdd  = 'a' // id, until, body: taken in
	opDone = 'd' // id: answered
	opSeen = 's' // id, until: answered, its id still remembered (compaction)
)

// preallocate is how far ahead the log's file is written with zeros, so
// that an append only overwrites allocated blocks and its sync
// (fdatasync) flushes data alone, not the file's size.
const preallocate = 1 << 20

// compactAt is the log size past which a rewrite keeps only what is
// needed, once it is also 4 times that.
const compactAt = 1 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type inboxLog struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	size    int64            // the end of the records
	alloc   int64            // the end of the file: zeros from size on
	pending map[int64][]byte // taken in, not yet answered
	seen    map[int64]int64  // id -> until when it is remembered (unix ms)
	adds    int              // since the last sweep of seen
	next    int64            // the size at which a rewrite is considered next
	buf     []byte
}

// openInboxLog reads dir/inbox.log, or starts it.
func openInboxLog(dir string) (*inboxLog, error) {
	l := &inboxLog{path: filepath.Join(dir, inboxLogFile), pending: map[int64][]byte{}, seen: map[int64]int64{}, next: compactAt}
	data, err := os.ReadFile(l.path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	good := l.replay(data)
	if l.f, err = os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, err
	}
	l.size, l.alloc = int64(good), int64(len(data))
	if bytes.ContainsFunc(data[good:], func(r rune) bool { return r != 0 }) {
		// A torn record (never synced, so never confirmed): zeros again.
		if _, err := l.f.WriteAt(make([]byte, len(data)-good), int64(good)); err != nil {
			l.f.Close()
			return nil, err
		}
	}
	if _, err = l.f.Seek(l.size, io.SeekStart); err != nil {
		l.f.Close()
		return nil, err
	}
	return l, nil
}

// grow writes zeros past the end of the file until n more bytes fit
// before it, and syncs them (the file's size changes here only).
func (l *inboxLog) grow(n int64) error {
	if l.size+n <= l.alloc {
		return nil
	}
	more := max(preallocate, l.size+n-l.alloc)
	if _, err := l.f.WriteAt(make([]byte, more), l.alloc); err != nil {
		return err
	}
	l.alloc += more
	return l.f.Sync()
}

// replay applies the records of data and returns the length of its whole
// records.
func (l *inboxLog) replay(data []byte) int {
	off := 0
	for len(data)-off >= 8 {
		n := int(binary.LittleEndian.Uint32(data[off:]))
		sum := binary.LittleEndian.Uint32(data[off+4:])
		if n < 2 || len(data)-off-8 < n || crc32.Checksum(data[off+8:off+8+n], castagnoli) != sum {
			break
		}
		l.apply(data[off+8 : off+8+n])
		off += 8 + n
	}
	return off
}

func (l *inboxLog) apply(p []byte) {
	op, r := p[0], bytes.NewReader(p[1:])
	id, err := binary.ReadVarint(r)
	if err != nil {
		return
	}
	switch op {
	case opAdd, opSeen:
		until, err := binary.ReadVarint(r)
		if err != nil {
			return
		}
		l.seen[id] = until
		if op == opAdd {
			l.pending[id] = bytes.Clone(p[len(p)-r.Len():])
		}
	case opDone:
		delete(l.pending, id)
	}
}

// record appends one record to the buffer.
func (l *inboxLog) record(op byte, id, until int64, body []byte) {
	start := len(l.buf)
	l.buf = append(l.buf, 0, 0, 0, 0, 0, 0, 0, 0, op)
	l.buf = binary.AppendVarint(l.buf, id)
	if op != opDone {
		l.buf = binary.AppendVarint(l.buf, until)
	}
	l.buf = append(l.buf, body...)
	p := l.buf[start+8:]
	binary.LittleEndian.PutUint32(l.buf[start:], uint32(len(p)))
	binary.LittleEndian.PutUint32(l.buf[start+4:], crc32.Checksum(p, castagnoli))
}

// errInboxClosed is a write after the store closed.
var errInboxClosed = errors.New("the store is closed")

// write appends the buffered records, synced when sync says so.
func (l *inboxLog) write(sync bool) error {
	if l.f == nil {
		l.buf = l.buf[:0]
		return errInboxClosed
	}
	if err := l.grow(int64(len(l.buf))); err != nil {
		return err
	}
	n, err := l.f.WriteAt(l.buf, l.size)
	l.size += int64(n)
	l.buf = l.buf[:0]
	if err == nil && sync {
		err = fdatasync(l.f)
	}
	return err
}

// add keeps an update unless its id is remembered; it returns once the
// update is synced.
func (l *inboxLog) add(id int64, body []byte, now time.Time) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until, ok := l.seen[id]; ok && until > now.UnixMilli() {
		return false, nil
	}
	if l.adds++; l.adds%1024 == 0 {
		l.forget(now)
	}
	until := now.Add(store.InboxSeenFor).UnixMilli()
	l.record(opAdd, id, until, body)
	if err := l.write(true); err != nil {
		return false, fmt.Errorf("boltstore: writing the inbox: %w", err)
	}
	l.seen[id], l.pending[id] = until, bytes.Clone(body)
	return true, nil
}

// done forgets an answered update (its id stays remembered).
func (l *inboxLog) done(id int64, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.pending[id]; !ok {
		return nil
	}
	delete(l.pending, id)
	l.record(opDone, id, 0, nil)
	if err := l.write(false); err != nil {
		return fmt.Errorf("boltstore: writing the inbox: %w", err)
	}
	if l.size > l.next {
		return l.compact(now)
	}
	return nil
}

// items returns up to limit unanswered updates, in id order.
func (l *inboxLog) items(limit int) []store.InboxItem {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]store.InboxItem, 0, min(limit, len(l.pending)))
	for id, body := range l.pending {
		out = append(out, store.InboxItem{ID: id, Body: bytes.Clone(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out[:min(limit, len(out))]
}

// forget drops the ids whose window ended.
func (l *inboxLog) forget(now time.Time) {
	for id, until := range l.seen {
		if until <= now.UnixMilli() {
			if _, ok := l.pending[id]; !ok {
				delete(l.seen, id)
			}
		}
	}
}

// compact rewrites the log with only what is still needed, once it is 4
// times that: the unanswered updates and the ids still remembered. The new
// file is synced, then renamed over the old one.
func (l *inboxLog) compact(now time.Time) error {
	l.forget(now)
	need := int64(0)
	for _, b := range l.pending {
		need += int64(len(b)) + 32
	}
	if l.size < 4*(need+int64(len(l.seen))*16) {
		l.next = 2 * l.size // not yet worth it: not considered again before the log doubles
		return nil
	}
	for id, until := range l.seen {
		if body, ok := l.pending[id]; ok {
			l.record(opAdd, id, until, body)
		} else {
			l.record(opSeen, id, until, nil)
		}
	}
	tmp := l.path + ".new"
	size := int64(len(l.buf))
	alloc := size + preallocate
	err := os.WriteFile(tmp, append(l.buf, make([]byte, preallocate)...), 0o600)
	l.buf = l.buf[:0]
	var f *os.File
	if err == nil {
		f, err = os.OpenFile(tmp, os.O_RDWR, 0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = os.Rename(tmp, l.path)
	}
	if err == nil {
		syncDir(filepath.Dir(l.path))
		l.f.Close()
		l.f, l.size, l.alloc = f, size, alloc
		l.next = max(compactAt, 4*size)
		return nil
	}
	if f != nil {
		f.Close()
	}
	os.Remove(tmp)
	return fmt.Errorf("boltstore: compacting the inbox: %w", err)
}

func (l *inboxLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	return errors.Join(f.Sync(), f.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
