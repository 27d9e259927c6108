// Command sidebyside runs the project's side-by-side benchmark pairs in
// alternating rounds and prints each ratio's median and range, and the
// time of the benchmarks whose goal is their own (the /search handler),
// then writes the tables into docs/benchmarks.md between its markers. The machine is
// noisy: both sides of a pair run in one process, one after the other, in
// every round, so a ratio compares like with like.
//
//	cd bench && go run ./sidebyside -rounds 5 -write ../docs/benchmarks.md
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// pair is two benchmarks of one Benchmark function whose ns/op are divided:
// num ÷ den, with the goal the issue sets for it.
type pair struct {
	what     string
	dir, pkg string // where go test runs, and the package
	fn       string // the Benchmark function
	num, den string // sub-benchmark names
	goal     string
}

var pairs = []pair{
	{"L1 hit: tiered ÷ bare ristretto Get", "..", "./cache", "BenchmarkL1Hit", "tiered", "ristretto", "≤ 1.5×"},
	{"L2 hit, listing of 8: tiered ÷ bare go-redis GET", "..", "./cache", "BenchmarkL2Hit", "listing=8/tiered", "listing=8/go-redis-GET", "≤ 1.2×"},
	{"L2 hit, listing of 100: tiered ÷ bare go-redis GET", "..", "./cache", "BenchmarkL2Hit", "listing=100/tiered", "listing=100/go-redis-GET", "≤ 1.2×"},
	{"L2 hit, listing of 100, the floor (the bare GET, then the decode alone) ÷ bare go-redis GET", "..", "./cache", "BenchmarkL2Hit", "listing=100/GET+decode", "listing=100/go-redis-GET", "none: what any L2 read that decodes costs at least"},
	{"L2 hit, one record: tiered ÷ bare go-redis GET", "..", "./cache", "BenchmarkL2Hit", "record/tiered", "record/go-redis-GET", "≤ 1.2×"},
	{"webhook → reply: embedded inbox ÷ no inbox", "..", "./bot", "BenchmarkWebhookUpdateToReply", "embedded-inbox", "no-inbox", "≤ 2×"},
	{"webhook → reply: Redis inbox ÷ no inbox", "..", "./bot", "BenchmarkWebhookUpdateToReply", "redis-inbox", "no-inbox", "≤ 1.5×"},
	{"webhook → reply, the floor of a local keep (one fdatasync, nothing kept) ÷ no inbox", "..", "./bot", "BenchmarkWebhookUpdateToReply", "fdatasync-floor", "no-inbox", "none: what any embedded inbox costs at least"},
	{"webhook → reply, the floor of a Redis keep (one PING, nothing kept) ÷ no inbox", "..", "./bot", "BenchmarkWebhookUpdateToReply", "redis-ping-floor", "no-inbox", "none: what any Redis inbox costs at least"},
	{"daily cleanup of 100k on Redis: realtybot ÷ bare ZRANGEBYSCORE + pipelined DEL", "..", "./store/redisstore", "BenchmarkDailyCleanupRedis100k", "realtybot", "bare", "≤ 1.5× (and < 1 s)"},
	{"L1 hit: go-redis/cache ÷ realtybot", ".", ".", "BenchmarkL1Hit", "go-redis-cache", "realtybot", "> 1× (stay ahead)"},
	{"L2 hit: go-redis/cache ÷ realtybot", ".", ".", "BenchmarkL2Hit", "go-redis-cache", "realtybot", "> 1× (stay ahead)"},
}

// single is a benchmark whose own time has a goal: run in the same rounds,
// its median and range are given in µs.
type single struct {
	what     string
	pkg, fn  string // the package (from the project's root) and the Benchmark function
	sub, cpu string // the sub-benchmark, and go test -cpu
	goal     string
}

var singles = []single{
	{"`/search` handler, plain (`-cpu 1`)", "./handlers", "BenchmarkSearchHandler", "plain", "1", "≤ 5 µs, ≤ 20 allocs"},
	{"`/search` handler, filtered (`-cpu 1`)", "./handlers", "BenchmarkSearchHandler", "filtered", "1", "≤ 5 µs, ≤ 20 allocs"},
}

// result is one benchmark line: ns/op and allocs/op.
type result struct{ ns, allocs float64 }

