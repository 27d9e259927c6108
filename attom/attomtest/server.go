// Package attomtest is a fake ATTOM Property API for tests, in the style of
// net/http/httptest: a real HTTP server speaking ATTOM's paths, parameters and
// envelopes, with deterministic data per ZIP and knobs for faults.
//
// It is built from ATTOM's documentation and takes its strictest reading:
// each endpoint answers with only the fields its documented field list names
// (fields.go); a single-value filter given a joined list, an unknown
// propertytype, an undocumented sort or a page over 100 is refused with HTTP
// 400 (not billed); "no result" is HTTP 400 SuccessWithoutResult; a ZIP holds
// thousands of parcels of every kind; the current year of a sales trend is
// partial.
package attomtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Key is the API key the fake accepts unless Server.Key is changed.
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

// Server is a running fake. Its zero knobs give a healthy ATTOM.
type Server struct {
	*httptest.Server

	mu         sync.Mutex
	key        string
	latency    time.Duration
	always     Fault
	next       []Fault
	retryAfter int
	noData     map[string]bool
	http200    bool // SuccessWithoutResult as HTTP 200 (billed) instead of 400
	trendYears bool // dateRange as bare years instead of dates
	now        func() time.Time

	calls    atomic.Int64
	billable atomic.Int64
	rejected atomic.Int64
	byPath   sync.Map // path -> *atomic.Int64
}

// NewServer starts a fake ATTOM. Close it when done.
func NewServer() *Server {
	s := &Server{key: Key, retryAfter: 1, noData: map[string]bool{}, now: time.Now}
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

// SetRetryAfter sets the Retry-After seconds sent with 429 (default 1).
func (s *Server) SetRetryAfter(sec int) { s.mu.Lock(); s.retryAfter = sec; s.mu.Unlock() }

// SetKey changes the accepted API key.
func (s *Server) SetKey(k string) { s.mu.Lock(); s.key = k; s.mu.Unlock() }

// NoData makes the server answer SuccessWithoutResult for these ZIPs. ZIPs
// starting with "000" never have data.
func (s *Server) NoData(zips ...string) {
	s.mu.Lock()
	for _, z := range zips {
		s.noData[z] = true
	}
	s.mu.Unlock()
}

// NoResultAsHTTP200 sends SuccessWithoutResult with HTTP 200 (billed)
// instead of HTTP 400, the other form the client must read.
func (s *Server) NoResultAsHTTP200(on bool) { s.mu.Lock(); s.http200 = on; s.mu.Unlock() }

// TrendDatesAsYears sends a sales trend's dateRange as bare years ("2024")
// instead of dates ("2024-01-01"); ATTOM does not document which.
func (s *Server) TrendDatesAsYears(on bool) { s.mu.Lock(); s.trendYears = on; s.mu.Unlock() }

// SetClock sets the fake's clock: the current (partial) year of the sales
// trend and the parcels' update dates follow it.
func (s *Server) SetClock(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// Rejected is the number of requests refused as malformed (HTTP 400 with an
// error code): a joined single-value filter, an unknown value, a bad page.
func (s *Server) Rejected() int64 { return s.rejected.Load() }

// Calls is the number of requests received.
func (s *Server) Calls() int64 { return s.calls.Load() }

// Billable is the number of HTTP 200 answers: what ATTOM would bill.
func (s *Server) Billable() int64 { return s.billable.Load() }

// CallsTo is the number of requests received on one path.
func (s *Server) CallsTo(path string) int64 {
	if v, ok := s.byPath.Load(path); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

func (s *Server) fault() (Fault, time.Duration, int, string, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.always
	if len(s.next) > 0 {
		f, s.next = s.next[0], s.next[1:]
	}
	return f, s.latency, s.retryAfter, s.key, s.now().UTC()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	v, _ := s.byPath.LoadOrStore(r.URL.Path, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	fault, latency, retryAfter, key, now := s.fault()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if r.Method != http.MethodGet {
		s.status(w, http.StatusMethodNotAllowed, -1, "GET only", nil)
		return
	}
	if r.Header.Get("apikey") != key || key == "" {
		s.status(w, http.StatusUnauthorized, 401, "Invalid or missing apikey", nil)
		return
	}
	switch fault {
	case Status500:
		s.status(w, http.StatusInternalServerError, 500, "Internal Server Error", nil)
		return
	case Status429:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		s.status(w, http.StatusTooManyRequests, 429, "Too Many Requests", nil)
		return
	case Garbage:
		s.billable.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "<html><body>502 Bad Gateway</body></html>")
		return
	case Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return
	case Hang:
		<-r.Context().Done()
		return
	}
	q := lowerQuery(r)
	var body any
	var ok bool
	switch r.URL.Path {
	case "/propertyapi/v1.0.0/avm/snapshot":
		body, ok = s.avmSnapshot(w, q, now)
	case "/propertyapi/v1.0.0/attomavm/detail":
		body, ok = s.avmDetail(w, q, now)
	case "/v4/transaction/salestrend":
		body, ok = s.salesTrend(w, q, now)
	default:
		s.status(w, http.StatusNotFound, 404, "Not Found", nil)
		return
	}
	if !ok {
		return
	}
	raw, _ := json.Marshal(body)
	if fault == Truncated {
		raw = raw[:len(raw)/2]
	}
	s.billable.Add(1)
	w.Header().Set("Content-Type", "application/json")
	w.Write(raw)
}

// status writes an error or no-result envelope.
func (s *Server) status(w http.ResponseWriter, httpStatus, code int, msg string, extra map[string]any) {
	if httpStatus == http.StatusOK {
		s.billable.Add(1)
	}
	st := map[string]any{"version": "1.0.0", "code": code, "msg": msg, "total": 0,
		"page": 1, "pagesize": 10, "responseDateTime": time.Now().UTC().Format(time.RFC3339), "transactionID": "fake"}
	for k, v := range extra {
		st[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	json.NewEncoder(w).Encode(map[string]any{"status": st})
}

// reject refuses a malformed request: HTTP 400 with ATTOM's error code.
func (s *Server) reject(w http.ResponseWriter, code int, msg string) {
	s.rejected.Add(1)
	s.status(w, http.StatusBadRequest, code, msg, nil)
}

func (s *Server) noResult(w http.ResponseWriter) {
	s.mu.Lock()
	code := http.StatusBadRequest
	if s.http200 {
		code = http.StatusOK
	}
	s.mu.Unlock()
	s.status(w, code, 400, "SuccessWithoutResult", nil)
}

func (s *Server) hasData(zip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.noData[zip] && !strings.HasPrefix(zip, "000")
}
