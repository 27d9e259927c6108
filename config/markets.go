package config

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"realtybot/realty"
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
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("MARKETS_FILE=%s does not exist: point it at the markets CSV, or unset it", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("MARKETS_FILE=%s: %w", path, err)
	}
	defer f.Close()
	rows, bad := ParseMarkets(f, path)
	return rows, bad, nil
}

// ParseMarkets parses markets CSV from r; name is used in messages. Each
// line is read on its own, so a malformed line (a stray quote) skips only
// itself; a byte-order mark before the header is ignored.
func ParseMarkets(r io.Reader, name string) ([]MarketRow, []error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", name, err)}
	}
	text := strings.TrimPrefix(string(raw), "\ufeff")
	var rows []MarketRow
	var bad []error
	first := map[string]int{} // ZIP -> the line that configured it
	for i, lineText := range strings.Split(text, "\n") {
		line := i + 1
		lineText = strings.TrimRight(lineText, "\r")
		if strings.TrimSpace(lineText) == "" || strings.HasPrefix(strings.TrimSpace(lineText), "#") {
			continue
		}
		cr := csv.NewReader(strings.NewReader(lineText))
		cr.FieldsPerRecord, cr.TrimLeadingSpace = -1, true
		rec, err := cr.Read()
		if err != nil {
			bad = append(bad, fmt.Errorf("%s line %d: %v; line skipped", name, line, unwrapCSV(err)))
			continue
		}
		if len(rows) == 0 && len(bad) == 0 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "zip") {
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
		if at, dup := first[row.ZIP]; dup {
			bad = append(bad, fmt.Errorf("%s line %d: ZIP %s is already configured on line %d; row skipped (one row per ZIP)", name, line, row.ZIP, at))
			continue
		}
		first[row.ZIP] = line
		row.Line = line
		rows = append(rows, row)
	}
	return rows, bad
}

// unwrapCSV drops encoding/csv's own position (line 1 of a one-line reader).
func unwrapCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// configZip reads a configured ZIP with realty.ParseZip, the one parser of
// ZIPs, after one repair of its own: a ZIP stored as a number lost its
// leading zeros (2134 → 02134, padded).
func configZip(s string) (zip string, padded bool, err error) {
	raw := strings.TrimSpace(s)
	s = raw
	if n := len(s); n > 0 && n < 5 && strings.Trim(s, "0123456789") == "" {
		s, padded = strings.Repeat("0", 5-n)+s, true
	}
	z, err := realty.ParseZip(s)
	if err != nil {
		return "", false, fmt.Errorf("ZIP %q should be five digits", raw)
	}
	return string(z), padded, nil
}
