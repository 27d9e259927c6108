package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"realtybot/app"
	"realtybot/attom"
)

// errLiveCheck ends `check --live` with a failure after its report.
var errLiveCheck = errors.New("check --live: ATTOM's answer lacks what the bot needs")

// checkLive spends one reserved call on /avm/snapshot for zip and reports
// each field the bot relies on as present or missing, with the billed status.
func checkLive(ctx context.Context, a *app.App, zip string, out io.Writer) error {
	if a.Attom == nil {
		fmt.Fprintln(out, "FAIL live check: ATTOM_API_KEY is empty; set it to verify the account")
		return Reported{errLiveCheck}
	}
	unit := a.Attom.Unit()
	fmt.Fprintf(out, "live check: one call to %s for ZIP %s, a page of %d, reserved in the ledger as %s\n",
		attom.PathAVMSnapshot, zip, a.Attom.ProbePageSize(), unit.N(a.Attom.Reserves(a.Attom.ProbePageSize())))
	r, err := a.Attom.Probe(ctx, zip)
	billed := "not billed"
	if r != nil && r.Cost > 0 {
		billed = "billed (HTTP 200): " + unit.N(r.Cost)
	}
	if err != nil {
		fmt.Fprintf(out, "FAIL live call, %s: %v\n", billed, err)
		return Reported{errLiveCheck}
	}
	if !r.Found {
		fmt.Fprintf(out, "FAIL live call, %s: ATTOM has no result for ZIP %s; try a ZIP with homes\n", billed, zip)
		return Reported{errLiveCheck}
	}
	fmt.Fprintf(out, "ok   live call, %s: %d items of %d records in the ZIP\n", billed, r.Items, r.Total)
	for _, f := range attom.ProbeFields {
		word := "ok  "
		if r.Present[f] == 0 {
			word = "MISS"
		}
		fmt.Fprintf(out, "%s %-28s in %d of %d items\n", word, f, r.Present[f], r.Items)
	}
	for _, f := range attom.ProbeExtras {
		word := "ok  "
		if r.Present[f] == 0 {
			word = "none"
		}
		fmt.Fprintf(out, "%s %-32s in %d of %d items (shown when present)\n", word, f, r.Present[f], r.Items)
	}
	if u, err := a.Ledger.Usage(ctx); err == nil {
		fmt.Fprintf(out, "     quota ledger now: %d/%d today, %d/%d this month (%s)\n", u.Today, u.Limits.Daily, u.ThisMonth, u.Limits.Monthly, unit.Plural())
	}
	if m := r.Missing(); len(m) > 0 {
		fmt.Fprintf(out, "FAIL %d field(s) the bot relies on are missing from every item: %v\n", len(m), m)
		return Reported{errLiveCheck}
	}
	return nil
}

// errEndpoints ends `check --live --endpoints` when an endpoint the bot
// uses is refused or failing.
var errEndpoints = errors.New("check --endpoints: an endpoint the bot uses is not available")

// checkEndpoints says what it will spend, asks every endpoint the bot uses
// for zip, and reports each as available, refused (with the fix) or
// failing.
func checkEndpoints(ctx context.Context, a *app.App, zip string, out io.Writer) error {
	most := ""
	if u := a.Attom.Unit(); u.Records() {
		most = " (" + u.N(a.Attom.EndpointsMost()) + " at most)"
	}
	fmt.Fprintf(out, "endpoints: up to %d more calls%s, reserved in the ledger (the location lookup is free)\n", attom.EndpointsBillable, most)
	bad := 0
	for _, e := range a.Attom.ProbeEndpoints(ctx, zip, a.Clock.Now().UTC().Year()-1) {
		name := attom.EndpointName(e.Endpoint)
		f, refused := attom.RefusalOf(e.Err)
		switch {
		case e.Err == nil:
			fmt.Fprintf(out, "ok   %-28s available\n", name)
			continue
		case refused && f.KeyRefused():
			fmt.Fprintf(out, "FAIL %-28s refused (HTTP 401, not billed): ATTOM refuses the key; check ATTOM_API_KEY\n", name)
		case refused:
			fmt.Fprintf(out, "FAIL %-28s refused (HTTP %d, not billed): your plan does not include %s; ask ATTOM to add it\n", name, f.HTTPStatus, name)
		default:
			fmt.Fprintf(out, "FAIL %-28s %v\n", name, e.Err)
		}
		bad++
	}
	if u, err := a.Ledger.Usage(ctx); err == nil {
		fmt.Fprintf(out, "     quota ledger now: %d/%d today, %d/%d this month (%s)\n", u.Today, u.Limits.Daily, u.ThisMonth, u.Limits.Monthly, a.Attom.Unit().Plural())
	}
	if bad > 0 {
		return Reported{errEndpoints}
	}
	return nil
}
