package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/go-telegram/bot/models"
)

// pollClient is the Bot API client of long polling. getUpdates confirms
// every update below its offset, and the library asks for the next one as
// soon as its handler has been given an update, not when it returns. So a
// getUpdates waits here until intake has taken every update it confirms:
// kept in the inbox, answered (when the inbox is down), or dropped on
// purpose. A crash in between leaves the update with Telegram.
//
// It also skips updates that cannot be decoded: the library would fail on
// the whole batch and ask for it again forever. Each is logged once and
// replaced by its bare update_id, which the handler ignores and the next
// offset confirms.
type pollClient struct {
	hc  *http.Client
	log *slog.Logger

	mu      sync.Mutex
	taken   int64         // every update up to this id is taken
	changed chan struct{} // closed (and replaced) when taken grows
}

func newPollClient(hc *http.Client, log *slog.Logger) *pollClient {
	return &pollClient{hc: hc, log: log, changed: make(chan struct{})}
}

// took records that intake is done with update id (updates come in order).
func (p *pollClient) took(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id > p.taken {
		p.taken = id
		close(p.changed)
		p.changed = make(chan struct{})
	}
}

// Do implements the library's HttpClient.
func (p *pollClient) Do(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/getUpdates") {
		return p.hc.Do(req)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	if err := p.wait(req.Context(), offsetOf(req.Header.Get("Content-Type"), body)-1); err != nil {
		return nil, err
	}
	resp, err := p.hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(p.skipUnreadable(raw)))
	resp.ContentLength = -1
	return resp, nil
}

// wait returns once every update up to id is taken, or ctx ends.
func (p *pollClient) wait(ctx context.Context, id int64) error {
	for {
		p.mu.Lock()
		taken, ch := p.taken, p.changed
		p.mu.Unlock()
		if id <= 0 || taken >= id {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// offsetOf reads the offset field of a getUpdates form (0 when absent).
func offsetOf(contentType string, body []byte) int64 {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := r.NextPart()
		if err != nil {
			return 0
		}
		if part.FormName() == "offset" {
			v, _ := io.ReadAll(part)
			n, _ := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
			return n
		}
	}
}

// skipUnreadable replaces each update of a getUpdates answer that does not
// decode by its bare update_id.
func (p *pollClient) skipUnreadable(raw []byte) []byte {
	var env map[string]json.RawMessage
	var result []json.RawMessage
	if json.Unmarshal(raw, &env) != nil || json.Unmarshal(env["result"], &result) != nil {
		return raw // the library reports what it cannot read
	}
	changed := false
	for i, r := range result {
		var u models.Update
		err := json.Unmarshal(r, &u)
		if err == nil {
			continue
		}
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		if json.Unmarshal(r, &id) != nil || id.UpdateID == 0 {
			continue // nothing to confirm it by: the library reports the batch
		}
		p.log.Warn("an update that cannot be read was skipped", "update", id.UpdateID, "err", err)
		result[i] = json.RawMessage(`{"update_id":` + strconv.FormatInt(id.UpdateID, 10) + `}`)
		changed = true
	}
	if !changed {
		return raw
	}
	env["result"], _ = json.Marshal(result)
	out, err := json.Marshal(env)
	if err != nil {
		return raw
	}
	return out
}
