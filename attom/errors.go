package attom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

var (
	// ErrNoLedger is returned when a client was built without a quota ledger:
	// an unmetered call could exceed the plan, so none is made.
	ErrNoLedger = errors.New("attom: no quota ledger configured; refusing an unmetered call")
	// ErrDecode wraps a 200 response whose body could not be decoded. ATTOM
	// billed it, so it is never retried.
	ErrDecode = errors.New("attom: undecodable response")
)

// APIError is a non-success answer from ATTOM.
type APIError struct {
	Endpoint   string
	HTTPStatus int
	Code       int    // status.code from the body, when there was one
	Msg        string // status.msg from the body
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("attom %s: HTTP %d", e.Endpoint, e.HTTPStatus)
	if e.Msg != "" {
		s += fmt.Sprintf(" (code %d: %s)", e.Code, truncate(e.Msg, 120))
	}
	return s
}

// Transient reports whether a retry may succeed: 408, 429 and 5xx.
func (e *APIError) Transient() bool {
	return e.HTTPStatus == http.StatusRequestTimeout ||
		e.HTTPStatus == http.StatusTooManyRequests ||
		e.HTTPStatus >= 500
}

// IsTransient reports whether err is worth retrying later (a transient API
// error or a network failure before ATTOM answered).
func IsTransient(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Transient()
	}
	var ne *netError
	return errors.As(err, &ne)
}

// netError marks a failure before any response headers arrived. sent says
// whether the request had been written: then ATTOM may have answered 200 and
// billed it, and the reservation is kept (the ledger may over-count, never
// under-count).
type netError struct {
	err  error
	sent bool
}

func (e *netError) Error() string { return "attom: network: " + e.err.Error() }
func (e *netError) Unwrap() error { return e.err }

func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
