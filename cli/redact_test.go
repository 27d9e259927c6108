package cli_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
	"realtybot/cli"
)

// Every subcommand, run with every secret set and every dependency failing
// in ways that put URLs and keys into errors, prints none of the secrets.
func TestNoSecretReachesAnyOutput(t *testing.T) {
	t.Parallel() // its own fakes and stores; its runs wait out their contexts
	secrets := map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:tg-secret-token-ABCDEF",
		"ATTOM_API_KEY":      "attom-secret-key-0123456789",
		"WEBHOOK_SECRET":     "webhook_secret_ABCDEF123456",
		"REDIS_PASSWORD":     "redis-secret-password-987",
		"SHEETS_API_KEY":     "sheets-secret-key-AIzaXYZ",
	}
	redisURLPassword := "url-secret-pass-4321"
	// A fake ATTOM that refuses the key, and servers that echo the request
	// URL (with ?key= and /bot<token>/) in their errors.
	atm := attomtest.NewServer()
	defer atm.Close()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"code":500,"message":"failed: `+r.URL.String()+`"}}`, http.StatusInternalServerError)
	}))
	defer echo.Close()
	base := func() map[string]string {
		v := map[string]string{"DATA_DIR": t.TempDir(), "LOG_LEVEL": "debug", "ATTOM_BASE_URL": atm.URL,
			"SHEETS_SPREADSHEET_ID": "sheet-1", "SHEETS_ENDPOINT": echo.URL + "/", "TELEGRAM_API_URL": echo.URL}
		for k, s := range secrets {
			v[k] = s
		}
		return v
	}
	withRedisURL := base()
	withRedisURL["REDIS_URL"] = "redis://:" + redisURLPassword + "@127.0.0.1:1/0"
	// A base64 password with a "/" and a space: the URL does not parse.
	badURLPassword := "b64/secret pass+XY"
	withBadURL := base()
	withBadURL["REDIS_URL"] = "redis://:" + badURLPassword + "@127.0.0.1:1/0"
	withAddrs := base()
	withAddrs["REDIS_ADDRS"] = "127.0.0.1:1"
	cases := []struct {
		name  string
		vars  map[string]string
		input string
		args  []string
	}{
		{"console", base(), "/search 78701 sfr\n/market 78701\n/usage\n/refresh config\n", []string{"console"}},
		{"check", base(), "", []string{"check", "--live", "78701"}},
		{"check redis url", withRedisURL, "", []string{"check"}},
		{"check redis addrs", withAddrs, "", []string{"check"}},
		{"check unparseable redis url", withBadURL, "", []string{"check"}},
		{"serve", base(), "", []string{"serve"}},
		{"serve webhook", func() map[string]string {
			v := base()
			v["TELEGRAM_MODE"], v["WEBHOOK_URL"], v["LISTEN_ADDR"] = "webhook", "https://example.invalid/hook", "127.0.0.1:0"
			return v
		}(), "", []string{"serve"}},
		{"simulate", base(), "", []string{"simulate", "--days", "1", "--agents", "2", "--requests", "3", "--zips", "2"}},
		{"help", base(), "", []string{"console", "-h"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			err := cli.Run(ctx, append([]string{"realtybot"}, c.args...), func(k string) string { return c.vars[k] },
				strings.NewReader(c.input), &out, &errOut)
			all := out.String() + errOut.String()
			if err != nil {
				all += err.Error()
			}
			if len(all) < 20 {
				t.Fatalf("too little output to judge: %q", all)
			}
			for name, s := range secrets {
				if strings.Contains(all, s) {
					t.Errorf("%s leaked:\n%s", name, all)
				}
			}
			if strings.Contains(all, redisURLPassword) || strings.Contains(all, "secret pass") || strings.Contains(all, "b64") {
				t.Errorf("the password in REDIS_URL leaked:\n%s", all)
			}
		})
	}
}
