// Package attomtest is a fake ATTOM Property API for tests, in the style of
// net/http/httptest: a real HTTP server answering as ATTOM's documentation
// says (package synth: only the documented fields per endpoint, the
// strictest reading where the documentation is unclear, thousands of
// parcels per ZIP), with knobs for faults and counters of what ATTOM would
// bill.
package attomtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"realtybot/attom/synth"
)

// Key is the API key the fake accepts unless SetKey changes it.
const Key = "test-attom-key"

// Fault is a failure the server injects instead of a normal answer.
type Fault int

// The faults the server can inject.
const (
	None      Fault = iota
	Status500       // HTTP 500, not billed
	Status429       // HTTP 429 with Retry-After, not billed
	Garbage         // HTTP 200 with a body that is not JSON (billed)
	Truncated       // HTTP 200 with the JSON cut in half (billed)
	Drop            // the connection is closed before any answer (not billed)
	Hang            // no answer until the client gives up (not billed)
)

// Server is a running fake. Its zero knobs give a healthy ATTOM; the data
// knobs (NoData, SetClock, ...) are synth.API's.
type Server struct {
	*httptest.Server
	*synth.API

	mu         sync.Mutex
	latency    time.Duration
	always     Fault
	next       []Fault
	retryAfter int
	refused    map[string]int      // path -> the HTTP status it is refused with
	queries    map[string][]string // path -> the raw queries received, in order

	calls       atomic.Int64
	faultBilled atomic.Int64 // billed faults: garbage
	byPath      sync.Map     // path -> *atomic.Int64
}

// NewServer starts a fake ATTOM. Close it when done.
func NewServer() *Server {
	s := &Server{API: synth.New(Key), retryAfter: 1}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) { s.mu.Lock(); s.latency = d; s.mu.Unlock() }

// SetFault makes every request fail with f until SetFault(None).
func (s *Server) SetFault(f Fault) { s.mu.Lock(); s.always = f; s.mu.Unlock() }

// FailNext makes the next n requests fail with f, then answers normally.
func (s *Server) FailNext(n int, f Fault) {
	s.mu.Lock()
	for range n {
		s.next = append(s.next, f)
	}
	s.mu.Unlock()
}

// Refuse makes path answer status (401 or 403, not billed) to the key, as
// ATTOM does for an endpoint a plan does not include; 0 serves it again.
func (s *Server) Refuse(path string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]int{}
	}
	if status == 0 {
		delete(s.refused, path)
		return
	}
	s.refused[path] = status
}

// SetRetryAfter sets the Retry-After seconds sent with 429 (default 1).
func (s *Server) SetRetryAfter(sec int) { s.mu.Lock(); s.retryAfter = sec; s.mu.Unlock() }

// Calls is the number of requests received.
func (s *Server) Calls() int64 { return s.calls.Load() }

// Billable is the number of HTTP 200 answers, garbage included: what ATTOM
// would bill.
func (s *Server) Billable() int64 { return s.API.Billable() + s.faultBilled.Load() }

// CallsTo is the number of requests received on one path.
func (s *Server) CallsTo(path string) int64 {
	if v, ok := s.byPath.Load(path); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// QueriesTo is the queries received on one path, in order, as sent
// (url-encoded).
func (s *Server) QueriesTo(path string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries[path]...)
}

func (s *Server) fault() (Fault, time.Duration, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.always
	if len(s.next) > 0 {
		f, s.next = s.next[0], s.next[1:]
	}
	return f, s.latency, s.retryAfter
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	v, _ := s.byPath.LoadOrStore(r.URL.Path, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	s.mu.Lock()
	if s.queries == nil {
		s.queries = map[string][]string{}
	}
	s.queries[r.URL.Path] = append(s.queries[r.URL.Path], r.URL.RawQuery)
	s.mu.Unlock()
	fault, latency, retryAfter := s.fault()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if k := s.Key(); r.Header.Get("apikey") != k || k == "" {
		s.API.ServeHTTP(w, r) // ATTOM's own 401
		return
	}
	s.mu.Lock()
	refused := s.refused[r.URL.Path]
	s.mu.Unlock()
	if refused != 0 {
		writeStatus(w, refused, refused, http.StatusText(refused))
		return
	}
	switch fault {
	case Status500:
		writeStatus(w, http.StatusInternalServerError, 500, "Internal Server Error")
	case Status429:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		writeStatus(w, http.StatusTooManyRequests, 429, "Too Many Requests")
	case Garbage:
		s.faultBilled.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "<html><body>502 Bad Gateway</body></html>")
	case Truncated:
		rec := httptest.NewRecorder()
		s.API.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		w.Write(body[:len(body)/2])
	case Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	case Hang:
		<-r.Context().Done()
	default:
		s.API.ServeHTTP(w, r)
	}
}

// writeStatus writes an unbilled error envelope.
func writeStatus(w http.ResponseWriter, httpStatus, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	fmt.Fprintf(w, `{"status":{"version":"1.0.0","code":%d,"msg":%q,"total":0,"page":1,"pagesize":10,"transactionID":"fake"}}`, code, msg)
}

// The fake's data, for tests that check answers against it.
var (
	Parcels     = synth.Parcels
	BasePrice   = synth.BasePrice
	GrowthRate  = synth.GrowthRate
	SalesGrowth = synth.SalesGrowth
	SalesCount  = synth.SalesCount
	GeoIDV4     = synth.GeoIDV4
	AttomID     = synth.AttomID
)

// RecordingLag is how late recorded sales reach the fake's trend.
const RecordingLag = synth.RecordingLag
