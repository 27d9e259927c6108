package config

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MarketRow is one configured ZIP, as in the Sheets markets tab and the
// MARKETS_FILE CSV. Names are checked by the market package.
type MarketRow struct {
	Line         int
	ZIP          string
	Type         string
	Price        float64 // multipliers; 0 = the type's default
	Rent         float64
	Appreciation float64
	Partition    string // optional override
}

// ReadMarketsFile reads a CSV with the columns zip, market_type and
// optionally price_mult, rent_mult, appreciation_mult, partition. A header
// row is recognised and skipped. Bad rows are reported and skipped, and
// repaired ZIPs are reported; the rest apply. A file that cannot be opened is
// an error.
func ReadMarketsFile(path string) ([]MarketRow, []error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("MARKETS_FILE: %w", err)
	}
	defer f.Close()
	rows, bad := ParseMarkets(f, path)
	return rows, bad, nil
}

// ParseMarkets parses markets CSV from r; name is used in messages.
func ParseMarkets(r io.Reader, name string) ([]MarketRow, []error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	var rows []MarketRow
	var bad []error
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, bad
		}
		if err != nil {
			return rows, append(bad, fmt.Errorf("%s: %w", name, err))
		}
		if line == 1 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "zip") {
			continue
		}
		cells := make([]any, len(rec))
		for i, c := range rec {
			cells[i] = c
		}
		row, notes, cerr := parseMarketRow(cells, true)
		for _, n := range notes {
			bad = append(bad, fmt.Errorf("%s line %d: %s (applied)", name, line, n.why))
		}
		if cerr != nil {
			bad = append(bad, fmt.Errorf("%s line %d, column %s: %s; row skipped", name, line, cerr.col, cerr.why))
			continue
		}
		if row.ZIP == "" {
			continue
		}
		row.Line = line
		rows = append(rows, row)
	}
}

// NormalizeZIP accepts five digits, ZIP+4, or a ZIP that lost its leading
// zeros as a number (2134 → "02134", padded=true).
func NormalizeZIP(s string) (zip string, padded bool, err error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '-'); i == 5 {
		s = s[:5]
	}
	if s == "" || len(s) > 5 {
		return "", false, fmt.Errorf("ZIP %q should be five digits", s)
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return "", false, fmt.Errorf("ZIP %q should be five digits", s)
		}
	}
	if len(s) < 5 {
		return strings.Repeat("0", 5-len(s)) + s, true, nil
	}
	return s, false, nil
}
