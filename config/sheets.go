package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"time"

	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	"google.golang.org/api/sheets/v4"

	"realtybot/clock"
	"realtybot/retry"
)

// Tabs of the configuration sheet, in the order they are requested; the
// answer is matched by position.
var Tabs = []string{"markets", "settings", "agents", "admins"}

// Sheets reads the configuration master with one batchGet per load.
type Sheets struct {
	svc      *sheets.Service
	id       string
	attempts int
	base     time.Duration
	log      *slog.Logger
}

// NewSheets builds the client from SHEETS_* settings: a service-account file
// (SHEETS_CREDENTIALS_FILE) or an API key for a sheet shared by link
// (SHEETS_API_KEY), and SHEETS_ENDPOINT for another endpoint.
func NewSheets(ctx context.Context, c *Config, log *slog.Logger) (*Sheets, error) {
	opts := []option.ClientOption{}
	switch {
	case c.SheetsCredentials != "":
		opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, c.SheetsCredentials),
			option.WithScopes(sheets.SpreadsheetsReadonlyScope))
	case c.SheetsAPIKey != "":
		opts = append(opts, option.WithAPIKey(c.SheetsAPIKey))
	default:
		return nil, errors.New("SHEETS_SPREADSHEET_ID is set but neither SHEETS_CREDENTIALS_FILE nor SHEETS_API_KEY is")
	}
	if c.SheetsEndpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimRight(c.SheetsEndpoint, "/")+"/"))
	}
	svc, err := sheets.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("sheets client: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sheets{svc: svc, id: c.SheetsID, attempts: 4, base: 500 * time.Millisecond, log: log}, nil
}

// WithRetries sets the attempts and the first backoff (tests shorten it).
func (s *Sheets) WithRetries(attempts int, base time.Duration) *Sheets {
	s.attempts, s.base = max(attempts, 1), base
	return s
}

// quote makes a range of a tab name: 'name'!A:F, with ' doubled.
func quote(tab string) string { return "'" + strings.ReplaceAll(tab, "'", "''") + "'!A:F" }

// Load reads every tab in one request and parses them into a snapshot. Rows
// that fail validation are skipped and returned as problems; a missing tab,
// a wrong header or an unreachable sheet is an error, and the caller keeps
// its previous snapshot.
func (s *Sheets) Load(ctx context.Context, now time.Time) (*Snapshot, []Problem, error) {
	ranges := make([]string, len(Tabs))
	for i, t := range Tabs {
		ranges[i] = quote(t)
	}
	var resp *sheets.BatchGetValuesResponse
	err := s.retry(ctx, func() error {
		var err error
		resp, err = s.svc.Spreadsheets.Values.BatchGet(s.id).Ranges(ranges...).
			ValueRenderOption("UNFORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
		if err != nil {
			return withoutQueries{err}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the configuration sheet: %w", explainSheets(err))
	}
	if len(resp.ValueRanges) != len(Tabs) {
		return nil, nil, fmt.Errorf("the configuration sheet answered %d ranges for %d tabs", len(resp.ValueRanges), len(Tabs))
	}
	tabs := make([][][]any, len(Tabs))
	for i, vr := range resp.ValueRanges { // matched by position, not by the echoed range
		tabs[i] = vr.Values
	}
	return ParseSnapshot(tabs, now)
}

func (s *Sheets) retry(ctx context.Context, call func() error) error {
	return retry.Do(ctx, s.attempts, clock.Pause, func(n int) (time.Duration, error) {
		err := call()
		if err == nil || !transientSheets(err) {
			return retry.Stop, err
		}
		wait := retry.Backoff(s.base, 0, n)
		if n < s.attempts {
			s.log.Warn("configuration sheet read failed; retrying", "attempt", n, "wait", wait, "err", err)
		}
		return wait, err
	})
}

// transientSheets: 429, 408, 5xx and network errors are retried; 400, 403
// and 404 are configuration errors (a renamed tab, an unshared sheet).
func transientSheets(err error) bool {
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return gerr.Code == 429 || gerr.Code == 408 || gerr.Code >= 500
	}
	var nerr net.Error
	return errors.As(err, &nerr) || errors.Is(err, context.DeadlineExceeded)
}

// withoutQueries is an error of the Sheets client said without the query
// of any URL in it: the request's URL carries the API key (?key=), and a
// failing server or proxy may echo it. It still unwraps to the client's
// error, for its code.
type withoutQueries struct{ err error }

var urlQuery = regexp.MustCompile(`([^\s?])\?[^\s"'<>]+`)

func (e withoutQueries) Error() string { return urlQuery.ReplaceAllString(e.err.Error(), "$1") }
func (e withoutQueries) Unwrap() error { return e.err }

func explainSheets(err error) error {
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return err
	}
	switch gerr.Code {
	case 403:
		return fmt.Errorf("%w (share the sheet with the service account's e-mail, or by link for an API key)", err)
	case 404:
		return fmt.Errorf("%w (check SHEETS_SPREADSHEET_ID)", err)
	case 400:
		return fmt.Errorf("%w (a tab may be missing or renamed: the sheet needs %s)", err, strings.Join(Tabs, ", "))
	}
	return err
}
