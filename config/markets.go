package config

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
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
		row, err := parseMarketRow(rec)
		if err != nil {
			bad = append(bad, fmt.Errorf("%s line %d: %w", name, line, err))
			continue
		}
		row.Line = line
		if _, padded, _ := NormalizeZIP(rec[0]); padded {
			bad = append(bad, fmt.Errorf("%s line %d: ZIP %q read as %q (leading zeros restored; applied)", name, line, strings.TrimSpace(rec[0]), row.ZIP))
		}
		rows = append(rows, row)
	}
}

func parseMarketRow(rec []string) (MarketRow, error) {
	cell := func(i int) string {
		if i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	zip, _, err := NormalizeZIP(cell(0))
	if err != nil {
		return MarketRow{}, err
	}
	row := MarketRow{ZIP: zip, Type: strings.ToLower(cell(1)), Partition: strings.ToLower(cell(5))}
	if row.Type == "" {
		return MarketRow{}, errors.New("market type is empty")
	}
	for i, dst := range []*float64{&row.Price, &row.Rent, &row.Appreciation} {
		if s := cell(2 + i); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v <= 0 || v > 10 {
				return MarketRow{}, fmt.Errorf("column %d: multiplier %q should be a number like 1.1", 3+i, s)
			}
			*dst = v
		}
	}
	return row, nil
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
