package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Names the markets tab may use for market types and partitions. The market
// package owns their meaning; a test there keeps these lists in step.
var (
	MarketTypeNames = []string{"hot", "growing", "stable", "emerging", "cooling"}
	PartitionNames  = []string{"hot", "stable", "other"}
)

// Snapshot is one whole, validated configuration from the Sheets master:
// it is applied all at once or not at all.
type Snapshot struct {
	LoadedAt time.Time
	Markets  []MarketRow
	Settings Settings
	Agents   []Person
	Admins   []Person
}

// Person is a row of the agents or admins tab.
type Person struct {
	ID   int64
	Name string
}

// Settings are the settings tab's values; nil or zero means "not set".
type Settings struct {
	MaxDaily          *int64 `json:",omitempty"`
	MaxMonthly        *int64 `json:",omitempty"`
	MaxAgentDaily     *int64 `json:",omitempty"`
	HotReserve        *int64 `json:",omitempty"`
	OtherReserve      *int64 `json:",omitempty"`
	RefreshBudget     *int64 `json:",omitempty"`
	DefaultMarketType string `json:",omitempty"`
	// Reload is how often the sheet is read again.
	Reload time.Duration `json:",omitempty"`
	// MaintenanceAt is the time of day of the maintenance tasks.
	MaintenanceAt *time.Duration `json:",omitempty"`
	// TTL overrides the property freshness of a market type.
	TTL map[string]time.Duration `json:",omitempty"`
}

// Problem is one rejected or repaired cell, reported to the operator.
type Problem struct {
	Tab    string
	Row    int    // 1-based, as the sheet shows it
	Column string // A, B, ...
	Why    string
}

func (p Problem) Error() string {
	if p.Row == 0 {
		return fmt.Sprintf("%s: %s", p.Tab, p.Why)
	}
	return fmt.Sprintf("%s!%s%d: %s", p.Tab, p.Column, p.Row, p.Why)
}

// SnapshotStore keeps the last good snapshot (last-known-good) somewhere a
// restarted or new replica can read it.
type SnapshotStore interface {
	SaveSnapshot(ctx context.Context, data []byte) error
	// LoadSnapshot returns ErrNoSnapshot when nothing was saved.
	LoadSnapshot(ctx context.Context) ([]byte, error)
	String() string
}

// ErrNoSnapshot means no snapshot was saved yet.
var ErrNoSnapshot = errors.New("config: no saved snapshot")

// FileSnapshots saves the snapshot as DATA_DIR/config-snapshot.json.
type FileSnapshots struct{ Dir string }

func (f FileSnapshots) path() string { return filepath.Join(f.Dir, "config-snapshot.json") }

// SaveSnapshot writes atomically (temporary file, then rename).
func (f FileSnapshots) SaveSnapshot(_ context.Context, data []byte) error {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(f.Dir, ".config-snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path())
}

// LoadSnapshot implements SnapshotStore.
func (f FileSnapshots) LoadSnapshot(context.Context) ([]byte, error) {
	b, err := os.ReadFile(f.path())
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoSnapshot
	}
	return b, err
}

func (f FileSnapshots) String() string { return f.path() }

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// normalizeName lowers a header or key and turns spaces and dashes into _.
func normalizeName(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}
