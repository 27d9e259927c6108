package realty

import (
	"errors"
	"strconv"
	"strings"
)

// ErrBadID is a property id that is not one: its text is written for
// agents.
var ErrBadID = errors.New("a property id is the number shown in search results, like 123456789")

// ParseID reads a property id (ATTOM's, or an estimate's), as shown in
// search results.
func ParseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 18 {
		return 0, ErrBadID
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrBadID
	}
	return id, nil
}
