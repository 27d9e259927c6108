package attom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"realtybot/clock"
	"realtybot/quota"
	"realtybot/retry"
)

// Ledger is the shared quota ledger as the client uses it (quota.Ledger):
// every method is needed, so a ledger without one does not compile instead
// of silently losing the cooldown or the backoff on the billing path.
type Ledger interface {
	// ReserveUnits counts a call's billable units before it is made (one
	// call, or the most records its answer can carry); the reservation is
	// released when ATTOM certainly did not bill, and settled to the
	// records an answer carried under record billing.
	ReserveUnits(ctx context.Context, agent string, units int64) (*quota.Reservation, error)
	// Cooldown stops every replica's calls for d after a 429 or 5xx that
	// outlasted the retries.
	Cooldown(ctx context.Context, d time.Duration) error
	// Penalty returns when a request's backoff ends, zero when it is not in
	// one (the ledger judges on its own clock).
	Penalty(ctx context.Context, id string) (time.Time, error)
	// Unusable records a billed answer to the request that could not be
	// used and returns when its backoff ends; repeated ones set the
	// shared cooldown.
	Unusable(ctx context.Context, id string) (time.Time, error)
}

// HTTPDoer is the one method of *http.Client the client uses.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Call describes one HTTP exchange with ATTOM, for logs and metrics.
type Call struct {
	Endpoint string
	Status   int // 0 when no response arrived
	Duration time.Duration
	Billed   bool
	Records  int // the records the answer carried (items of its list)
	Err      error
}

