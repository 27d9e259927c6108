package attom_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/quota"
	"realtybot/realty"
	"realtybot/store/storetest"
)

type fixture struct {
	srv    *attomtest.Server
	ledger *quota.Ledger
	client *attom.Client
	logs   *bytes.Buffer
}

func newFixture(t *testing.T, key string, opts ...attom.Option) *fixture {
	t.Helper()
	srv := attomtest.NewServer()
	t.Cleanup(srv.Close)
	b := storetest.Bolt(t)
	f := &fixture{srv: srv, logs: &bytes.Buffer{}}
	f.ledger = quota.NewLedger(storetest.Counters(t, b.Store), b.NS, quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 3}, time.Now)
	base := []attom.Option{attom.WithLedger(f.ledger), attom.WithRetries(3, time.Millisecond, 20*time.Millisecond),
		attom.WithTimeout(2 * time.Second), attom.WithLogger(slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}
	f.client = attom.New(srv.URL, key, append(base, opts...)...)
	return f
}

// consistent checks the ledger against what the fake billed: it may count
// more (a call sent but unanswered is kept, as ATTOM may have billed it),
// never less, and every reservation is counted or released.
func (f *fixture) consistent(t *testing.T) quota.Usage {
	t.Helper()
	u, err := f.ledger.Usage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.Today < f.srv.Billable() || u.Reserved != u.Today+u.Released {
		t.Fatalf("ledger %+v vs %d billable: want today ≥ billable and reserved = today + released", u, f.srv.Billable())
	}
	return u
}

func TestSnapshotDecodesTheWireFormat(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	page, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Properties) == 0 || page.Status.Total == 0 {
		t.Fatalf("empty page: %+v", page.Status)
	}
	p := page.Properties[0]
	price, basis := p.Price()
	if p.ID() == 0 || p.Location.Latitude == 0 || p.Summary.PropType != "SFR" || p.Building.Rooms.Beds == 0 || price <= 0 && basis != attom.BasisNone {
		t.Fatalf("fields lost in decoding: %+v", p)
	}
	// Some items come without a ZIP area, and propIndicator as a string or
	// a number: the ZIP's geoIdV4 is its items' most frequent, and every
	// indicator reads.
	if g := attom.ZIPGeoIDV4("78701", page.Properties); g != attomtest.GeoIDV4("78701") {
		t.Fatalf("the ZIP's geoIdV4 %q", g)
	}
	for _, it := range page.Properties {
		if it.Summary.PropIndicator != 10 {
			t.Fatalf("item %d: propIndicator %d, want 10", it.ID(), it.Summary.PropIndicator)
		}
	}
	if f.srv.Billable() != 1 {
		t.Fatalf("billable %d, want 1", f.srv.Billable())
	}
	f.consistent(t)
}

func TestSalesTrendAndAVM(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	ctx := context.Background()
	tr, err := f.client.SalesTrend(ctx, attomtest.GeoIDV4("78701"), attom.V4(realty.SFR), 2022, time.Now().Year())
	if err != nil || len(tr.Items) != 5 || tr.Items[0].SalesTrend.MedSalePrice <= 0 || tr.Cost != 1 {
		t.Fatalf("sales trend: %v %+v", err, tr)
	}
	id := attomtest.AttomID("78701", 4)
	p, err := f.client.AVM(ctx, id)
	if err != nil || p == nil || p.ID() != id || p.AVM.Amount.Value <= 0 {
		t.Fatalf("avm: %v %+v", err, p)
	}
	if none, err := f.client.AVM(ctx, 42); err != nil || none != nil {
		t.Fatalf("unknown id: %v %+v; want nil, nil", err, none)
	}
}

func TestSuccessWithoutResultIsEmptyNotAnError(t *testing.T) {
	for _, http400 := range []bool{false, true} {
		f := newFixture(t, attomtest.Key)
		f.srv.NoResultAsHTTP200(!http400)
		page, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "00012", Type: realty.Condo, PageSize: 10})
		if err != nil || len(page.Properties) != 0 {
			t.Fatalf("http400=%v: %v %+v", http400, err, page)
		}
		u := f.consistent(t)
		if want := map[bool]int64{false: 1, true: 0}[http400]; u.Today != want {
			t.Fatalf("http400=%v: counted %d, want %d (only HTTP 200 is billed)", http400, u.Today, want)
		}
	}
}

