package app

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// BuildInfo is what the binary knows of its own build.
type BuildInfo struct {
	Version, Commit, GoVersion string
	Modified                   bool
}

// ReadBuildInfo reads the module version and the VCS stamp Go embeds.
func ReadBuildInfo() BuildInfo {
	b := BuildInfo{Version: "(devel)", Commit: "unknown", GoVersion: runtime.Version()}
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

func (b BuildInfo) String() string {
	s := fmt.Sprintf("realtybot %s, commit %s", b.Version, b.Commit)
	if b.Modified {
		s += " (modified)"
	}
	return s + ", " + b.GoVersion
}
