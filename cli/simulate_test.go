package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type simOut struct {
	Events  int `json:"events"`
	Results []struct {
		Policy string `json:"policy"`
		Days   []struct {
			Calls   int64 `json:"attom_calls"`
			Records int64 `json:"attom_records"`
		} `json:"days"`
		Total struct {
			Requests int64 `json:"requests"`
			Answers  int64 `json:"answers"`
			L1       int64 `json:"l1_hits"`
			L2       int64 `json:"l2_hits"`
			Misses   int64 `json:"misses"`
			Calls    int64 `json:"attom_calls"`
			Live     int64 `json:"live"`
			Cached   int64 `json:"cached"`
			Stale    int64 `json:"stale"`
			Estimate int64 `json:"estimate"`
		} `json:"total"`
		MaxCalls   int64   `json:"max_calls_per_day"`
		MaxRecords int64   `json:"max_records_per_day"`
		Unit       string  `json:"billing_unit"`
		Hot        float64 `json:"hot_real_share"`
		HotCeiling float64 `json:"hot_real_share_ceiling"`
		HitRate    float64 `json:"hit_rate"`
		HitCeiling float64 `json:"hit_rate_ceiling"`
		LimitsHeld bool    `json:"limits_held"`
		P50        float64 `json:"p50_ms"`
		P99        float64 `json:"p99_ms"`
	} `json:"results"`
}

func simulateJSON(t *testing.T, args ...string) (simOut, string) {
	t.Helper()
	out, errOut, err := run(t, nil, "", append([]string{"simulate", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("simulate: %v\n%s", err, errOut)
	}
	var s simOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// Latency is measured, not simulated: it differs from run to run.
	for i := range s.Results {
		s.Results[i].P50, s.Results[i].P99 = 0, 0
	}
	norm, _ := json.Marshal(s)
	return s, string(norm)
}

func TestSimulateSmallScenarioHoldsTheLimitsAndAddsUp(t *testing.T) {
	t.Parallel() // its own store and upstream, in a directory of its own
	args := []string{"--agents", "6", "--days", "4", "--requests", "15", "--zips", "25", "--compare", "--seed", "7"}
	s, first := simulateJSON(t, args...)
	if s.Events != 6*4*15 || len(s.Results) != 2 {
		t.Fatalf("%d events, %d results", s.Events, len(s.Results))
	}
	for _, r := range s.Results {
		tot := r.Total
		if !r.LimitsHeld || r.MaxCalls > 13 {
			t.Errorf("%s: max %d calls a day", r.Policy, r.MaxCalls)
		}
		if tot.L1+tot.L2+tot.Misses != tot.Answers || tot.Answers < tot.Requests*9/10 {
			t.Errorf("%s: hits %d+%d + misses %d != %d answers (of %d requests)", r.Policy, tot.L1, tot.L2, tot.Misses, tot.Answers, tot.Requests)
		}
		if tot.Live+tot.Cached+tot.Stale+tot.Estimate != tot.Answers {
			t.Errorf("%s: provenance counts do not sum to the answers", r.Policy)
		}
		var calls int64
		for _, d := range r.Days {
			calls += d.Calls
		}
		if calls != tot.Calls || len(r.Days) != 4 {
			t.Errorf("%s: days do not add up to the total", r.Policy)
		}
		if r.Hot > r.HotCeiling || r.HotCeiling > 1 {
			t.Errorf("%s: %.3f of hot answers on real data, above the ceiling %.3f", r.Policy, r.Hot, r.HotCeiling)
		}
		if r.HitRate > r.HitCeiling || r.HitCeiling > 1 {
			t.Errorf("%s: hit rate %.3f above the ceiling %.3f", r.Policy, r.HitRate, r.HitCeiling)
		}
		// The ceilings are the traffic's, whatever the policy.
		if r.HotCeiling != s.Results[0].HotCeiling || r.HitCeiling != s.Results[0].HitCeiling {
			t.Errorf("%s: ceilings %.3f/%.3f differ from %s's", r.Policy, r.HitCeiling, r.HotCeiling, s.Results[0].Policy)
		}
	}
	if _, again := simulateJSON(t, args...); again != first {
		t.Fatal("the same seed gave different results")
	}
}

// Under --billing record the limits count the records billed answers
// carried, and they hold on every day for both policies; the ceilings stay
// the traffic's.
func TestSimulateUnderRecordBillingHoldsTheDaysRecords(t *testing.T) {
	t.Parallel()
	s, _ := simulateJSON(t, "--agents", "6", "--days", "3", "--requests", "15", "--zips", "25", "--compare", "--seed", "7", "--billing", "record")
	for _, r := range s.Results {
		if r.Unit != "record" || !r.LimitsHeld || r.MaxRecords > 13 || r.MaxRecords == 0 {
			t.Errorf("%s: unit %q, max %d records a day, held %v", r.Policy, r.Unit, r.MaxRecords, r.LimitsHeld)
		}
		for i, d := range r.Days {
			if d.Records > 13 || d.Calls > d.Records {
				t.Errorf("%s day %d: %d records in %d calls", r.Policy, i+1, d.Records, d.Calls)
			}
		}
		if r.HitRate > r.HitCeiling || r.Hot > r.HotCeiling {
			t.Errorf("%s: above a ceiling: hit %.3f/%.3f, hot %.3f/%.3f", r.Policy, r.HitRate, r.HitCeiling, r.Hot, r.HotCeiling)
		}
	}
	if _, errOut, err := run(t, nil, "", "simulate", "--billing", "records"); err == nil || !strings.Contains(errOut, "want call or record") {
		t.Fatalf("--billing records: %v\n%s", err, errOut)
	}
}

func TestSimulateReplaysAFileAndExplainsBadFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "traffic.jsonl")
	os.WriteFile(file, []byte(`{"time":"2026-01-01T09:00:00Z","user":1,"text":"/search 78701 sfr"}
{"time":"2026-01-01T09:05:00Z","user":2,"text":"/search 78701 sfr"}
{"time":"2026-01-02T10:00:00Z","user":1,"text":"/market 78701"}
`), 0o600)
	s, _ := simulateJSON(t, "--replay", file)
	r := s.Results[0]
	if s.Events != 3 || r.Total.Live != 2 || r.Total.Cached != 1 || r.Total.Calls != 2 {
		t.Fatalf("replay: %+v", r.Total)
	}
	_, errOut, err := run(t, nil, "", "simulate", "--zipf", "0.5")
	if err == nil || !strings.Contains(errOut, "zipf > 1") {
		t.Fatalf("bad zipf: %v %s", err, errOut)
	}
	out, errOut, err := run(t, nil, "", "simulate", "--set", "ATTOM_BASE_URL=http://example.com")
	if err == nil || !strings.Contains(out+errOut, "not a policy setting") {
		t.Fatalf("--set of the simulation's own setting: %v %s", err, errOut)
	}
}

func TestSimulateSetChangesThePolicy(t *testing.T) {
	// Without scheduled refreshes every call is an agent's live miss; with
	// no calls at all every answer is an estimate.
	args := []string{"--agents", "4", "--days", "3", "--requests", "10", "--zips", "10", "--seed", "3"}
	base, _ := simulateJSON(t, args...)
	none, _ := simulateJSON(t, append(args, "--set", "MAX_DAILY_CALLS=0")...)
	if base.Results[0].Total.Calls == 0 || none.Results[0].Total.Calls != 0 || none.Results[0].Total.Estimate != none.Results[0].Total.Answers {
		t.Fatalf("MAX_DAILY_CALLS=0: %+v (default: %+v)", none.Results[0].Total, base.Results[0].Total)
	}
}
