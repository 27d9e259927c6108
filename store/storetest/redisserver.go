package storetest

import (
	"net"
	"os/exec"
	"testing"
	"time"
)

// RedisServer is a private redis-server on a free port, so a test can stop,
// restart, flush or reconfigure it without touching the shared one. It keeps
// no data on disk unless its arguments say so.
type RedisServer struct {
	Port string
	Args []string // extra arguments, e.g. "--maxmemory-policy", "allkeys-lru"
	cmd  *exec.Cmd
}

// NewRedisServer starts a private redis-server; it is stopped when the test
// ends.
func NewRedisServer(t testing.TB, args ...string) *RedisServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	r := &RedisServer{Port: port, Args: args}
	r.Start(t)
	t.Cleanup(r.Stop)
	return r
}

// URL is the server's redis:// URL (database 0).
func (r *RedisServer) URL() string { return "redis://127.0.0.1:" + r.Port + "/0" }

// Start starts the server (again, after Stop: empty, as after a restart
// without persistence).
func (r *RedisServer) Start(t testing.TB) {
	t.Helper()
	args := append([]string{"--port", r.Port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, r.Args...)
	r.cmd = exec.Command("redis-server", args...)
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("this test needs redis-server on PATH (.ci/run installs it): %v", err)
	}
	for range 100 {
		if c, err := net.Dial("tcp", "127.0.0.1:"+r.Port); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("redis-server did not start")
}

// Stop kills the server.
func (r *RedisServer) Stop() {
	if r.cmd != nil && r.cmd.Process != nil {
		r.cmd.Process.Kill()
		r.cmd.Wait()
		r.cmd = nil
	}
}
