package simulate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Spec describes synthetic agent traffic.
type Spec struct {
	Agents   int                `json:"agents"`
	Days     int                `json:"days"`
	Requests int                `json:"requests_per_agent_per_day"`
	ZIPs     int                `json:"zips"`
	Types    int                `json:"types"`
	Zipf     float64            `json:"zipf"`
	Mix      map[string]float64 `json:"market_mix"`
	Commands map[string]float64 `json:"command_mix"`
	Seed     uint64             `json:"seed"`
}

// Event is one agent message, as in a replay file: {"time","user","text"}.
type Event struct {
	At   time.Time `json:"time"`
	User int64     `json:"user"`
	Text string    `json:"text"`
}

// simStart is the first simulated day (a 31-day month, UTC).
var simStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var simTypes = []string{"sfr", "condo", "townhouse", "multifamily", "mobile", "land"}

// zipsOf lists the scenario's ZIPs, each with its market type by the mix
// (the most popular ZIPs get types in mix order, interleaved by the seed).
func zipsOf(s Spec) ([]string, map[string]string) {
	rng := rand.New(rand.NewPCG(s.Seed, 7))
	zips := make([]string, s.ZIPs)
	for i := range zips {
		zips[i] = fmt.Sprintf("%05d", 10001+i*97)
	}
	var types []string
	names := make([]string, 0, len(s.Mix))
	for k := range s.Mix {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for range int(s.Mix[k]*float64(s.ZIPs) + 0.5) {
			types = append(types, k)
		}
	}
	for len(types) < s.ZIPs {
		types = append(types, "stable")
	}
	rng.Shuffle(len(types), func(i, j int) { types[i], types[j] = types[j], types[i] })
	out := map[string]string{}
	for i, z := range zips {
		out[z] = types[i]
	}
	return zips, out
}

func pick(rng *rand.Rand, weights map[string]float64) string {
	names := make([]string, 0, len(weights))
	total := 0.0
	for k, w := range weights {
		names = append(names, k)
		total += w
	}
	sort.Strings(names)
	x := rng.Float64() * total
	for _, k := range names {
		if x -= weights[k]; x < 0 {
			return k
		}
	}
	return names[len(names)-1]
}

// Generate makes the synthetic traffic of s, sorted by time. A property
// request names its ZIP and type ("/property ?78701 sfr"); the simulation
// asks for an id the agent saw for it, or searches when it saw none.
func Generate(s Spec) []Event {
	rng := rand.New(rand.NewPCG(s.Seed, 1))
	zips, _ := zipsOf(s)
	zipf := rand.NewZipf(rng, s.Zipf, 1, uint64(len(zips)-1))
	var out []Event
	for d := range s.Days {
		for a := range s.Agents {
			for range s.Requests {
				at := simStart.AddDate(0, 0, d).Add(8*time.Hour + time.Duration(rng.Int64N(int64(12*time.Hour))))
				zip := zips[zipf.Uint64()]
				ty := simTypes[rng.IntN(max(1, min(s.Types, len(simTypes))))]
				var text string
				switch pick(rng, s.Commands) {
				case "market":
					text = "/market " + zip
				case "property":
					text = "/property ?" + zip + " " + ty
				default:
					text = "/search " + zip + " " + ty
				}
				out = append(out, Event{At: at, User: int64(a + 1), Text: text})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// ReadReplay reads a JSONL file of {"time","user","text"}.
func ReadReplay(r io.Reader) ([]Event, error) {
	var out []Event
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(text), &e); err != nil || e.User <= 0 || e.At.IsZero() {
			return nil, fmt.Errorf("replay line %d: want {\"time\":\"2026-01-01T09:00:00Z\",\"user\":1,\"text\":\"/search 78701\"}", line)
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, sc.Err()
}
