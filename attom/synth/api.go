// Package synth is ATTOM's documented Property API over synthetic data: the
// paths, parameters, envelopes and per-endpoint field lists of ATTOM's
// documentation, answered from deterministic parcels (thousands per ZIP, of
// every kind). realtybot simulate runs against it in process; attomtest
// wraps it in a test server with fault knobs.
//
// It takes the strictest reading of the documentation: each endpoint answers
// with only the fields its documented field list names; a single-value
// filter given a joined list, an unknown propertytype, an undocumented sort
// or a page over 100 is refused with HTTP 400 (not billed); "no result" is
// HTTP 400 SuccessWithoutResult; the current year of a sales trend is
// partial.
package synth

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"realtybot/clock"
)

// API answers ATTOM's paths. Its zero knobs give a healthy ATTOM.
type API struct {
	mu         sync.Mutex
	key        string
	noData     map[string]bool
	http200    bool // SuccessWithoutResult as HTTP 200 (billed) instead of 400
	trendYears bool // dateRange as bare years instead of dates
	trendPage  int  // > 0: the sales trend pages at this many items
	now        func() time.Time
	revalue    map[string]float64 // ZIP -> factor on every value (a new AVM run)

	billable atomic.Int64
	records  atomic.Int64 // items of billable answers: what ATTOM bills per record
	rejected atomic.Int64
	lookups  atomic.Int64 // answered free location lookups
}

// New returns an API that accepts key.
func New(key string) *API {
	return &API{key: key, noData: map[string]bool{}, now: clock.Real.Now}
}

// Revalue multiplies every value in zip by factor from now on, as a new AVM
// run would move them (watch notifications).
func (s *API) Revalue(zip string, factor float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revalue == nil {
		s.revalue = map[string]float64{}
	}
	s.revalue[zip] = factor
}

// factor is Revalue's factor for zip (1 when none).
func (s *API) factor(zip string) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.revalue[zip]; ok {
		return f
	}
	return 1
}

// revalued applies a Revalue factor to p.
func revalued(p parcel, f float64) parcel {
	if f != 1 && p.value > 0 {
		p.value = int(float64(p.value)*f/1000) * 1000
	}
	return p
}

// SetKey changes the accepted API key.
func (s *API) SetKey(k string) { s.mu.Lock(); s.key = k; s.mu.Unlock() }

// Key is the accepted API key.
func (s *API) Key() string { s.mu.Lock(); defer s.mu.Unlock(); return s.key }

// NoData makes the API answer SuccessWithoutResult for these ZIPs. ZIPs
// starting with "000" never have data.
func (s *API) NoData(zips ...string) {
	s.mu.Lock()
	for _, z := range zips {
		s.noData[z] = true
	}
	s.mu.Unlock()
}

// NoResultAsHTTP200 sends SuccessWithoutResult with HTTP 200 (billed)
// instead of HTTP 400, the other form a client must read.
func (s *API) NoResultAsHTTP200(on bool) { s.mu.Lock(); s.http200 = on; s.mu.Unlock() }

// TrendDatesAsYears sends a sales trend's dateRange as bare years ("2024")
// instead of dates ("2024-01-01"); ATTOM does not document which.
func (s *API) TrendDatesAsYears(on bool) { s.mu.Lock(); s.trendYears = on; s.mu.Unlock() }

// SetClock sets the API's clock: the current (partial) year of the sales
// trend and the parcels' update dates follow it.
func (s *API) SetClock(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// Billable is the number of HTTP 200 answers: what ATTOM would bill.
func (s *API) Billable() int64 { return s.billable.Load() }

// Rejected is the number of requests refused as malformed (HTTP 400 with an
// error code): a joined single-value filter, an unknown value, a bad page.
func (s *API) Rejected() int64 { return s.rejected.Load() }

// ServeHTTP answers one request as ATTOM would.
func (s *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	key, now := s.key, s.now().UTC()
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		s.status(w, http.StatusMethodNotAllowed, -1, "GET only")
		return
	}
	if r.Header.Get("apikey") != key || key == "" {
		s.status(w, http.StatusUnauthorized, 401, "Invalid or missing apikey")
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
	case LookupPath:
		if body, ok = s.locationLookup(w, q, now); ok {
			s.lookups.Add(1)
			writeJSON(w, body)
		}
		return
	default:
		s.status(w, http.StatusNotFound, 404, "Not Found")
		return
	}
	if !ok {
		return
	}
	s.billable.Add(1)
	s.records.Add(int64(recordsOf(body)))
	writeJSON(w, body)
}

// recordsOf is how many records an answer carries: the items of its list.
func recordsOf(body any) int {
	m, _ := body.(map[string]any)
	switch l := m["property"].(type) {
	case []map[string]any:
		return len(l)
	}
	switch l := m["salesTrends"].(type) {
	case []map[string]any:
		return len(l)
	}
	return 0
}

// BillableRecords is the number of records billable answers carried: what
// ATTOM would bill if it bills per record ("API Reports").
func (s *API) BillableRecords() int64 { return s.records.Load() }

// TrendPages makes the sales trend answer at most n items a page (ATTOM
// does not document whether it pages), with status.total the whole count
// and a page parameter for the next; 0 sends every item at once and
// refuses a page parameter, which ATTOM does not document for the trend.
func (s *API) TrendPages(n int) { s.mu.Lock(); s.trendPage = n; s.mu.Unlock() }

func writeJSON(w http.ResponseWriter, body any) {
	raw, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.Write(raw)
}

// Lookups is the number of answered location lookups (free, never billed).
func (s *API) Lookups() int64 { return s.lookups.Load() }

// status writes an error or no-result envelope.
func (s *API) status(w http.ResponseWriter, httpStatus, code int, msg string) {
	if httpStatus == http.StatusOK {
		s.billable.Add(1)
	}
	s.mu.Lock()
	now := s.now().UTC()
	s.mu.Unlock()
	st := map[string]any{"version": "1.0.0", "code": code, "msg": msg, "total": 0,
		"page": 1, "pagesize": 10, "responseDateTime": now.Format(time.RFC3339), "transactionID": "synth"}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	json.NewEncoder(w).Encode(map[string]any{"status": st})
}

// reject refuses a malformed request: HTTP 400 with ATTOM's error code.
func (s *API) reject(w http.ResponseWriter, code int, msg string) {
	s.rejected.Add(1)
	s.status(w, http.StatusBadRequest, code, msg)
}

func (s *API) noResult(w http.ResponseWriter) {
	s.mu.Lock()
	code := http.StatusBadRequest
	if s.http200 {
		code = http.StatusOK
	}
	s.mu.Unlock()
	s.status(w, code, 400, "SuccessWithoutResult")
}

func (s *API) hasData(zip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.noData[zip] && !strings.HasPrefix(zip, "000")
}
