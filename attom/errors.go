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
	// ErrTimeout is an attempt that got no answer in time. When the request
	// had been sent, ATTOM may have billed it: it is not sent again.
	ErrTimeout = errors.New("attom: ATTOM did not answer in time")
	// ErrBackoff refuses a request whose last billed answer could not be
	// used, until its backoff ends: garbage is not paid for again and again.
	ErrBackoff = errors.New("attom: ATTOM's last answer to this request was unusable; waiting before asking again")
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

// IsTransient reports whether err is worth retrying: a transient API error
// (surely unbilled), or a network failure before the request was written.
// A request that was sent and got no answer may have been billed: not
// transient.
func IsTransient(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Transient()
	}
	var ne *netError
	return errors.As(err, &ne) && !ne.sent
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
