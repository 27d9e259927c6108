package boltstore

import (
	"os"
	"syscall"
)

// fdatasync flushes f's data, and its metadata only when reading the data
// needs it (the inbox log's blocks are allocated ahead, so it does not).
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
