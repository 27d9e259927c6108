package attom

import (
	"sync"
	"time"
)

// Health is how ATTOM's calls went, as this client saw them: whether
// it is failing now, since when, and the last error. A call that finds no
// data (ATTOM's no-result answer) is not a failure.
type Health struct {
	Calls        int64     // calls seen since this process started
	LastOK       time.Time // the last call that was answered
	FailingSince time.Time // the first of the failures in a row; zero when the last call was answered
	Failures     int       // failures in a row
	LastError    string
	// Refused are the endpoints ATTOM refused to the key in the last
	// RefusalKept: not asked again until then.
	Refused []Refusal
}

// Failing reports whether the last call failed.
func (h Health) Failing() bool { return h.Failures > 0 }

type health struct {
	mu sync.Mutex
	h  Health
}

// record counts one call at now.
func (t *health) record(c Call, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := &t.h
	h.Calls++
	if c.Err == nil {
		h.LastOK, h.FailingSince, h.Failures = now, time.Time{}, 0
		return
	}
	if h.Failures == 0 {
		h.FailingSince = now
	}
	h.Failures++
	h.LastError = c.Err.Error()
}

// Health is how this client's calls went (/usage, health alerts).
func (c *Client) Health() Health {
	c.health.mu.Lock()
	h := c.health.h
	c.health.mu.Unlock()
	h.Refused = c.refused.list(c.clk.Now())
	return h
}
