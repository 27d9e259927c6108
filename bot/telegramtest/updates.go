package telegramtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var errBadData = errors.New("BUTTON_DATA_INVALID")

func itoa(n int) string { return strconv.Itoa(n) }

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }

// User and chat of a test update.
type From struct {
	UserID int64
	ChatID int64 // negative for a group
}

func chatOf(f From) map[string]any {
	if f.ChatID < 0 {
		return map[string]any{"id": f.ChatID, "type": "group", "title": "Agents"}
	}
	return map[string]any{"id": f.ChatID, "type": "private"}
}

func userOf(f From) map[string]any {
	return map[string]any{"id": f.UserID, "is_bot": false, "first_name": "Agent"}
}

// Message builds a message update; a text starting with "/" carries the
// bot_command entity Telegram adds.
func Message(f From, text string) map[string]any {
	msg := map[string]any{"message_id": 1, "date": time.Now().Unix(), "chat": chatOf(f), "from": userOf(f), "text": text}
	if strings.HasPrefix(text, "/") {
		n := len(strings.Fields(text)[0])
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len([]rune(text[:n]))}}
	}
	return map[string]any{"message": msg}
}

// Callback builds a button-press update on message messageID.
func Callback(f From, messageID int, data string) map[string]any {
	return map[string]any{"callback_query": map[string]any{
		"id": "cb" + strconv.FormatInt(time.Now().UnixNano(), 36), "from": userOf(f), "chat_instance": "1", "data": data,
		"message": map[string]any{"message_id": messageID, "date": time.Now().Unix(), "chat": chatOf(f), "text": "…"},
	}}
}

// Push queues an update for getUpdates and returns its update_id.
func (s *Server) Push(u map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdate
	s.nextUpdate++
	u["update_id"] = id
	raw, _ := json.Marshal(u)
	s.updates, s.ids = append(s.updates, raw), append(s.ids, id)
	s.cond.Broadcast()
	return id
}

// Update returns the JSON of an update with an id, as Telegram would post it
// to a webhook.
func (s *Server) Update(u map[string]any) []byte {
	s.mu.Lock()
	u["update_id"] = s.nextUpdate
	s.nextUpdate++
	s.mu.Unlock()
	raw, _ := json.Marshal(u)
	return raw
}

// getUpdates drops updates below offset (they are confirmed), then waits up
// to timeout for one; 409 while a webhook is set or another poll is active.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset := atoi64(r.FormValue("offset"))
	timeout, _ := strconv.Atoi(r.FormValue("timeout"))
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	s.mu.Lock()
	if s.webhookURL != "" {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
		return
	}
	if s.polling {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
		return
	}
	s.polling = true
	for len(s.ids) > 0 && s.ids[0] < offset {
		s.ids, s.updates = s.ids[1:], s.updates[1:]
	}
	// Wake the wait when the request ends or the timeout passes.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Until(deadline)):
		case <-stop:
			return
		}
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	}()
	for len(s.updates) == 0 && time.Now().Before(deadline) && r.Context().Err() == nil {
		s.cond.Wait()
	}
	batch := append([]json.RawMessage(nil), s.updates[:min(len(s.updates), 100)]...)
	s.polling = false
	s.mu.Unlock()
	if batch == nil {
		batch = []json.RawMessage{}
	}
	write(w, 200, reply{OK: true, Result: batch})
}
