package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"realtybot/app"
	"realtybot/clock"
	"realtybot/config"
	"realtybot/market"
)

func TestRefreshConfigReloadsTheMarketsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "markets.csv")
	os.WriteFile(file, []byte("zip,market_type\n78701,hot\n10001,stable\n"), 0o600)
	env := map[string]string{"DATA_DIR": dir, "MARKETS_FILE": file}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ap, err := app.Build(context.Background(), cfg, slog.New(slog.DiscardHandler), clock.Real)
	if err != nil {
		t.Fatal(err)
	}
	defer ap.Close()
	if in := ap.Service.Info(context.Background(), "78701"); in.Type != market.Hot || in.Basis != "configured" {
		t.Fatalf("before: %+v", in)
	}
	os.WriteFile(file, []byte("zip,market_type\n78701,cooling\n60601,growing\n94105,lukewarm\n"), 0o600)
	summary, err := ap.Reload(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 configured (1 added, 1 changed, 1 removed)", `market type "lukewarm"`} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if in := ap.Service.Info(context.Background(), "78701"); in.Type != market.Cooling {
		t.Fatalf("after: %+v", in)
	}
	os.Remove(file)
	if _, err := ap.Reload(context.Background()); err == nil {
		t.Fatal("a missing file reloaded")
	}
	if in := ap.Service.Info(context.Background(), "60601"); in.Type != market.Growing {
		t.Fatalf("a failed reload changed the configuration: %+v", in)
	}
}

// BenchmarkReloadRejectingRows reloads a MARKETS_FILE whose every row is
// rejected: the cost per row stays flat as the file grows (it was
// quadratic, 41.7 s for check at 20k rows).
func BenchmarkReloadRejectingRows(b *testing.B) {
	for _, n := range []int{5_000, 20_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			var csv strings.Builder
			csv.WriteString("zip,market_type\n")
			for i := range n {
				fmt.Fprintf(&csv, "%05d,volcanic\n", 10000+i)
			}
			file := filepath.Join(dir, "markets.csv")
			os.WriteFile(file, []byte(csv.String()), 0o600)
			env := map[string]string{"DATA_DIR": dir, "MARKETS_FILE": file}
			cfg, _ := config.Load(func(k string) string { return env[k] })
			ap, err := app.Build(context.Background(), cfg, slog.New(slog.DiscardHandler), clock.Real)
			if err != nil {
				b.Fatal(err)
			}
			defer ap.Close()
			for b.Loop() {
				if _, err := ap.Reload(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}