func TestOnlyUnbilledFailuresAreRetried(t *testing.T) {
	// An error status is surely unbilled: retried, its reservation released.
	for _, fault := range []attomtest.Fault{attomtest.Status500, attomtest.Status429} {
		f := newFixture(t, attomtest.Key, attom.WithTimeout(100*time.Millisecond))
		f.srv.SetRetryAfter(0)
		f.srv.FailNext(2, fault)
		page, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
		if err != nil || len(page.Properties) == 0 {
			t.Fatalf("fault %d then success: %v", fault, err)
		}
		if u := f.consistent(t); f.srv.Calls() != 3 || u.Today != 1 || u.Released != 2 {
			t.Fatalf("fault %d: %d calls, ledger %+v; want 3 calls, 1 counted, 2 released", fault, f.srv.Calls(), u)
		}
	}
	// A request sent and never answered (a dropped connection, a hang) may
	// have been billed: one attempt, its reservation kept, and a hang says
	// it is a timeout.
	for _, fault := range []attomtest.Fault{attomtest.Drop, attomtest.Hang} {
		f := newFixture(t, attomtest.Key, attom.WithTimeout(100*time.Millisecond))
		f.srv.FailNext(2, fault)
		_, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
		if err == nil || f.srv.Calls() != 1 {
			t.Fatalf("fault %d: %v after %d calls; want an error after exactly 1", fault, err, f.srv.Calls())
		}
		if fault == attomtest.Hang && !errors.Is(err, attom.ErrTimeout) {
			t.Fatalf("hang: %v, want ErrTimeout", err)
		}
		if u := f.consistent(t); u.Today != 1 || u.Released != 0 {
			t.Fatalf("fault %d: ledger %+v; the maybe-billed call stays counted", fault, u)
		}
	}
	// A refused connection never reached ATTOM: retried, all released.
	f := newFixture(t, attomtest.Key)
	c := attom.New("http://127.0.0.1:1", attomtest.Key, attom.WithLedger(f.ledger), attom.WithRetries(3, time.Millisecond, 5*time.Millisecond))
	if _, err := c.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701"}); err == nil {
		t.Fatal("a refused connection succeeded")
	}
	if u := f.consistent(t); u.Reserved != 3 || u.Released != 3 || u.Today != 0 {
		t.Fatalf("refused connection: ledger %+v; want 3 tries, all released", u)
	}
}

// A billed answer that cannot be used puts its request on a backoff: the
// same request is not sent (or paid) again while it lasts.
func TestAnUnusableAnswerIsNotPaidForAgain(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	f.srv.SetFault(attomtest.Garbage)
	q := attom.AreaQuery{ZIP: "78701", PageSize: 100}
	if _, err := f.client.AVMSnapshot(context.Background(), q); !errors.Is(err, attom.ErrDecode) {
		t.Fatalf("garbage: %v", err)
	}
	for range 5 {
		if _, err := f.client.AVMSnapshot(context.Background(), q); !errors.Is(err, attom.ErrBackoff) {
			t.Fatalf("again: %v, want ErrBackoff", err)
		}
	}
	if f.srv.Billable() != 1 || f.srv.Calls() != 1 {
		t.Fatalf("%d calls, %d billed; want 1", f.srv.Calls(), f.srv.Billable())
	}
	// Another request is not held back.
	f.srv.SetFault(attomtest.None)
	if _, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78702", PageSize: 100}); err != nil {
		t.Fatalf("another ZIP: %v", err)
	}
}

// The reservation is taken after the rate limiter's wait: a request that
// gives up while waiting holds none.
func TestReservationFollowsTheRateLimiter(t *testing.T) {
	f := newFixture(t, attomtest.Key, attom.WithRateLimit(1, 1)) // one a minute
	q := attom.AreaQuery{ZIP: "78701", PageSize: 10}
	if _, err := f.client.AVMSnapshot(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.client.AVMSnapshot(ctx, q); err == nil {
		t.Fatal("the second call did not wait for the limiter")
	}
	if u := f.consistent(t); u.Reserved != 1 {
		t.Fatalf("ledger %+v: a request waiting for the limiter holds a reservation", u)
	}
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	f := newFixture(t, "wrong-key")
	_, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
	var ae *attom.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 401 || attom.IsTransient(err) {
		t.Fatalf("err %v; want a permanent 401", err)
	}
	if f.srv.Calls() != 1 {
		t.Fatalf("%d calls; a 401 must not be retried", f.srv.Calls())
	}
	f.consistent(t)
}

func TestGarbageIsBilledButNeverRetried(t *testing.T) {
	for _, fault := range []attomtest.Fault{attomtest.Garbage, attomtest.Truncated} {
		f := newFixture(t, attomtest.Key)
		f.srv.FailNext(1, fault)
		_, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
		if !errors.Is(err, attom.ErrDecode) {
			t.Fatalf("fault %d: %v, want ErrDecode", fault, err)
		}
		if f.srv.Calls() != 1 {
			t.Fatalf("fault %d: %d calls; a billed answer must not be retried", fault, f.srv.Calls())
		}
		if u := f.consistent(t); u.Today != 1 {
			t.Fatalf("fault %d: the billed call is not counted: %+v", fault, u)
		}
	}
}

func TestRetryAfterLongerThanTheBackoffCapGivesUp(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	f.srv.SetRetryAfter(3600)
	f.srv.SetFault(attomtest.Status429)
	_, err := f.client.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10})
	var ae *attom.APIError
	if !errors.As(err, &ae) || ae.RetryAfter != time.Hour {
		t.Fatalf("err %v; want a 429 carrying Retry-After 1h", err)
	}
	if f.srv.Calls() != 1 {
		t.Fatalf("%d calls; waiting an hour is not a retry", f.srv.Calls())
	}
}

