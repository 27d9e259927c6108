package bot

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// buildInfo is what the binary knows of its own build.
type buildInfo struct {
	Version, Commit, GoVersion string
	Modified                   bool
}

// readBuildInfo reads the module version and the VCS stamp Go embeds.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: "(devel)", Commit: "unknown", GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func (b buildInfo) String() string {
	s := fmt.Sprintf("realtybot %s, commit %s", b.Version, b.Commit)
	if b.Modified {
		s += " (modified)"
	}
	return s + ", " + b.GoVersion
}

func runVersion(args []string, stdout io.Writer) error {
	fs := newFlags("version", "Prints the module version, the commit it was built from and the Go version.", stdout)
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	fmt.Fprintln(stdout, readBuildInfo())
	return nil
}
