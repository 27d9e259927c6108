package attom

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

// RefusalKept is how long the client remembers that ATTOM refused an
// endpoint to the key (HTTP 401 or 403, not billed): until then it does not
// ask that endpoint again, since the answer would be the same refusal. A
// restart forgets it (after the operator changed the key or the plan).
const RefusalKept = 24 * time.Hour

// Refusal is an endpoint ATTOM refused to the key.
type Refusal struct {
	Endpoint   string
	HTTPStatus int       // 401: the key; 403: the key or the plan
	Since      time.Time // the first refusal
}

// KeyRefused reports whether ATTOM refused the key itself (401), rather
// than this endpoint to it (403: the plan may not include it).
func (r Refusal) KeyRefused() bool { return r.HTTPStatus == http.StatusUnauthorized }

// RefusedError is a call not sent: ATTOM refused its endpoint to the key
// within RefusalKept.
type RefusedError struct{ Refusal }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("attom %s: refused to this key (HTTP %d) since %s; not asked again before %s",
		e.Endpoint, e.HTTPStatus, e.Since.UTC().Format(time.RFC3339), e.Since.Add(RefusalKept).UTC().Format(time.RFC3339))
}

// RefusalOf is the refusal err carries: ATTOM's 401 or 403 just now (its
// Since is zero), or one remembered (RefusedError).
func RefusalOf(err error) (Refusal, bool) {
	var re *RefusedError
	if errors.As(err, &re) {
		return re.Refusal, true
	}
	var ae *APIError
	if errors.As(err, &ae) && (ae.HTTPStatus == http.StatusUnauthorized || ae.HTTPStatus == http.StatusForbidden) {
		return Refusal{Endpoint: ae.Endpoint, HTTPStatus: ae.HTTPStatus}, true
	}
	return Refusal{}, false
}

// refusals remembers refused endpoints.
type refusals struct {
	mu sync.Mutex
	m  map[string]Refusal
}

// check returns the refusal of path still kept at now.
func (r *refusals) check(path string, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.m[path]; ok {
		if now.Before(f.Since.Add(RefusalKept)) {
			return &RefusedError{f}
		}
		delete(r.m, path)
	}
	return nil
}

// note remembers err when it is ATTOM refusing path (401, 403).
func (r *refusals) note(path string, err error, now time.Time) {
	f, ok := RefusalOf(err)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]Refusal{}
	}
	if _, ok := r.m[path]; !ok {
		r.m[path] = Refusal{Endpoint: path, HTTPStatus: f.HTTPStatus, Since: now}
	}
}

// list is the refusals kept at now, by endpoint.
func (r *refusals) list(now time.Time) []Refusal {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Refusal
	for _, f := range r.m {
		if now.Before(f.Since.Add(RefusalKept)) {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Endpoint < out[j].Endpoint })
	return out
}
