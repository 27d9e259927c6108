package config

import (
	"html"
	"io"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// SecretVars are the variables whose values must never reach any output.
var SecretVars = []string{"TELEGRAM_BOT_TOKEN", "ATTOM_API_KEY", "WEBHOOK_SECRET", "REDIS_PASSWORD", "SHEETS_API_KEY"}

// Redacted stands in for a secret in output.
const Redacted = "[redacted]"

// urlSecrets matches credentials inside URLs: a password in user:pass@, and
// key-like query parameters (Google's ?key=, tokens).
var urlSecrets = regexp.MustCompile(`(?i)(://[^/\s:@]*:)[^@\s/]+(@)|([?&](?:key|api_?key|token|access_token|secret|password)=)[^&\s"']+`)

// Redactor removes every configured secret value from text: one layer for
// all the program's output (logs, errors, replies printed by the console).
type Redactor struct{ secrets []string }

// NewRedactor collects the secrets of the environment: the SecretVars, and
// the password inside REDIS_URL.
func NewRedactor(getenv func(string) string) *Redactor {
	var out []string
	for _, name := range SecretVars {
		out = append(out, getenv(name))
	}
	out = append(out, redisURLSecrets(getenv("REDIS_URL"))...)
	r := &Redactor{}
	for _, s := range out {
		// A value this short would garble ordinary text; config validation
		// asks for longer secrets anyway.
		if len(strings.TrimSpace(s)) < 4 {
			continue
		}
		// As written, and as a URL query or HTML (a reply) would carry it.
		for _, v := range []string{s, url.QueryEscape(s), html.EscapeString(s)} {
			if !slices.Contains(r.secrets, v) {
				r.secrets = append(r.secrets, v)
			}
		}
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// redisURLSecrets are the credentials in a REDIS_URL, whether or not it
// parses: a base64 password may hold a "/" or a space, and then the URL
// does not parse but the password is still a secret. The whole user-info
// part counts, and its password after the first ":".
func redisURLSecrets(raw string) []string {
	var out []string
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		p, _ := u.User.Password()
		out = append(out, p)
	}
	_, rest, ok := strings.Cut(raw, "://")
	if i := strings.LastIndex(rest, "@"); ok && i > 0 {
		info := rest[:i]
		out = append(out, info)
		if _, p, ok := strings.Cut(info, ":"); ok {
			out = append(out, p)
		}
	}
	return out
}

// Redact returns s without secrets.
func (r *Redactor) Redact(s string) string {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return urlSecrets.ReplaceAllStringFunc(s, func(m string) string {
		sub := urlSecrets.FindStringSubmatch(m)
		if sub[1] != "" {
			return sub[1] + Redacted + sub[2]
		}
		return sub[3] + Redacted
	})
}

// Writer returns w with every write redacted. Writers that log write one
// record per call, so a secret is never split across two writes.
func (r *Redactor) Writer(w io.Writer) io.Writer { return &redactingWriter{w: w, r: r} }

type redactingWriter struct {
	w io.Writer
	r *Redactor
}

func (w *redactingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.w, w.r.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
