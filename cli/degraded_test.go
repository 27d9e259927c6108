package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"realtybot/app"
	"realtybot/attom/attomtest"
	"realtybot/clock"
	"realtybot/quota"
	"realtybot/store/boltstore"
	"realtybot/store/storetest"
)

// TestKilledDuringALiveCall runs the real binary, kills it with SIGKILL while
// ATTOM is answering, and checks the ledger after a restart: the call in
// flight stays counted (the bill can only be over-estimated) and the rest of
// the store is intact.
func TestKilledDuringALiveCall(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	atm := attomtest.NewServer()
	defer atm.Close()
	data := filepath.Join(dir, "data")
	env := append(os.Environ(), "DATA_DIR="+data, "ATTOM_API_KEY="+attomtest.Key, "ATTOM_BASE_URL="+atm.URL,
		"DEFAULT_MARKET_TYPE=hot", "REDIS_URL=", "REDIS_ADDRS=")
	cmd := exec.Command(bin, "console", "--quiet")
	cmd.Env = env
	stdin, _ := cmd.StdinPipe()
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdin.Write([]byte("/search 10001\n"))
	waitFor(t, func() bool { return atm.Billable() == 1 })
	atm.SetLatency(time.Hour)
	stdin.Write([]byte("/search 78701\n"))
	waitFor(t, func() bool { return atm.Calls() == 2 })
	cmd.Process.Kill() // SIGKILL: no release, no cleanup
	cmd.Wait()
	atm.SetLatency(0)

	s, err := boltstore.Open(data, clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	u, err := quota.NewLedger(storetest.Counters(t, s), app.Namespace, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, time.Now).Usage(context.Background())
	s.Close()
	if err != nil || u.Today != 2 || atm.Billable() != 1 {
		t.Fatalf("after SIGKILL: ledger %+v, ATTOM billed %d; want the call in flight counted (2 vs 1 billed)", u, atm.Billable())
	}
	restart := exec.Command(bin, "console", "--quiet")
	restart.Env = env
	restart.Stdin = strings.NewReader("/search 10001\n/usage\n")
	got, err := restart.Output()
	if err != nil || !strings.Contains(string(got), "cached") || !strings.Contains(string(got), "2 / 13") {
		t.Fatalf("after restart: %v\n%s", err, got)
	}
	if atm.Billable() != 1 {
		t.Fatal("the restart called ATTOM for a cached key")
	}
}

// buildBinary builds cmd/realtybot into dir, for tests that signal a real
// process.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "realtybot")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/realtybot").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts the binary's serve with env; it is killed when the test
// ends. Its stderr is kept.
func startServe(t *testing.T, bin string, env []string) (*exec.Cmd, *syncBuilder) {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	logs := &syncBuilder{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, logs
}

// syncBuilder is a strings.Builder that a process's output goroutine and
// the test may use at once.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuilder) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
