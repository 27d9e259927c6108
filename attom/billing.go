package attom

import (
	"context"
	"errors"

	"realtybot/quota"
)

// Reserves is what a call whose answer can carry most records reserves:
// one call, or under record billing most records.
func (c *Client) Reserves(most int) int64 {
	if c.unit.Records() {
		return int64(max(most, 1))
	}
	return 1
}

// records is a decoded answer whose list of items ATTOM bills per record.
type records interface{ records() int }

// settle gives back an unbilled reservation, and under record billing
// settles a billed one to the records its answer carried (none for
// SuccessWithoutResult: ATTOM "will only invoice for the API Reports
// actually returned"). An answer whose records cannot be counted (sent and
// never answered, unreadable) keeps all it reserved. It returns the units
// the call cost.
func (c *Client) settle(ctx context.Context, path string, res *quota.Reservation, charged, found bool, err error, out any) int64 {
	var ne *netError
	switch {
	case !charged:
		c.release(ctx, path, res.Release)
		return 0
	case !c.unit.Records():
		return res.Units()
	case errors.As(err, &ne) && ne.sent, errors.Is(err, ErrDecode):
		return res.Units()
	}
	n := int64(0)
	if r, ok := out.(records); ok && found {
		n = int64(r.records())
	} else if found {
		return res.Units() // not a list ATTOM bills per record: kept whole
	}
	c.release(ctx, path, func(ctx context.Context) error { return res.Settle(ctx, n) })
	if n > res.Units() {
		c.log.Warn("attom: an answer carried more records than were reserved; all are counted", "endpoint", path, "reserved", res.Units(), "records", n)
	}
	return n
}
