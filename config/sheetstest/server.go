// Package sheetstest is a fake Google Sheets API v4 for tests, in the style of
// net/http/httptest: the real values:batchGet and values/{range} paths and
// JSON, API-key and OAuth (service-account JWT) authentication with a token
// endpoint, Google's error bodies, and knobs for failures.
package sheetstest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
)

// APIKey is the API key the fake accepts.
const APIKey = "test-sheets-api-key"

// SpreadsheetID is the id of the fake's spreadsheet.
const SpreadsheetID = "1TestSheetForRealtybot"

// Server is a running fake.
type Server struct {
	*httptest.Server

	key *rsa.PrivateKey

	mu     sync.Mutex
	tabs   map[string][][]any
	fails  []int
	reads  atomic.Int64
	tokens atomic.Int64
	issued map[string]bool
}

// NewServer starts a fake with no tabs. Close it when done.
func NewServer() *Server {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	s := &Server{key: k, tabs: map[string][][]any{}, issued: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetTab replaces a tab's cells (rows of string, float64 or bool).
func (s *Server) SetTab(name string, rows [][]any) {
	s.mu.Lock()
	s.tabs[name] = rows
	s.mu.Unlock()
}

// RemoveTab deletes a tab (a renamed or deleted sheet).
func (s *Server) RemoveTab(name string) {
	s.mu.Lock()
	delete(s.tabs, name)
	s.mu.Unlock()
}

// FailNext makes the next reads fail with these HTTP statuses, in order.
func (s *Server) FailNext(codes ...int) {
	s.mu.Lock()
	s.fails = append(s.fails, codes...)
	s.mu.Unlock()
}

// Reads is the number of values requests received (the Sheets read quota).
func (s *Server) Reads() int64 { return s.reads.Load() }

// TokenRequests is the number of OAuth token requests.
func (s *Server) TokenRequests() int64 { return s.tokens.Load() }

// Endpoint is the value for SHEETS_ENDPOINT.
func (s *Server) Endpoint() string { return s.URL + "/" }

// ServiceAccountJSON returns a service-account key file whose token_uri is
// this fake and whose key the fake verifies.
func (s *Server) ServiceAccountJSON() []byte {
	der, _ := x509.MarshalPKCS8PrivateKey(s.key)
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "realtybot-test", "private_key_id": "k1",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "bot@realtybot-test.iam.gserviceaccount.com", "client_id": "1",
		"auth_uri": s.URL + "/auth", "token_uri": s.URL + "/token",
	})
	return b
}

var statusNames = map[int]string{400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
	404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}

func googleError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": statusNames[code]}})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/token" {
		s.token(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v4/spreadsheets/")
	if !ok || r.Method != http.MethodGet {
		googleError(w, 404, "Requested entity was not found.")
		return
	}
	s.reads.Add(1)
	if !s.authorized(r) {
		googleError(w, 403, "The caller does not have permission")
		return
	}
	s.mu.Lock()
	if len(s.fails) > 0 {
		code := s.fails[0]
		s.fails = s.fails[1:]
		s.mu.Unlock()
		googleError(w, code, map[int]string{429: "Quota exceeded for quota metric 'Read requests'", 500: "Internal error encountered.",
			503: "The service is currently unavailable.", 403: "The caller does not have permission"}[code])
		return
	}
	s.mu.Unlock()
	id, method, _ := strings.Cut(rest, "/values")
	if id != SpreadsheetID {
		googleError(w, 404, "Requested entity was not found.")
		return
	}
	switch {
	case method == ":batchGet":
		var out []map[string]any
		for _, rng := range r.URL.Query()["ranges"] {
			vr, err := s.valueRange(rng)
			if err != nil {
				googleError(w, 400, err.Error())
				return
			}
			out = append(out, vr)
		}
		writeJSON(w, map[string]any{"spreadsheetId": id, "valueRanges": out})
	case strings.HasPrefix(method, "/"):
		vr, err := s.valueRange(strings.TrimPrefix(method, "/"))
		if err != nil {
			googleError(w, 400, err.Error())
			return
		}
		writeJSON(w, vr)
	default:
		googleError(w, 404, "Requested entity was not found.")
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