var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op(?:.*?\s([0-9.]+) allocs/op)?`)

// ownTime is the -benchtime of the benchmarks whose one operation takes
// long (and whose setup, untimed, longer still).
var ownTime = map[string]string{"BenchmarkDailyCleanupRedis100k": "3x"}

func run(p pair, benchtime string) (map[string]result, error) {
	if t, ok := ownTime[p.fn]; ok {
		benchtime = t
	}
	// -bench splits its pattern on '/', one level of sub-benchmark each.
	re := "^" + p.fn + "$"
	ns, ds := strings.Split(p.num, "/"), strings.Split(p.den, "/")
	for k := range ns {
		re += "/^(" + regexp.QuoteMeta(ns[k]) + "|" + regexp.QuoteMeta(ds[k]) + ")$"
	}
	return bench(p.dir, p.pkg, p.fn, re, benchtime, "", p.num, p.den)
}

// bench runs the benchmarks re matches in pkg (from dir) and returns each
// sub-benchmark's result; every name in want must be among them.
func bench(dir, pkg, fn, re, benchtime, cpu string, want ...string) (map[string]result, error) {
	args := []string{"test", "-run", "^$", "-bench", re, "-benchtime", benchtime, "-count", "1", "-benchmem"}
	if cpu != "" {
		args = append(args, "-cpu", cpu)
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", pkg, fn, err, out.String())
	}
	got := map[string]result{}
	for _, l := range strings.Split(out.String(), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			ns, _ := strconv.ParseFloat(m[2], 64)
			allocs, _ := strconv.ParseFloat(m[3], 64)
			got[strings.TrimPrefix(m[1], fn+"/")] = result{ns, allocs}
		}
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			return nil, fmt.Errorf("%s %s: no %s in\n%s", pkg, fn, w, out.String())
		}
	}
	return got, nil
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			model = string(m[1])
		}
	}
	return fmt.Sprintf("%s, %d cores, %s", model, runtime.NumCPU(), runtime.Version())
}

func main() {
	rounds := flag.Int("rounds", 5, "alternating rounds; each runs every pair once")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime of each run")
	write := flag.String("write", "", "a Markdown file whose table between the sidebyside markers is replaced")
	date := flag.String("date", "", "the date the figures are stated for (make bench passes today's)")
	flag.Parse()
	ratios := make([][]float64, len(pairs))
	allocs := make([][2]float64, len(pairs))
	times := make([][]float64, len(singles))
	sallocs := make([]float64, len(singles))
	for r := 1; r <= *rounds; r++ {
		for i, p := range pairs {
			got, err := run(p, *benchtime)
			if err != nil {
				fmt.Fprintln(os.Stderr, "sidebyside:", err)
				os.Exit(1)
			}
			ratios[i] = append(ratios[i], got[p.num].ns/got[p.den].ns)
			allocs[i] = [2]float64{got[p.num].allocs, got[p.den].allocs}
		}
		for i, s := range singles {
			re := "^" + s.fn + "$/^" + regexp.QuoteMeta(s.sub) + "$"
			got, err := bench("..", s.pkg, s.fn, re, *benchtime, s.cpu, s.sub)
			if err != nil {
				fmt.Fprintln(os.Stderr, "sidebyside:", err)
				os.Exit(1)
			}
			times[i] = append(times[i], got[s.sub].ns/1000)
			sallocs[i] = got[s.sub].allocs
		}
		fmt.Fprintf(os.Stderr, "round %d of %d done\n", r, *rounds)
	}
	var t strings.Builder
	fmt.Fprintf(&t, "Machine: %s. Date: %s. %d alternating rounds, `-benchtime %s`.\n\n", machine(), *date, *rounds, *benchtime)
	t.WriteString("| pair | ratio (median) | range over the rounds | allocs/op | goal |\n|---|---|---|---|---|\n")
	for i, p := range pairs {
		rs := slices.Clone(ratios[i])
		slices.Sort(rs)
		fmt.Fprintf(&t, "| %s | **%.2f×** | %.2f–%.2f× | %.0f vs %.0f | %s |\n", p.what, rs[len(rs)/2], rs[0], rs[len(rs)-1], allocs[i][0], allocs[i][1], p.goal)
	}
	t.WriteString("\n| benchmark | time/op (median) | range over the rounds | allocs/op | goal |\n|---|---|---|---|---|\n")
	for i, s := range singles {
		ts := slices.Clone(times[i])
		slices.Sort(ts)
		fmt.Fprintf(&t, "| %s | **%.2f µs** | %.2f–%.2f µs | %.0f | %s |\n", s.what, ts[len(ts)/2], ts[0], ts[len(ts)-1], sallocs[i], s.goal)
	}
	fmt.Print(t.String())
	if *write != "" {
		if err := replace(*write, t.String()); err != nil {
			fmt.Fprintln(os.Stderr, "sidebyside:", err)
			os.Exit(1)
		}
	}
}

const begin, end = "<!-- sidebyside:begin -->", "<!-- sidebyside:end -->"

// replace puts table between the markers of the file at path.
func replace(path, table string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s markers", path, begin, end)
	}
	return os.WriteFile(path, []byte(s[:i+len(begin)]+"\n"+table+s[j:]), 0o644)
}
