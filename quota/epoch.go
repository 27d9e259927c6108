package quota

import (
	"context"
	"fmt"
	"path/filepath"
)

// The ledger's defence against a store that loses its data (a Redis restart
// without persistence, FLUSHALL, a replaced embedded store file): the store
// holds an epoch marker that never expires, and each process's journal
// remembers the epoch it spends against. A missing marker means the counts
// are gone: the first process to notice sets a new epoch and refills the
// counts from its journal; every other process adds what its journal saw
// when it next reserves (restores only raise counts). When more than one
// replica was spending, one journal cannot know the whole count: live calls
// stay off (the hold) until an admin confirms or sets the counts.

// epochID is the epoch a reservation must find in the store: "" without a
// journal (no check), and, when the journal has none yet (the store was
// unreachable at start), one no store holds, so the first reservation
// adopts the store's epoch before it counts.
func (l *Ledger) epochID() string {
	if l.journal == nil {
		return ""
	}
	if e := l.journal.epoch(); e != "" {
		return e
	}
	return "unset"
}

// Recover opens the journal in dir and checks the store's epoch against it,
// refilling the counts if the store lost them. It returns a sentence for the
// operator when it restored anything.
func (l *Ledger) Recover(ctx context.Context, dir string) (string, error) {
	j, err := openJournal(filepath.Join(dir, JournalFile))
	if err != nil {
		return "", err
	}
	l.journal, l.replica = j, j.st.Replica
	k, err := l.keys(ctx, "")
	if err != nil {
		return "", err
	}
	note, err := l.recoverEpochNote(ctx, k, true)
	if err != nil {
		return "", err
	}
	_, err = l.Usage(ctx) // announce this replica to the others
	return note, err
}

func (l *Ledger) recoverEpoch(ctx context.Context, k ledgerKeys) error {
	_, err := l.recoverEpochNote(ctx, k, false)
	return err
}

// recoverEpochNote checks the store's epoch against the journal's. atStart
// says the check runs as the process starts: a loss found then happened
// while it was not running, so it was not witnessed.
func (l *Ledger) recoverEpochNote(ctx context.Context, k ledgerKeys, atStart bool) (string, error) {
	j := l.journal
	known := j.epoch()
	cur, created, err := l.store.epochOf(ctx, k, randomID())
	if err != nil {
		return "", fmt.Errorf("%w: reading the epoch marker: %w", ErrLedgerDown, err)
	}
	day, month, _ := j.seen(k)
	peers := j.peers(k.now)
	note := ""
	switch {
	case created && known == "": // a new ledger, or one from before epochs: adopt it
	case created: // this replica finds the loss
		// Other replicas known to be spending, or, found at a start, this
		// replica's own spending this month: a fresh store met by a journal
		// with nothing this month is no loss.
		var hold *Hold
		if !l.single && (len(peers) > 1 || atStart && (day > 0 || month > 0)) {
			hold = &Hold{Since: k.now, Unwitnessed: atStart}
			hold.report(l.replica, peers)
		}
		if err := l.store.restore(ctx, k, day, month, hold); err != nil {
			return "", fmt.Errorf("%w: restoring the counts: %w", ErrLedgerDown, err)
		}
		note = fmt.Sprintf("the store had lost the quota ledger; restored %d calls today and %d this month from the local journal", day, month)
		if hold != nil {
			note += "; live calls wait: " + hold.String()
		}
	case cur != known && known != "": // another replica found it: report
		if err := l.store.restore(ctx, k, day, month, nil); err != nil {
			return "", fmt.Errorf("%w: restoring the counts: %w", ErrLedgerDown, err)
		}
		err := l.store.updateHold(ctx, k, func(h *Hold) *Hold {
			if h == nil {
				// The restorer knew of no other replica, yet this one's journal
				// is from before a loss it did not witness: others unknown to
				// both may have spent too.
				if !atStart || l.single || day == 0 && month == 0 {
					return nil
				}
				h = &Hold{Since: k.now, Unwitnessed: true}
			}
			h.report(l.replica, peers)
			if h.done() {
				return nil
			}
			return h
		})
		if err != nil {
			return "", fmt.Errorf("%w: reporting to the hold: %w", ErrLedgerDown, err)
		}
		note = fmt.Sprintf("another replica found the quota ledger lost; this replica added what it saw (%d today, %d this month)", day, month)
	}
	if err := j.setEpoch(cur); err != nil {
		return "", fmt.Errorf("%w: %w: %w", ErrLedgerDown, ErrJournal, err)
	}
	return note, nil
}

// Replica is this process's id: its journal's once Recover ran, so it is the
// same after a restart on the same DATA_DIR.
func (l *Ledger) Replica() string { return l.replica }
