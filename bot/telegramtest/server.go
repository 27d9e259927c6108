// Package telegramtest is a fake Telegram Bot API for tests, in the style of
// net/http/httptest: a real HTTP server speaking the Bot API's wire format
// (multipart calls, {"ok":...} envelopes, long-polling getUpdates with offset,
// timeout and 409 rules), recording what the bot sent, with knobs for 429s.
package telegramtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Token is the bot token the fake accepts.
const Token = "123456:TEST-token-for-the-fake"

// Username is the bot's username (getMe).
const Username = "RealtyTestBot"

// Sent is one call the bot made that changes a chat.
type Sent struct {
	Method    string // sendMessage, sendPhoto, editMessageText, answerCallbackQuery
	ChatID    int64
	MessageID int // the message created or edited
	Text      string
	ParseMode string
	Markup    string // reply_markup JSON
	Photo     int    // bytes of an uploaded photo
	At        time.Time
}

type fault struct {
	code       int
	retryAfter int
}

// Server is a running fake Bot API.
type Server struct {
	*httptest.Server

	mu         sync.Mutex
	cond       *sync.Cond
	updates    []json.RawMessage
	ids        []int64
	nextUpdate int64
	nextMsg    int
	webhookURL string
	secret     string
	polling    bool
	sent       []Sent
	calls      map[string]int
	commands   map[string]string // scope ("default" or "chat:<id>") -> commands JSON
	faults     map[string][]fault
	bodies     [][]byte         // every request body, as received
	now        func() time.Time // stamps Sent.At
	idle       func()           // runs while WaitSent waits
	trusting   bool             // skip the text and markup checks (benchmarks time the bot alone)
}

// TrustReplies makes the fake skip its checks of a reply's text and markup,
// so a benchmark times the bot, not the fake's HTML parser. Tests keep the
// checks: they are what catches a reply Telegram would refuse.
func (s *Server) TrustReplies() { s.mu.Lock(); s.trusting = true; s.mu.Unlock() }

// NewServer starts a fake Bot API. Close it when done.
func NewServer() *Server {
	s := &Server{nextUpdate: 1, nextMsg: 1000, calls: map[string]int{}, faults: map[string][]fault{}, commands: map[string]string{},
		now: time.Now, idle: func() {}}
	s.cond = sync.NewCond(&s.mu)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// FailNext makes the next n calls of method answer 429 with retry_after.
func (s *Server) FailNext(method string, n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], fault{code: 429, retryAfter: retryAfter})
	}
}

// SetClock stamps what the bot sends (Sent.At) with now: the clock the test
// gave the bot.
func (s *Server) SetClock(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// WhileWaiting runs f in each turn of WaitSent's wait: a test whose bot runs
// on a manual clock moves it there, as far as the bot waits for it.
func (s *Server) WhileWaiting(f func()) { s.mu.Lock(); s.idle = f; s.mu.Unlock() }

// Bodies returns every request body the bot has sent, as received.
func (s *Server) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}

// Sent returns what the bot has sent so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// WaitSent waits until at least n calls were recorded for which keep is true
// (nil keeps all), or the timeout passes, and returns those calls.
func (s *Server) WaitSent(n int, timeout time.Duration, keep func(Sent) bool) []Sent {
	deadline := time.Now().Add(timeout)
	for {
		var out []Sent
		for _, m := range s.Sent() {
			if keep == nil || keep(m) {
				out = append(out, m)
			}
		}
		if len(out) >= n || time.Now().After(deadline) {
			return out
		}
		s.mu.Lock()
		idle := s.idle
		s.mu.Unlock()
		idle()
		time.Sleep(2 * time.Millisecond)
	}
}

// Calls returns how many times method was called.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Webhook returns the registered webhook URL and secret.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.secret
}

// Commands returns the JSON of the menu every chat sees (the default
// scope's last setMyCommands).
func (s *Server) Commands() string { return s.CommandsFor("default") }

// CommandsFor returns the JSON of one scope's menu: "default", or
// "chat:<id>" for a chat's own; "" when that scope has none.
func (s *Server) CommandsFor(scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope]
}

// Pending is the number of updates not yet confirmed by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

type reply struct {
	OK          bool   `json:"ok"`
	Result      any    `json:"result,omitempty"`
	ErrorCode   int    `json:"error_code,omitempty"`
	Description string `json:"description,omitempty"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters,omitempty"`
}

func write(w http.ResponseWriter, code int, r reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(r)
}

