package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
)

// On a fresh machine with Redis, no command stops for want of ./data: the
// ones that keep the quota journal create DATA_DIR (0750); simulate keeps
// everything in a directory of its own and leaves DATA_DIR alone.
func TestEveryCommandStartsWithRedisAndNoDataDir(t *testing.T) {
	redisURL := consoleRedisURL(t)
	fresh := func(t *testing.T) string { return filepath.Join(t.TempDir(), "not", "yet", "data") }
	made := func(t *testing.T, dir string) {
		t.Helper()
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o750 {
			t.Fatalf("DATA_DIR %s after the run: %v %v", dir, fi, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "quota-journal.json")); err != nil {
			t.Fatalf("no quota journal in DATA_DIR: %v", err)
		}
	}
	t.Run("check", func(t *testing.T) {
		dir := fresh(t)
		out, errOut, err := run(t, map[string]string{"REDIS_URL": redisURL, "DATA_DIR": dir}, "", "check")
		if err != nil || !strings.Contains(out, "ok   store: redis") {
			t.Fatalf("check: %v\n%s%s", err, out, errOut)
		}
		made(t, dir)
	})
	t.Run("console", func(t *testing.T) {
		dir := fresh(t)
		out, errOut, err := run(t, map[string]string{"REDIS_URL": redisURL, "DATA_DIR": dir}, "/usage\n", "console", "--quiet")
		if err != nil || !strings.Contains(out, "/ 13") {
			t.Fatalf("console: %v\n%s%s", err, out, errOut)
		}
		made(t, dir)
	})
	t.Run("serve", func(t *testing.T) {
		dir := fresh(t)
		h := newHarness(t, map[string]string{"DATA_DIR": dir})
		h.start(t)
		h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/help"))
		if r := h.tg.WaitSent(1, 10*time.Second, to(agent)); len(r) != 1 {
			t.Fatalf("no reply\n%s", h.logs)
		}
		made(t, dir)
	})
	t.Run("simulate", func(t *testing.T) {
		dir := fresh(t)
		out, errOut, err := run(t, map[string]string{"REDIS_URL": redisURL, "DATA_DIR": dir}, "",
			"simulate", "--store", "redis", "--days", "1", "--agents", "2", "--requests", "3", "--zips", "2")
		if err != nil || !strings.Contains(out, "calls") {
			t.Fatalf("simulate: %v\n%s%s", err, out, errOut)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("simulate touched DATA_DIR: %v", err)
		}
	})
}

// A DATA_DIR that cannot be made is an error that names the variable, the
// path and the fix, before anything else is opened.
func TestAnUnusableDataDirIsNamedWithTheFix(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "data") // under a file: not even root can make it
	for _, cmd := range []string{"check", "console"} {
		out, errOut, err := run(t, map[string]string{"REDIS_URL": consoleRedisURL(t), "DATA_DIR": dir}, "/usage\n", cmd)
		all := out + errOut
		if err == nil || !strings.Contains(all, "DATA_DIR="+dir) || !strings.Contains(all, "set DATA_DIR to") {
			t.Fatalf("%s: %v\n%s", cmd, err, all)
		}
	}
}
