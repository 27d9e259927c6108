package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
)

// shortLog is the console's logger without -v: warnings and errors as one
// short line on stderr, their message only (no attributes, so no URLs), so
// they never crowd the replies.
type shortLog struct {
	mu *sync.Mutex
	w  io.Writer
}

func newShortLog(w io.Writer) *slog.Logger { return slog.New(shortLog{mu: &sync.Mutex{}, w: w}) }

func (h shortLog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h shortLog) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := fmt.Fprintf(h.w, "(%s: %s; -v shows the details)\n", strings.ToLower(r.Level.String()), r.Message)
	return err
}

func (h shortLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h shortLog) WithGroup(string) slog.Handler      { return h }
