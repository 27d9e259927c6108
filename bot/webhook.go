package bot

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/go-telegram/bot/models"
)

// maxUpdateBytes caps a webhook body; real updates are a few KiB.
const maxUpdateBytes = 1 << 20

// webhook receives Telegram's POSTs. The library's own handler never writes
// a status; this one answers 401 (and runs nothing) on a missing or wrong
// secret, compared in constant time, 413/400 on oversized or malformed
// bodies, 503 while shutting down (Telegram retries), and 200 once the update
// is accepted.
func webhook(secret string, log *slog.Logger, accept func(*update) bool) http.Handler {
	want := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(want) == 0 || subtle.ConstantTimeCompare(got, want) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u models.Update
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err != nil {
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := json.Unmarshal(raw, &u); err != nil {
			// JSON with an update_id that does not decode as an update: a
			// 400 would make Telegram send it again and again, holding up
			// the updates behind it. It is logged and skipped.
			var id struct {
				UpdateID int64 `json:"update_id"`
			}
			if json.Unmarshal(raw, &id) == nil && id.UpdateID != 0 {
				log.Warn("an update that cannot be read was skipped", "update", id.UpdateID, "err", err)
				w.WriteHeader(http.StatusOK)
				return
			}
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		if !accept(&update{chat: chatOf(&u), raw: &u, body: raw}) {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
