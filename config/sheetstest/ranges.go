package sheetstest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// errRange is Google's message for a range it cannot parse (a missing tab).
type errRange string

func (e errRange) Error() string { return "Unable to parse range: " + string(e) }

// parseRange reads "'tab name'!A:F" or "tab!A1:C9" into the tab name.
func parseRange(rng string) (string, error) {
	if strings.HasPrefix(rng, "'") {
		i := 1
		var name strings.Builder
		for i < len(rng) {
			if rng[i] == '\'' {
				if i+1 < len(rng) && rng[i+1] == '\'' {
					name.WriteByte('\'')
					i += 2
					continue
				}
				return name.String(), nil
			}
			name.WriteByte(rng[i])
			i++
		}
		return "", errRange(rng)
	}
	name, _, _ := strings.Cut(rng, "!")
	return name, nil
}

// valueRange answers one range: values as stored (UNFORMATTED_VALUE keeps
// numbers as numbers), trailing empty cells and rows omitted, no "values"
// key for an empty tab.
func (s *Server) valueRange(rng string) (map[string]any, error) {
	name, err := parseRange(rng)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	rows, ok := s.tabs[name]
	s.mu.Unlock()
	if !ok {
		return nil, errRange(rng)
	}
	out := map[string]any{"range": rng, "majorDimension": "ROWS"}
	var values [][]any
	for _, row := range rows {
		for len(row) > 0 && (row[len(row)-1] == nil || row[len(row)-1] == "") {
			row = row[:len(row)-1]
		}
		values = append(values, row)
	}
	for len(values) > 0 && len(values[len(values)-1]) == 0 {
		values = values[:len(values)-1]
	}
	if len(values) > 0 {
		out["values"] = values
	}
	return out, nil
}

func (s *Server) authorized(r *http.Request) bool {
	if r.URL.Query().Get("key") == APIKey {
		return true
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.Lock()
	issued := s.issued[tok]
	s.mu.Unlock()
	// A token from /token, or a self-signed JWT of the service account.
	return issued || s.verifyJWT(tok) == nil
}

// token is the OAuth endpoint of the service-account flow: it checks the
// JWT assertion's signature against the key it handed out.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.tokens.Add(1)
	if err := r.ParseForm(); err != nil || r.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		http.Error(w, `{"error":"unsupported_grant_type"}`, http.StatusBadRequest)
		return
	}
	if err := s.verifyJWT(r.Form.Get("assertion")); err != nil {
		http.Error(w, `{"error":"invalid_grant","error_description":"`+err.Error()+`"}`, http.StatusBadRequest)
		return
	}
	tok := "ya29.fake-" + strconv.FormatInt(s.tokens.Load(), 10)
	s.mu.Lock()
	s.issued[tok] = true
	s.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
}

func (s *Server) verifyJWT(jwt string) error {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return errors.New("not a JWT")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return rsa.VerifyPKCS1v15(&s.key.PublicKey, crypto.SHA256, sum[:], sig)
}
