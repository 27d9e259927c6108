package cli_test

import (
	"bytes"

	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"realtybot/bot/telegramtest"
	"realtybot/store/storetest"
)

// Every secret set and every dependency failing: ATTOM refuses
// connections, the configuration sheet answers 502 with the request URL
// (and its ?key=) in the body. Nothing the bot sends to Telegram, in any
// reply, edit, caption or notice, carries a secret.
func TestNoSecretReachesTelegramWhateverTheDependenciesAnswer(t *testing.T) {
	secrets := map[string]string{
		"ATTOM_API_KEY":  "attom-secret-key-0123456789",
		"SHEETS_API_KEY": "sheets-secret-key-AIza&XYZ",
		"WEBHOOK_SECRET": "webhook_secret_ABCDEF123456",
		"REDIS_PASSWORD": "redis-secret-password-987",
	}
	redisPass := "url-secret-pass-4321"
	rs := storetest.NewRedisServer(t, "--requirepass", redisPass)
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"code":502,"message":"bad gateway for `+r.URL.String()+`"}}`, http.StatusBadGateway)
	}))
	defer echo.Close()
	refused := httptest.NewServer(http.NotFoundHandler())
	refused.Close() // its address now refuses connections
	extra := map[string]string{"ADMIN_IDS": "1", "REDIS_URL": "redis://:" + redisPass + "@127.0.0.1:" + rs.Port + "/0",
		"ATTOM_BASE_URL": refused.URL, "SHEETS_SPREADSHEET_ID": "sheet-1", "SHEETS_ENDPOINT": echo.URL + "/"}
	for k, v := range secrets {
		extra[k] = v
	}
	h := newHarness(t, extra)
	h.start(t)
	admin := telegramtest.From{UserID: 1, ChatID: 1}
	cmds := []string{"/usage", "/refresh config", "/search 78701", "/market 78701", "/refresh 78701 sfr", "/quota", "/deals", "/help"}
	for _, c := range cmds {
		h.tg.Push(telegramtest.Message(admin, c))
	}
	h.tg.Push(telegramtest.Message(telegramtest.From{UserID: agent, ChatID: agent}, "/search 10001 condo"))
	if got := h.tg.WaitSent(len(cmds), 20*time.Second, to(1)); len(got) < len(cmds) {
		t.Fatalf("%d of %d replies\n%s", len(got), len(cmds), h.logs)
	}
	if got := h.tg.WaitSent(1, 10*time.Second, to(agent)); len(got) != 1 {
		t.Fatal("the agent was not answered")
	}
	// The sheet's failure is in the replies, said without the key.
	replies := ""
	for _, s := range h.tg.Sent() {
		replies += s.Text + "\n"
	}
	if !strings.Contains(replies, "configuration sheet") {
		t.Fatalf("no reply says the sheet failed, so this test proves nothing:\n%s", replies)
	}
	all := append([]string{redisPass, telegramtest.Token}, values(secrets)...)
	for _, body := range h.tg.Bodies() {
		for _, s := range all {
			for _, form := range []string{s, url.QueryEscape(s), html.EscapeString(s)} {
				if bytes.Contains(body, []byte(form)) {
					t.Fatalf("a Bot API request carries a secret (%q):\n%s", form, body)
				}
			}
		}
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
