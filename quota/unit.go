package quota

import (
	"fmt"
	"strconv"
)

// Unit is what ATTOM bills and the ledger counts (ATTOM_BILLING_UNIT): a
// call, as the plan is written, or a record ("API Reports": every record an
// answer carries is billed). ATTOM's documentation says both; only the
// account's contract settles it.
type Unit string

const (
	UnitCall   Unit = "call"
	UnitRecord Unit = "record"
)

// ParseUnit reads ATTOM_BILLING_UNIT; "" is a call.
func ParseUnit(s string) (Unit, error) {
	switch Unit(s) {
	case "", UnitCall:
		return UnitCall, nil
	case UnitRecord:
		return UnitRecord, nil
	}
	return "", fmt.Errorf("ATTOM_BILLING_UNIT is %q: use call (ATTOM bills each call) or record (ATTOM bills each record an answer carries)", s)
}

// Records reports whether each record an answer carries is billed.
func (u Unit) Records() bool { return u == UnitRecord }

// Plural is the unit's plural noun: "calls" or "records".
func (u Unit) Plural() string {
	if u.Records() {
		return "records"
	}
	return "calls"
}

// N says n of the unit: "1 call", "13 calls", "10 records".
func (u Unit) N(n int64) string {
	noun := "call"
	if u.Records() {
		noun = "record"
	}
	if n != 1 {
		noun += "s"
	}
	return strconv.FormatInt(n, 10) + " " + noun
}
