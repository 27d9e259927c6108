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

// Version and Commit are stamped at build time where the VCS stamp cannot
// be (an image built without .git in its context):
//
//	go build -ldflags "-X realtybot/app.Version=v1.2.3 -X realtybot/app.Commit=abc123" ./cmd/realtybot
var Version, Commit string

// ReadBuildInfo reads the stamped version and commit, else the module
// version and the VCS stamp Go embeds.
func ReadBuildInfo() BuildInfo {
	b := embeddedBuildInfo()
	if Version != "" {
		b.Version = Version
	}
	if Commit != "" {
		b.Commit, b.Modified = Commit, false
	}
	return b
}

// embeddedBuildInfo reads the module version and the VCS stamp Go
// embeds.
func embeddedBuildInfo() BuildInfo {
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
