package quota

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Hold is why live calls wait after the store lost the ledger: which
// replicas' journals are expected to report what they saw (those seen in
// the two days before the loss), and which have. Each journal that reports
// raises the counts; the hold lifts by itself once every expected journal
// has reported. A loss found at a process's start was not witnessed: a
// replica no journal knows of may have spent meanwhile, so the hold also
// waits for a second journal, or for an admin.
type Hold struct {
	Since       time.Time `json:"since"`
	Expected    []string  `json:"expected"`
	Reported    []string  `json:"reported"`
	Unwitnessed bool      `json:"unwitnessed,omitempty"`
	legacy      string    // a hold written by an older version: a sentence
}

// Missing lists the expected replicas that have not reported.
func (h *Hold) Missing() []string {
	var out []string
	for _, r := range h.Expected {
		if !slices.Contains(h.Reported, r) {
			out = append(out, r)
		}
	}
	return out
}

// done reports whether the hold may lift by itself.
func (h *Hold) done() bool {
	return h.legacy == "" && len(h.Missing()) == 0 && (!h.Unwitnessed || len(h.Reported) > 1)
}

// report records that replica's journal raised the counts, and what it
// knows of others.
func (h *Hold) report(replica string, peers []string) {
	for _, p := range append(peers, replica) {
		if !slices.Contains(h.Expected, p) {
			h.Expected = append(h.Expected, p)
		}
	}
	if !slices.Contains(h.Reported, replica) {
		h.Reported = append(h.Reported, replica)
	}
	slices.Sort(h.Expected)
	slices.Sort(h.Reported)
}

// String says why live calls wait and what lifts the hold.
func (h *Hold) String() string {
	if h.legacy != "" {
		return h.legacy
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the store lost the quota ledger (found %s UTC); counts restored from the journals of %s",
		h.Since.UTC().Format("2 Jan 15:04"), strings.Join(h.Reported, ", "))
	if m := h.Missing(); len(m) > 0 {
		fmt.Fprintf(&b, "; waiting for the journals of %s (replicas seen in the last two days): live calls resume when they have reported, "+
			"or an admin may /quota confirm force", strings.Join(m, ", "))
	} else {
		b.WriteString("; the loss was found at a start, so replicas no journal knows of may have spent: live calls resume when a " +
			"second replica reports, or an admin may /quota confirm")
	}
	return b.String()
}

func (h *Hold) encode() []byte { raw, _ := json.Marshal(h); return raw }

// decodeHold reads a stored hold; nil when there is none.
func decodeHold(raw []byte) *Hold {
	if len(raw) == 0 {
		return nil
	}
	var h Hold
	if json.Unmarshal(raw, &h) != nil || h.Since.IsZero() {
		return &Hold{legacy: string(raw)}
	}
	return &h
}
