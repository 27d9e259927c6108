package quota

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// JournalFile is the name of the ledger's local journal in DATA_DIR.
const JournalFile = "quota-journal.json"

// journal is one process's durable memory of the ledger, on its own disk:
// the epoch of the store it spends against and the highest counts of the
// day and month it has seen there (its own reservations and everyone
// else's before them). When the store loses its data, the journals of the
// replicas refill it: the counts can only be restored upward, so the
// ledger may over-count, never under-count what the journals saw.
type journal struct {
	mu   sync.Mutex
	path string
	st   journalState
}

type journalState struct {
	Replica   string               `json:"replica"`
	Epoch     string               `json:"epoch"`
	Day       string               `json:"day"`
	Month     string               `json:"month"`
	SeenDay   int64                `json:"seen_day"`
	SeenMonth int64                `json:"seen_month"`
	Reserved  int64                `json:"seen_reserved,omitempty"` // the store's count of the day's reservations
	Gen       int64                `json:"gen,omitempty"`           // the generation of the counts seen (see floor)
	Replicas  int64                `json:"replicas"`                // replicas that reserved in the two days before the last reservation
	Peers     map[string]time.Time `json:"peers,omitempty"`         // replicas seen using the ledger, and when last
	Updated   time.Time            `json:"updated"`
}

// openJournal reads the journal at path, or starts one where there is none.
// A journal that exists but cannot be read is an error: starting afresh
// would forget what it protects.
func openJournal(path string) (*journal, error) {
	j := &journal{path: path}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		j.st.Replica = randomID()
		return j, j.save()
	case err != nil:
		return nil, fmt.Errorf("cache: reading the quota journal %s: %w", path, err)
	}
	if err := json.Unmarshal(raw, &j.st); err != nil || j.st.Replica == "" {
		return nil, fmt.Errorf("cache: the quota journal %s is empty or unreadable (%d bytes); it holds this replica's "+
			"count of ATTOM calls, so live calls stay off: restore it from a backup, or move it away and set the "+
			"day's and month's counts with /quota set", path, len(raw))
	}
	return j, nil
}

func randomID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// save writes the journal atomically and durably: a temporary file, fsync,
// rename, fsync of the directory.
func (j *journal) save() error {
	raw, err := json.Marshal(j.st)
	if err != nil {
		return err
	}
	tmp := j.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(j.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// saw records counts seen in the store after a reservation. A nil journal
// records nothing.
func (j *journal) saw(k ledgerKeys, res reservation) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.st.Day != k.dayName { // a new day: the replica count starts over with it
		j.st.Day, j.st.SeenDay, j.st.Reserved, j.st.Replicas = k.dayName, 0, 0, 0
	}
	if j.st.Month != k.monthName {
		j.st.Month, j.st.SeenMonth = k.monthName, 0
	}
	if res.gen > j.st.Gen { // an admin lowered the counts: what was seen before is void
		j.st.Gen, j.st.SeenDay, j.st.SeenMonth = res.gen, 0, 0
	}
	j.st.SeenDay, j.st.SeenMonth = max(j.st.SeenDay, res.day), max(j.st.SeenMonth, res.month)
	j.st.Reserved = max(j.st.Reserved, res.reserved)
	replicas := res.replicas
	j.st.Replicas, j.st.Updated = max(j.st.Replicas, replicas), k.now
	return j.save()
}

// floor is what a reservation raises the store to first: the highest counts
// seen for k's day and month, of the journal's generation. A nil journal
// raises nothing.
func (j *journal) floor(k ledgerKeys) floor {
	if j == nil {
		return floor{}
	}
	day, month, _ := j.seen(k)
	j.mu.Lock()
	defer j.mu.Unlock()
	f := floor{day: day, month: month, gen: j.st.Gen}
	if j.st.Day == k.dayName {
		f.reserved = j.st.Reserved
	}
	return f
}

// seen returns the highest counts seen for k's day and month.
func (j *journal) seen(k ledgerKeys) (day, month int64, replicas int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.st.Day == k.dayName {
		day = j.st.SeenDay
	}
	if j.st.Month == k.monthName {
		month = j.st.SeenMonth
	}
	return day, month, j.st.Replicas
}

func (j *journal) epoch() string {
	if j == nil {
		return ""
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Epoch
}

func (j *journal) setEpoch(e string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.st.Epoch == e {
		return nil
	}
	j.st.Epoch = e
	return j.save()
}

// set records counts an admin set and their generation, replacing what
// was seen.
func (j *journal) set(k ledgerKeys, day, month, gen int64) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.st.Day, j.st.Month, j.st.SeenDay, j.st.SeenMonth, j.st.Updated = k.dayName, k.monthName, day, month, k.now
	j.st.Gen = max(j.st.Gen, gen)
	return j.save()
}

// peersFor is how long a replica seen using the ledger is expected to
// report after a loss.
const peersFor = 48 * time.Hour

// sawReplicas records the replicas seen using the ledger.
func (j *journal) sawReplicas(ids []string, now time.Time) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	changed := false
	if j.st.Peers == nil {
		j.st.Peers = map[string]time.Time{}
	}
	for _, id := range ids {
		// Saved only when a replica is new or an hour later, not on every read.
		if t, ok := j.st.Peers[id]; !ok || now.Sub(t) > time.Hour {
			j.st.Peers[id], changed = now, true
		}
	}
	for id, t := range j.st.Peers {
		if now.Sub(t) > peersFor {
			delete(j.st.Peers, id)
			changed = true
		}
	}
	if n := int64(len(ids)); n > j.st.Replicas {
		j.st.Replicas, changed = n, true
	}
	if !changed {
		return nil
	}
	return j.save()
}

// peers lists the replicas seen using the ledger in the last two days,
// this one included.
func (j *journal) peers(now time.Time) []string {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []string{j.st.Replica}
	for id, t := range j.st.Peers {
		if id != j.st.Replica && now.Sub(t) <= peersFor {
			out = append(out, id)
		}
	}
	return out
}

// peerCount is len(peers(now)); 0 without a journal.
func (j *journal) peerCount(now time.Time) int64 {
	if j == nil {
		return 1 << 62
	}
	return int64(len(j.peers(now)))
}
