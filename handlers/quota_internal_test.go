package handlers

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"realtybot/quota"
)

// Each refusal of /quota in words: what was wrong and what to do.
func TestQuotaRefusalWording(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&quota.MissingJournalsError{Missing: []string{"ab12", "cd34"}, Day: 8, Month: 390},
			"Not confirmed: the journals of ab12, cd34 (replicas seen in the last two days) have not reported what they spent; they could still hold up to 8 calls today and 390 this month. Live calls resume by themselves once they report (at their next call or start); to resume now anyway: /quota confirm force"},
		{errQuotaWords, "Counts are whole numbers of calls. Usage: " + quotaUsage},
		{fmt.Errorf("%w: lowering the counts needs a reason", quota.ErrBadCounts), "Nothing changed: lowering the counts needs a reason. Usage: " + quotaUsage},
		{fmt.Errorf("%w: connection refused", quota.ErrLedgerDown), "Nothing changed: the quota ledger is unreachable ("},
	} {
		if got := quotaRefusal(c.err, quota.UnitCall); !strings.HasPrefix(got, c.want) {
			t.Errorf("%v:\n got %q\nwant %q", c.err, got, c.want)
		}
	}
	if got := quotaRefusal(errQuotaWords, quota.UnitRecord); !strings.HasPrefix(got, "Counts are whole numbers of records.") {
		t.Errorf("under record billing: %q", got)
	}
	if !errors.Is(&quota.MissingJournalsError{}, quota.ErrJournalsMissing) {
		t.Fatal("MissingJournalsError is not ErrJournalsMissing")
	}
}
