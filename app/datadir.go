package app

import (
	"fmt"
	"os"
	"path/filepath"
)

// prepareDataDir makes DATA_DIR (mode 0750) and proves it writable, whatever
// the store: the quota journal lives there with Redis too, and a ledger
// that cannot write its journal would stop live calls later, not now.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("DATA_DIR=%s cannot be created: %w (set DATA_DIR to a directory this user may create, or create it)", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("DATA_DIR=%s is not writable: %w (it keeps the quota journal and the configuration snapshot: "+
			"give this user write access, e.g. chown or chmod u+w, or set DATA_DIR to a writable directory)", dir, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(filepath.Clean(name))
}
