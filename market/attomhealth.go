package market

import (
	"sync"
	"time"

	"realtybot/attom"
)

// AttomHealth is how ATTOM's calls went, as this process saw them: whether
// it is failing now, since when, and the last error. A call that finds no
// data (ATTOM's no-result answer) is not a failure.
type AttomHealth struct {
	Calls        int64     // calls seen since this process started
	LastOK       time.Time // the last call that was answered
	FailingSince time.Time // the first of the failures in a row; zero when the last call was answered
	Failures     int       // failures in a row
	LastError    string
}

// Failing reports whether the last call failed.
func (h AttomHealth) Failing() bool { return h.Failures > 0 }

type attomHealth struct {
	mu sync.Mutex
	h  AttomHealth
}

// ObserveAttom records one ATTOM call (attom.WithObserver).
func (s *Service) ObserveAttom(c attom.Call) {
	now := s.now()
	s.attom.mu.Lock()
	defer s.attom.mu.Unlock()
	h := &s.attom.h
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

func (s *Service) attomHealth() AttomHealth {
	s.attom.mu.Lock()
	defer s.attom.mu.Unlock()
	return s.attom.h
}
