// Command firststart measures the peak memory (VmHWM) of a process that
// starts on a big embedded store and catches up on its maintenance (the
// first start: every missed task, the monthly full cleanup and compaction
// among them), against a normal restart on the same store (nothing to
// catch up). Each start is its own process, so each peak is its own.
//
//	cd bench && go run ./firststart -entries 100000
//
// FIRSTSTART_TRACE=1 prints, after each tick that ran tasks, the peak so
// far and the process's anonymous and file-backed memory.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"realtybot/app"
	"realtybot/cache"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/market"
	"realtybot/realty"
	"realtybot/store/boltstore"
)

// start is the instant of both starts: the 6th, past the maintenance
// hour, so the month's first run is missed and caught up.
var start = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func main() {
	entries := flag.Int("entries", 100_000, "property records in the store")
	role := flag.String("role", "", "internal: run one start (first or restart) on -dir")
	dir := flag.String("dir", "", "internal: the data directory")
	flag.Parse()
	if *role != "" {
		if err := run(*dir); err != nil {
			fmt.Fprintln(os.Stderr, "firststart:", err)
			os.Exit(1)
		}
		return
	}
	d, err := os.MkdirTemp("", "firststart")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(d)
	fmt.Printf("filling an embedded store with %d records…\n", *entries)
	if err := fill(d, *entries); err != nil {
		fail(err)
	}
	if fi, err := os.Stat(filepath.Join(d, "realtybot.db")); err == nil {
		fmt.Printf("store file: %.1f MiB\n", float64(fi.Size())/(1<<20))
	}
	first := child(d, "first")
	restart := child(d, "restart")
	fmt.Printf("peak RSS: first start %.1f MiB, normal restart %.1f MiB: %.2f×\n",
		first/1024, restart/1024, first/restart)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "firststart:", err)
	os.Exit(1)
}

// fill writes n real records (one record's value under n ids) in batches.
func fill(dir string, n int) error {
	s, err := boltstore.Open(dir, clock.NewManual(start))
	if err != nil {
		return err
	}
	defer s.Close()
	svc, err := market.New(market.Config{Store: s, Namespace: app.Namespace, Now: clock.NewManual(start).Now})
	if err != nil {
		return err
	}
	l, _, err := svc.Search(context.Background(), "78701", realty.SFR) // estimates: records kept 12 h
	if err != nil || len(l.Items) == 0 {
		return fmt.Errorf("no record to copy: %v", err)
	}
	rec, _, err := svc.Property(context.Background(), l.Items[0].ID)
	if err != nil {
		return err
	}
	svc.Close()
	// A real record's encoding, stored long: the store's own encoder.
	tier, err := cache.NewTiered[market.Record](cache.KindRecord, s, cache.Options{Namespace: app.Namespace, Now: clock.NewManual(start).Now})
	if err != nil {
		return err
	}
	defer tier.Close()
	it := &cache.Item[market.Record]{Value: *rec, Source: "attom", FetchedAt: start, FreshUntil: start.Add(72 * time.Hour), StaleUntil: start.Add(30 * 24 * time.Hour)}
	if _, err := tier.Set(context.Background(), "prop_1", it); err != nil {
		return err
	}
	raw, err := s.Get(context.Background(), cache.KindRecord, tier.Key("prop_1"))
	if err != nil {
		return err
	}
	for i := 0; i < n; i += 5000 {
		idx := make([]cache.IndexEntry, 0, 5000)
		for j := i; j < min(i+5000, n); j++ {
			idx = append(idx, cache.IndexEntry{Market: string(rec.Market.Type), Price: int64(rec.Basic.Price), ID: strconv.Itoa(1_000_000 + j)})
		}
		if err := s.IndexPut(context.Background(), idx); err != nil { // the market+price index, as /deals reads it
			return err
		}
		err := s.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("entries:" + string(cache.KindRecord)))
			for j := i; j < min(i+5000, n); j++ {
				if err := b.Put([]byte(tier.Key("prop_"+strconv.Itoa(1_000_000+j))), raw); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// child runs one start in its own process and returns its peak RSS (KiB).
func child(dir, role string) float64 {
	cmd := exec.Command(os.Args[0], "-role", role, "-dir", dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("%s start: %w", role, err))
	}
	fmt.Printf("%s start: %s", role, out)
	f := strings.Fields(string(out))
	kib, _ := strconv.ParseFloat(f[len(f)-2], 64)
	return kib
}

// run is one start: the app on the store, then three minutes of
// maintenance ticks, as serve would run them.
func run(dir string) error {
	env := map[string]string{"DATA_DIR": dir, "LOG_LEVEL": "warn"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return err
	}
	clk := clock.NewManual(start)
	a, err := app.Build(context.Background(), cfg, slog.New(slog.DiscardHandler), clk)
	if err != nil {
		return err
	}
	defer a.Close()
	m := a.Maintenance(func(context.Context, string, []byte) {})
	var ran []string
	for range 3 {
		clk.Advance(time.Minute)
		got := m.Tick(context.Background())
		if len(got) > 0 && os.Getenv("FIRSTSTART_TRACE") != "" {
			h, _ := peakRSS()
			st, _ := os.ReadFile("/proc/self/status")
			var parts []string
			for _, l := range strings.Split(string(st), "\n") {
				if strings.HasPrefix(l, "RssAnon") || strings.HasPrefix(l, "RssFile") {
					parts = append(parts, strings.Join(strings.Fields(l), " "))
				}
			}
			fmt.Fprintf(os.Stderr, "  %v: peak so far %d KiB; now %v\n", got, h, parts)
		}
		ran = append(ran, got...)
	}
	hwm, err := peakRSS()
	if err != nil {
		return err
	}
	fmt.Printf("ran %d tasks %v; peak RSS %d KiB\n", len(ran), ran, hwm)
	return nil
}

// peakRSS is the process's VmHWM, in KiB.
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
