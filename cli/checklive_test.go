package cli_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"realtybot/attom"
	"realtybot/attom/attomtest"
	"realtybot/cli"
	"realtybot/store/storetest"
)

// check --live spends exactly one call, reserved in the ledger, and reports
// the fields; without the flag, nothing is spent.
func TestCheckLiveSpendsOneReservedCallAndReportsTheFields(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": srv.URL}
	if _, _, err := run(t, vars, "", "check"); err != nil || srv.Calls() != 0 {
		t.Fatalf("check without --live: %v, %d calls", err, srv.Calls())
	}
	out, _, err := run(t, vars, "", "check", "--live", "78701")
	if err != nil || srv.Calls() != 1 || srv.Billable() != 1 {
		t.Fatalf("check --live: %v, %d calls, %d billed\n%s", err, srv.Calls(), srv.Billable(), out)
	}
	for _, want := range []string{"billed (HTTP 200)", "ok   avm.amount.value", "ok   summary.propType", "quota ledger now: 1/13 today",
		"ok   avm.eventDate", "ok   avm.calculations.perSizeUnit", "ok   location.latitude"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// A ZIP without results is said plainly, and HTTP 400 is not billed.
	out, _, err = run(t, vars, "", "check", "--live", "00012")
	if err == nil || !strings.Contains(out, "not billed") || !strings.Contains(out, "no result") || srv.Billable() != 1 {
		t.Fatalf("no-result ZIP: %v\n%s", err, out)
	}
	// Garbage from ATTOM fails the check and says it was billed.
	srv.FailNext(1, attomtest.Garbage)
	if out, _, err = run(t, vars, "", "check", "--live", "78701"); err == nil || !strings.Contains(out, "FAIL live call, billed") {
		t.Fatalf("garbage: %v\n%s", err, out)
	}
	if _, errOut, err := run(t, vars, "", "check", "--live", "7870"); !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, "check --live") || srv.Calls() != 3 {
		t.Fatalf("bad ZIP: %v, %d calls\n%s", err, srv.Calls(), errOut)
	}
}

// A Redis that may evict the ledger fails check, which gives the fix.
func TestAnEvictingRedisFailsCheck(t *testing.T) {
	rp := storetest.NewRedisServer(t, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")
	vars := map[string]string{"DATA_DIR": t.TempDir(), "REDIS_URL": rp.URL()}
	out, _, err := run(t, vars, "", "check")
	if err == nil || !strings.Contains(out, "FAIL quota store") || !strings.Contains(out, "maxmemory-policy noeviction") {
		t.Fatalf("check on allkeys-lru: %v\n%s", err, out)
	}
}

// check --live ZIP --endpoints says what it may spend, asks every endpoint
// the bot uses with its smallest request, and names a refused one with the
// fix; the refusal costs nothing.
func TestCheckEndpointsNamesWhatThePlanRefuses(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": srv.URL}
	out, _, err := run(t, vars, "", "check", "--live", "78701", "--endpoints")
	if err != nil || srv.Billable() != 4 || srv.CallsTo(attom.PathLocationLookup) != 1 {
		t.Fatalf("all available: %v, %d billed\n%s", err, srv.Billable(), out)
	}
	for _, want := range []string{"endpoints: up to 3 more calls, reserved in the ledger (the location lookup is free)",
		"ok   /v4/location/lookup", "ok   /avm/snapshot", "ok   /attomavm/detail", "ok   /v4/transaction/salestrend", "quota ledger now: 4/13 today"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	srv.Refuse(attom.PathAVMSnapshot, 403)
	billed := srv.Billable()
	out, _, err = run(t, vars, "", "check", "--live", "78701", "--endpoints")
	if err == nil || !strings.Contains(out, "FAIL /avm/snapshot                refused (HTTP 403, not billed): your plan does not include /avm/snapshot; ask ATTOM to add it") ||
		!strings.Contains(out, "ok   /attomavm/detail") || srv.Billable() != billed+2 {
		t.Fatalf("snapshot refused: %v, %d more billed\n%s", err, srv.Billable()-billed, out)
	}
	if _, errOut, err := run(t, vars, "", "check", "--endpoints"); !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, "--endpoints needs --live ZIP") {
		t.Fatalf("--endpoints alone: %v\n%s", err, errOut)
	}
}

// Under ATTOM_BILLING_UNIT=record the live check asks for ATTOM's default
// page of 10, reserves 10 records and settles to those the page carried.
func TestCheckLiveAsksTenRecordsUnderRecordBilling(t *testing.T) {
	srv := attomtest.NewServer()
	defer srv.Close()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "ATTOM_API_KEY": attomtest.Key, "ATTOM_BASE_URL": srv.URL, "ATTOM_BILLING_UNIT": "record"}
	out, _, err := run(t, vars, "", "check", "--live", "78701")
	if err != nil || srv.Calls() != 1 || srv.BillableRecords() > 10 {
		t.Fatalf("check --live: %v, %d calls, %d records billed\n%s", err, srv.Calls(), srv.BillableRecords(), out)
	}
	if q := srv.QueriesTo(attom.PathAVMSnapshot); len(q) != 1 || !strings.Contains(q[0], "pageSize=10") {
		t.Fatalf("asked %v; want a page of 10", q)
	}
	for _, want := range []string{"a page of 10, reserved in the ledger as 10 records", "billed (HTTP 200): 10 records", "quota ledger now: 10/13 today, 10/400 this month (records)"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := run(t, vars, "", "check", "--live", "78701"); err == nil || srv.Calls() != 1 {
		t.Fatalf("a second check with 3 records left: %v after %d calls; want it refused before sending", err, srv.Calls())
	}
	vars["ATTOM_BILLING_UNIT"] = "records"
	if _, errOut, err := run(t, vars, "", "check"); err == nil || !strings.Contains(errOut+fmt.Sprint(err), "ATTOM_BILLING_UNIT") {
		t.Fatalf("a misspelt unit: %v\n%s", err, errOut)
	}
}