func TestQuotaStopsCallsBeforeTheyAreMade(t *testing.T) {
	f := newFixture(t, attomtest.Key)
	f.ledger.SetLimits(quota.Limits{Daily: 2, Monthly: 400, AgentDaily: 3})
	ctx := context.Background()
	for range 2 {
		if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); !errors.Is(err, quota.ErrDailyLimit) {
		t.Fatalf("third call: %v, want ErrDailyLimit", err)
	}
	if f.srv.Calls() != 2 {
		t.Fatalf("%d calls reached ATTOM, want 2", f.srv.Calls())
	}
	agentCtx := quota.WithAgent(ctx, "7")
	f.ledger.SetLimits(quota.Limits{Daily: 13, Monthly: 400, AgentDaily: 1})
	f.client.AVMSnapshot(agentCtx, attom.AreaQuery{ZIP: "78701", Type: realty.Condo, PageSize: 10})
	if _, err := f.client.AVMSnapshot(agentCtx, attom.AreaQuery{ZIP: "78702", Type: realty.Condo, PageSize: 10}); !errors.Is(err, quota.ErrAgentLimit) {
		t.Fatalf("agent over the cap: %v, want ErrAgentLimit", err)
	}
}

func TestNoLedgerNoCall(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	c := attom.New(srv.URL, attomtest.Key)
	if _, err := c.AVMSnapshot(context.Background(), attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); !errors.Is(err, attom.ErrNoLedger) {
		t.Fatalf("%v, want ErrNoLedger", err)
	}
	if srv.Calls() != 0 {
		t.Fatal("an unmetered call reached ATTOM")
	}
}

func TestTheKeyNeverAppearsInErrorsOrLogs(t *testing.T) {
	const secret = "sk-live-0123456789abcdef"
	f := newFixture(t, secret, attom.WithTimeout(50*time.Millisecond))
	f.srv.SetKey(secret)
	ctx := context.Background()
	var errs []string
	for _, fault := range []attomtest.Fault{attomtest.Status500, attomtest.Garbage, attomtest.Drop, attomtest.Hang, attomtest.Truncated} {
		f.srv.SetFault(fault)
		if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); err != nil {
			errs = append(errs, err.Error())
		}
	}
	f.srv.SetKey("another")
	if _, err := f.client.AVMSnapshot(ctx, attom.AreaQuery{ZIP: "78701", Type: realty.SFR, PageSize: 10}); err != nil {
		errs = append(errs, err.Error())
	}
	all := strings.Join(errs, "\n") + f.logs.String()
	if len(errs) < 5 || strings.Contains(all, secret) {
		t.Fatalf("%d errors; key leaked: %v", len(errs), strings.Contains(all, secret))
	}
}

// The free location lookup reserves nothing and is never reported billed:
// the ledger, the log line and the metrics say what ATTOM charges.
func TestTheLocationLookupIsFree(t *testing.T) {
	var calls []attom.Call
	f := newFixture(t, attomtest.Key, attom.WithObserver(func(c attom.Call) { calls = append(calls, c) }))
	ctx := context.Background()
	geo, err := f.client.LookupZIP(ctx, "78701")
	if err != nil || geo != attomtest.GeoIDV4("78701") {
		t.Fatalf("lookup: %q %v", geo, err)
	}
	if geo, err := f.client.LookupZIP(ctx, "00012"); err != nil || geo != "" {
		t.Fatalf("an unknown ZIP: %q %v; want none, no error", geo, err)
	}
	u, _ := f.ledger.Usage(ctx)
	if u.Today != 0 || u.Reserved != 0 || len(calls) != 2 || calls[0].Billed || calls[1].Billed || strings.Contains(f.logs.String(), "billed=true") {
		t.Fatalf("ledger %d (reserved %d), calls %+v; want nothing counted or billed\n%s", u.Today, u.Reserved, calls, f.logs.String())
	}
}
