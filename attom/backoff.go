package attom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"
)

// requestID names a request (path and parameters) for its backoff.
func requestID(path string, q url.Values) string {
	h := sha256.Sum256([]byte(path + "?" + q.Encode()))
	return hex.EncodeToString(h[:8])
}

// inBackoff refuses a request whose last billed answer was unusable.
func (c *Client) inBackoff(ctx context.Context, path, id string) error {
	until, err := c.ledger.Penalty(ctx, id)
	if err != nil {
		return fmt.Errorf("attom %s: reading its backoff: %w", path, err)
	}
	if !until.IsZero() {
		return fmt.Errorf("attom %s: %w (until %s UTC)", path, ErrBackoff, until.UTC().Format("15:04"))
	}
	return nil
}

// unusable puts the request on its backoff after a billed answer that could
// not be used.
func (c *Client) unusable(ctx context.Context, path, id string) {
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	until, err := c.ledger.Unusable(uctx, id)
	if err != nil {
		c.log.Warn("attom: could not record an unusable answer; the request may be paid again", "endpoint", path, "err", err)
		return
	}
	c.log.Warn("attom: billed answer was unusable; the request waits before it is sent again", "endpoint", path, "until", until.UTC())
}
