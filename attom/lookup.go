package attom

import (
	"context"
	"net/url"
	"time"

	"realtybot/clock"
	"realtybot/retry"
)

// PathLocationLookup is the free location lookup: ATTOM says "There is no
// charge to use this endpoint", so it is asked without a reservation.
const PathLocationLookup = "/v4/location/lookup"

// freePaths are the endpoints ATTOM does not charge for.
var freePaths = map[string]bool{PathLocationLookup: true}

type lookupResponse struct {
	Geographies []struct {
		GeoIDV4                   String `json:"geoIdV4"`
		GeographyName             String `json:"geographyName"`
		GeographyTypeAbbreviation String `json:"geographyTypeAbbreviation"`
		ZipCodeTabulationAreaCode String `json:"zipCodeTabulationAreaCode"`
	} `json:"geographies"`
}

// LookupZIP returns the geoIdV4 of a ZIP code tabulation area from the free
// location lookup, "" with no error when ATTOM knows no such ZIP. It
// reserves nothing in the ledger (the call is free), is rate limited like
// any call, counted under its own endpoint, and retried when transient
// (a retry costs nothing either).
func (c *Client) LookupZIP(ctx context.Context, zip string) (string, error) {
	q := url.Values{"name": {zip}, "geographyTypeAbbreviation": {"ZI"}}
	var out lookupResponse
	var found bool
	err := retry.Do(ctx, c.attempts, clock.Pause, func(n int) (time.Duration, error) {
		if err := c.limiter.Wait(ctx); err != nil {
			return retry.Stop, err
		}
		var err error
		found, _, err = c.once(ctx, PathLocationLookup, q, &out)
		if err == nil || !IsTransient(err) {
			return retry.Stop, err
		}
		return retry.Backoff(c.backoffBase, c.backoffMax, n), err
	})
	if err != nil || !found {
		return "", err
	}
	for _, g := range out.Geographies {
		if g.GeographyTypeAbbreviation == "ZI" && (string(g.ZipCodeTabulationAreaCode) == zip || string(g.GeographyName) == zip) {
			return string(g.GeoIDV4), nil
		}
	}
	return "", nil
}