// Client talks to the ATTOM Property API.
type Client struct {
	base        string
	key         string
	hc          HTTPDoer
	ledger      Ledger
	limiter     *rate.Limiter
	timeout     time.Duration
	attempts    int
	backoffBase time.Duration
	backoffMax  time.Duration
	log         *slog.Logger
	observe     func(Call)
	health      health   // how the calls went, as this client saw them
	refused     refusals // endpoints ATTOM refused to the key, not asked again for a day
	clk         clock.Clock
	unit        quota.Unit // what ATTOM bills: each call, or each record returned
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient replaces the HTTP client (default: http.Client without a
// global timeout; each attempt has its own, see WithTimeout).
func WithHTTPClient(d HTTPDoer) Option { return func(c *Client) { c.hc = d } }

// WithLedger sets the quota ledger. Without one, no call is made.
func WithLedger(l Ledger) Option { return func(c *Client) { c.ledger = l } }

// WithRateLimit sets the outgoing rate (default 200 calls per minute, ATTOM's
// published throttle, burst 5). Lower it to share the throttle between replicas.
func WithRateLimit(perMinute float64, burst int) Option {
	return func(c *Client) { c.limiter = rate.NewLimiter(rate.Limit(perMinute/60), burst) }
}

// WithTimeout bounds each attempt (default 10 s; [target-api-latency] expects < 2 s).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetries sets the number of attempts for transient failures and the
// exponential backoff between them (default 3 attempts, 250 ms doubling up to
// 5 s, full jitter). A Retry-After header longer than max ends the retries.
func WithRetries(attempts int, base, max time.Duration) Option {
	return func(c *Client) { c.attempts, c.backoffBase, c.backoffMax = max1(attempts), base, max }
}

// WithLogger sets the logger for one line per call (never the key).
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithObserver is called after every HTTP exchange (metrics).
func WithObserver(f func(Call)) Option { return func(c *Client) { c.observe = f } }

// WithClock sets the clock that reads a Retry-After date (default: the wall
// clock).
func WithClock(clk clock.Clock) Option { return func(c *Client) { c.clk = clk } }

// WithBilling sets what ATTOM bills (ATTOM_BILLING_UNIT): each call
// (default), or each record an answer carries. Under records a call
// reserves the most records its answer can carry and settles to those it
// carried.
func WithBilling(u quota.Unit) Option { return func(c *Client) { c.unit = u } }

// Unit is what the client counts as billed.
func (c *Client) Unit() quota.Unit { return c.unit }

// New returns a client for baseURL (e.g. https://api.gateway.attomdata.com).
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		base:        strings.TrimRight(baseURL, "/"),
		key:         apiKey,
		hc:          &http.Client{},
		limiter:     rate.NewLimiter(rate.Limit(200.0/60), 5),
		timeout:     10 * time.Second,
		attempts:    3,
		backoffBase: 250 * time.Millisecond,
		backoffMax:  5 * time.Second,
		log:         slog.New(slog.DiscardHandler),
		clk:         clock.Real,
		unit:        quota.UnitCall,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// get performs one logical call with retries and decodes the JSON body into
// out. It returns (false, nil) for SuccessWithoutResult. most is the most
// records its answer can carry (the page size asked).
func (c *Client) get(ctx context.Context, path string, q url.Values, out any, most int) (found bool, err error) {
	found, _, err = c.getStatus(ctx, path, q, out, most)
	return found, err
}

// getStatus is get that also says what the answer cost in billed units:
// one call when ATTOM answered HTTP 200 (or may have: a request sent and
// never answered); under record billing the records the answer carried,
// or all that were reserved when they cannot be counted.
//
// The order of one attempt: the request's backoff (a billed answer that could
// not be used), the rate limiter, then the reservation right before the send,
// so a process that dies while waiting holds no reservation. Only answers
// known to be unbilled are retried (429, 5xx, a connection refused before the
// request was written); a request sent and never answered may have been
// billed: it keeps its reservation and is not sent again.
func (c *Client) getStatus(ctx context.Context, path string, q url.Values, out any, most int) (found bool, cost int64, err error) {
	if c.ledger == nil {
		return false, 0, ErrNoLedger
	}
	id := requestID(path, q)
	if err := c.inBackoff(ctx, path, id); err != nil {
		return false, 0, err
	}
	if err := c.refused.check(path, c.clk.Now()); err != nil {
		return false, 0, err // asked again, it would be refused again: nothing is sent
	}
	units := c.Reserves(most)
	err = retry.Do(ctx, c.attempts, clock.Pause, func(attempt int) (time.Duration, error) {
		if err := c.limiter.Wait(ctx); err != nil {
			return retry.Stop, fmt.Errorf("attom %s: waiting for the rate limiter: %w", path, err)
		}
		res, err := c.ledger.ReserveUnits(ctx, quota.AgentFrom(ctx), units)
		if err != nil {
			return retry.Stop, fmt.Errorf("attom %s: %w", path, err)
		}
		var charged bool
		found, charged, err = c.once(ctx, path, q, out)
		cost = c.settle(ctx, path, res, charged, found, err, out)
		if errors.Is(err, ErrDecode) {
			c.unusable(ctx, path, id)
		}
		if err == nil || charged || !IsTransient(err) || attempt >= c.attempts {
			c.coolDown(ctx, err)
			c.refused.note(path, err, c.clk.Now())
			return retry.Stop, err
		}
		wait := retry.Backoff(c.backoffBase, c.backoffMax, attempt)
		var ae *APIError
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			if ae.RetryAfter > c.backoffMax {
				c.coolDown(ctx, err)
				return retry.Stop, err
			}
			wait = max(wait, ae.RetryAfter)
		}
		return wait, err
	})
	return found, cost, err
}

// DefaultCooldown is how long every replica stops calling after repeated
// 5xx, or after a 429 without Retry-After.
const DefaultCooldown = time.Minute

// coolDown sets the shared cooldown after a 429 or 5xx that outlasted the
// retries, so other replicas do not hammer a throttling or failing ATTOM.
func (c *Client) coolDown(ctx context.Context, err error) {
	var ae *APIError
	if !errors.As(err, &ae) || (ae.HTTPStatus != 429 && ae.HTTPStatus < 500) {
		return
	}
	d := DefaultCooldown
	if ae.RetryAfter > 0 {
		d = ae.RetryAfter
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if cerr := c.ledger.Cooldown(cctx, d); cerr != nil {
		c.log.Warn("attom: could not set the shared cooldown", "err", cerr)
	} else {
		c.log.Warn("attom: every replica pauses live calls", "for", d, "after", ae.HTTPStatus)
	}
}

// release gives back what ATTOM did not bill of a reservation, even when
// ctx has ended.
func (c *Client) release(ctx context.Context, path string, release func(context.Context) error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := release(rctx); err != nil {
		c.log.Warn("attom: could not give back what ATTOM did not bill; the ledger over-counts it", "endpoint", path, "err", err)
	}
}

// once is a single HTTP exchange. billed is true when ATTOM answered 200, or
// may have: the request was sent and no answer came (a timeout, a dropped
// connection). Only what surely was not billed gives its reservation back.
func (c *Client) once(ctx context.Context, path string, q url.Values, out any) (found, billed bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	sw := clock.Start()
	call := Call{Endpoint: path}
	defer func() {
		// A free endpoint's 200 is not billed: the log line and the metrics
		// say what ATTOM charges.
		call.Duration, call.Billed, call.Err = sw.Elapsed(), billed && !freePaths[path], err
		c.log.Info("attom call", "endpoint", path, "status", call.Status, "duration", call.Duration, "billed", call.Billed, "records", call.Records)
		c.health.record(call, c.clk.Now())
		if c.observe != nil {
			c.observe(call)
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return false, false, fmt.Errorf("attom %s: building request: %w", path, err)
	}
	req.Header.Set("apikey", c.key)
	req.Header.Set("Accept", "application/json")
	var sent atomic.Bool
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { sent.Store(true) },
	}))
	resp, err := c.hc.Do(req)
	if err != nil {
		return false, sent.Load(), &netError{err: c.kind(err), sent: sent.Load()}
	}
	defer resp.Body.Close()
	call.Status = resp.StatusCode
	billed = resp.StatusCode == http.StatusOK
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if rerr != nil {
		if billed {
			return false, true, fmt.Errorf("attom %s: reading body: %w: %w", path, ErrDecode, c.kind(rerr))
		}
		return false, false, &netError{err: c.kind(rerr)}
	}
	var env struct {
		Status Status `json:"status"`
	}
	envErr := json.Unmarshal(body, &env)
	if !billed {
		ae := &APIError{Endpoint: path, HTTPStatus: resp.StatusCode,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.clk.Now())}
		if envErr == nil {
			ae.Code, ae.Msg = int(env.Status.Code), string(env.Status.Msg)
			if env.Status.noResult() && resp.StatusCode == http.StatusBadRequest {
				return false, false, nil
			}
		}
		return false, false, ae
	}
	if envErr != nil {
		return false, true, fmt.Errorf("attom %s: %w: %w", path, ErrDecode, envErr)
	}
	switch {
	case env.Status.noResult():
		return false, true, nil
	case env.Status.Code == CodeSuccessWithResult:
	default:
		return false, true, &APIError{Endpoint: path, HTTPStatus: resp.StatusCode, Code: int(env.Status.Code), Msg: string(env.Status.Msg)}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return false, true, fmt.Errorf("attom %s: %w: %w", path, ErrDecode, err)
	}
	if r, ok := out.(records); ok {
		call.Records = r.records()
	}
	return true, true, nil
}

// kind keeps what a transport error means (a timeout) and drops its text's
// secrets: the key never appears in an error.
func (c *Client) kind(err error) error {
	var te interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &te) && te.Timeout() {
		return fmt.Errorf("%w: %s", ErrTimeout, c.redact(err.Error()))
	}
	return errors.New(c.redact(err.Error()))
}

func (c *Client) redact(s string) string {
	if c.key == "" {
		return s
	}
	return strings.ReplaceAll(s, c.key, "[redacted]")
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
