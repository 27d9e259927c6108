package bot

import (
	"realtybot/access"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Strangers (users who are neither agents nor admins) are told once per
// strangerPeriod how to get access, and a group at most once per
// groupStrangerPeriod whichever stranger asks (a group's sending budget, 20
// a minute, is its agents'); anything more they send in that period is
// confirmed and dropped. What they are answered runs in a lane of its own
// with strangerWorkers, and its sends give way to agents' in the same chat,
// so no flood of strangers delays an agent.
const (
	strangerPeriod      = 10 * time.Minute
	groupStrangerPeriod = time.Hour
	strangerWorkers     = 2
	strangerMemory      = 10_000 // strangers remembered at once; the oldest are forgotten first
)

// senderOf returns the user an update comes from (0 when none).
func senderOf(u *models.Update) int64 {
	switch {
	case u.Message != nil && u.Message.From != nil:
		return u.Message.From.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

// strangers throttles users without access.
type strangers struct {
	access *access.Access
	now    func() time.Time

	mu   sync.Mutex
	last map[int64]time.Time // when each stranger was last answered
}

func newStrangers(a *access.Access, now func() time.Time) *strangers {
	return &strangers{access: a, now: now, last: map[int64]time.Time{}}
}

// role is the role of u's sender.
func (s *strangers) role(u *models.Update) access.Role { return s.access.Role(senderOf(u)) }

// answer reports whether a stranger's update gets a reply: the first one of
// each period does, per stranger in a private chat and per group in a group
// (group ids are negative, so they do not meet user ids in one map).
func (s *strangers) answer(u *models.Update) bool {
	id, period, now := senderOf(u), strangerPeriod, s.now()
	if chat := chatOf(u); chat < 0 {
		id, period = chat, groupStrangerPeriod
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.last[id]; ok && now.Sub(t) < period {
		return false
	}
	if len(s.last) >= strangerMemory {
		for k, t := range s.last {
			if now.Sub(t) >= groupStrangerPeriod {
				delete(s.last, k)
			}
		}
		if len(s.last) >= strangerMemory {
			clear(s.last) // a flood of new ids: forgetting costs one more refusal each
		}
	}
	s.last[id] = now
	return true
}
