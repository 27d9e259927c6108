package bot

import (
	"log/slog"
	"testing"
	"time"

	"realtybot/clock"
)

func TestIdlePacersAreSweptButNotBusyOrRecentOnes(t *testing.T) {
	s := newSender(slog.New(slog.DiscardHandler), clock.Real)
	long := time.Now().Add(-time.Hour)
	for chat := int64(1); chat <= minSweep; chat++ {
		p := s.pacerOf(chat)
		p.mark(long)
		if chat != 1 { // chat 1 is still sending
			s.release(p)
		}
	}
	recent := s.pacerOf(-5) // a group that just sent
	recent.mark(time.Now())
	s.release(recent)
	s.pacerOf(minSweep + 1) // a new chat over the threshold sweeps
	s.mu.Lock()
	n := len(s.chats)
	_, busy := s.chats[1]
	_, kept := s.chats[-5]
	s.mu.Unlock()
	if n != 3 || !busy || !kept {
		t.Fatalf("after the sweep: %d pacers (busy kept %v, recent kept %v); want 3", n, busy, kept)
	}
}