func fail(w http.ResponseWriter, code int, desc string) {
	write(w, code, reply{ErrorCode: code, Description: desc})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || r.Method != http.MethodPost {
		fail(w, http.StatusNotFound, "Not Found")
		return
	}
	if token != Token {
		fail(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 20<<20))
	r.Body = io.NopCloser(bytes.NewReader(raw))
	s.mu.Lock()
	s.bodies = append(s.bodies, raw)
	s.mu.Unlock()
	// Calls without parameters send an empty multipart body: EOF is fine.
	if err := r.ParseMultipartForm(10 << 20); err != nil && !strings.Contains(err.Error(), "EOF") && err != http.ErrNotMultipart {
		fail(w, http.StatusBadRequest, "Bad Request: "+err.Error())
		return
	}
	// Read the body to its end, so the server notices a client that goes
	// away during a long poll (as Telegram does) instead of holding the
	// poll, and the single-poller slot, until its timeout.
	io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.calls[method]++
	if f := s.faults[method]; len(f) > 0 {
		s.faults[method] = f[1:]
		s.mu.Unlock()
		write(w, f[0].code, reply{ErrorCode: f[0].code, Description: "Too Many Requests: retry after " + itoa(f[0].retryAfter),
			Parameters: &struct {
				RetryAfter int `json:"retry_after"`
			}{f[0].retryAfter}})
		return
	}
	s.mu.Unlock()
	switch method {
	case "getMe":
		write(w, 200, reply{OK: true, Result: map[string]any{"id": 123456, "is_bot": true, "first_name": "Realty", "username": Username}})
	case "getUpdates":
		s.getUpdates(w, r)
	case "setWebhook":
		s.mu.Lock()
		s.webhookURL, s.secret = r.FormValue("url"), r.FormValue("secret_token")
		s.mu.Unlock()
		write(w, 200, reply{OK: true, Result: true})
	case "deleteWebhook":
		s.mu.Lock()
		s.webhookURL, s.secret = "", ""
		s.mu.Unlock()
		write(w, 200, reply{OK: true, Result: true})
	case "setMyCommands", "deleteMyCommands":
		scope, err := commandScope(r.FormValue("scope"))
		if err == nil && method == "setMyCommands" {
			err = checkCommands(r.FormValue("commands"))
		}
		if err != nil {
			fail(w, http.StatusBadRequest, "Bad Request: "+err.Error())
			return
		}
		s.mu.Lock()
		if method == "setMyCommands" {
			s.commands[scope] = r.FormValue("commands")
		} else {
			delete(s.commands, scope)
		}
		s.mu.Unlock()
		write(w, 200, reply{OK: true, Result: true})
	case "sendMessage", "sendPhoto", "editMessageText", "answerCallbackQuery":
		s.record(w, r, method)
	default:
		fail(w, http.StatusNotFound, "Not Found: method "+method)
	}
}

func (s *Server) stamp() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now() }

func (s *Server) record(w http.ResponseWriter, r *http.Request, method string) {
	m := Sent{Method: method, ChatID: atoi64(r.FormValue("chat_id")), Text: r.FormValue("text"),
		ParseMode: r.FormValue("parse_mode"), Markup: r.FormValue("reply_markup"), At: s.stamp()}
	if method == "sendPhoto" {
		m.Text = r.FormValue("caption")
		if f, h, err := r.FormFile("photo"); err == nil {
			m.Photo = int(h.Size)
			f.Close()
		}
		if m.Photo == 0 {
			fail(w, http.StatusBadRequest, "Bad Request: there is no photo in the request")
			return
		}
	}
	if method == "answerCallbackQuery" {
		m.Text = r.FormValue("text")
		if r.FormValue("callback_query_id") == "" {
			fail(w, http.StatusBadRequest, "Bad Request: query is too old or query ID is invalid")
			return
		}
	}
	s.mu.Lock()
	trusting := s.trusting
	s.mu.Unlock()
	if !trusting && (method == "sendMessage" || method == "editMessageText") {
		if err := checkText(m.Text, m.ParseMode); err != nil {
			fail(w, http.StatusBadRequest, "Bad Request: "+err.Error())
			return
		}
	}
	if !trusting {
		if err := checkMarkup(m.Markup); err != nil {
			fail(w, http.StatusBadRequest, "Bad Request: "+err.Error())
			return
		}
	}
	s.mu.Lock()
	if method == "editMessageText" {
		m.MessageID = int(atoi64(r.FormValue("message_id")))
	} else {
		s.nextMsg++
		m.MessageID = s.nextMsg
	}
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	if method == "answerCallbackQuery" {
		write(w, 200, reply{OK: true, Result: true})
		return
	}
	write(w, 200, reply{OK: true, Result: map[string]any{"message_id": m.MessageID, "date": time.Now().Unix(),
		"chat": map[string]any{"id": m.ChatID, "type": "private"}, "text": m.Text}})
}
