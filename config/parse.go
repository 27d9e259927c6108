package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Headers of each tab, by column. The first columns of a header are required
// (markets: zip and market_type; settings: key and value; agents and admins:
// telegram_user_id), the rest optional; names are compared without case.
var Headers = map[string][]string{
	"markets":  {"zip", "market_type", "price_mult", "rent_mult", "appreciation_mult", "partition"},
	"settings": {"key", "value"},
	"agents":   {"telegram_user_id", "name"},
	"admins":   {"telegram_user_id", "name"},
}

var required = map[string]int{"markets": 2, "settings": 2, "agents": 1, "admins": 1}

// cellString reads a cell as Sheets sends it with UNFORMATTED_VALUE: a
// string, a float64 or a bool.
func cellString(row []any, i int) string {
	if i >= len(row) || row[i] == nil {
		return ""
	}
	switch v := row[i].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return strings.TrimSpace(fmt.Sprint(row[i]))
}

func column(i int) string { return string(rune('A' + i)) }

// checkHeader is the structural check of a tab.
func checkHeader(tab string, rows [][]any) error {
	if len(rows) == 0 {
		return fmt.Errorf("tab %q is empty: its first row must be the header %s", tab, strings.Join(Headers[tab], ", "))
	}
	want := Headers[tab]
	for i := 0; i < len(want) && i < len(rows[0]); i++ {
		got := normalizeName(cellString(rows[0], i))
		if got == "" && i >= required[tab] {
			break // optional columns may be left out
		}
		if got != want[i] {
			return fmt.Errorf("tab %q: header %s1 is %q, want %q (the header is %s)", tab, column(i), cellString(rows[0], i), want[i], strings.Join(want, ", "))
		}
	}
	if len(rows[0]) < required[tab] {
		return fmt.Errorf("tab %q: the header needs at least %s", tab, strings.Join(want[:required[tab]], ", "))
	}
	return nil
}

// ParseSnapshot validates the four tabs (in the order of Tabs) as one
// snapshot. Bad rows are skipped and reported; a structural error returns no
// snapshot at all.
func ParseSnapshot(tabs [][][]any, now time.Time) (*Snapshot, []Problem, error) {
	if len(tabs) != len(Tabs) {
		return nil, nil, fmt.Errorf("want %d tabs, got %d", len(Tabs), len(tabs))
	}
	var errs []error
	for i, t := range Tabs {
		if err := checkHeader(t, tabs[i]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	snap := &Snapshot{LoadedAt: now}
	var probs []Problem
	for r, row := range tabs[0][1:] {
		m, notes, err := parseMarketRow(row, false)
		for _, n := range notes {
			probs = append(probs, Problem{Tab: "markets", Row: r + 2, Column: n.col, Why: n.why})
		}
		if err != nil {
			probs = append(probs, Problem{Tab: "markets", Row: r + 2, Column: err.col, Why: err.why + "; row skipped"})
			continue
		}
		if m.ZIP == "" {
			continue // an empty row
		}
		m.Line = r + 2
		snap.Markets = append(snap.Markets, m)
	}
	for r, row := range tabs[1][1:] {
		if err := snap.Settings.set(cellString(row, 0), cellString(row, 1)); err != nil {
			probs = append(probs, Problem{Tab: "settings", Row: r + 2, Column: err.col, Why: err.why + "; row skipped"})
		}
	}
	for i, tab := range []string{"agents", "admins"} {
		dst := &snap.Agents
		if i == 1 {
			dst = &snap.Admins
		}
		for r, row := range tabs[2+i][1:] {
			idText := cellString(row, 0)
			if idText == "" && cellString(row, 1) == "" {
				continue
			}
			ids, err := ParseIDs(idText)
			if err != nil || len(ids) != 1 {
				probs = append(probs, Problem{Tab: tab, Row: r + 2, Column: "A", Why: fmt.Sprintf("%q is not a Telegram user id; row skipped", idText)})
				continue
			}
			*dst = append(*dst, Person{ID: ids[0], Name: cellString(row, 1)})
		}
	}
	return snap, probs, nil
}

type cellError struct{ col, why string }

// parseMarketRow reads zip, market_type and the optional multipliers and
// partition, from a sheet row or a CSV record. notes are repairs (a ZIP that
// lost its leading zero); err rejects the row. A ZIP typed as a number lost
// its leading zeros and is padded; a ZIP typed as text must have five digits,
// except in CSV files (textOK), where spreadsheet exports drop them too.
func parseMarketRow(row []any, textOK bool) (MarketRow, []cellError, *cellError) {
	var notes []cellError
	raw := cellString(row, 0)
	if raw == "" && cellString(row, 1) == "" {
		return MarketRow{}, nil, nil
	}
	zip, padded, err := configZip(raw)
	if err == nil && padded && !textOK {
		if _, number := row[0].(float64); !number {
			err = fmt.Errorf("ZIP %q should be five digits", raw)
		}
	}
	if err != nil {
		return MarketRow{}, nil, &cellError{"A", err.Error()}
	}
	if padded {
		notes = append(notes, cellError{"A", fmt.Sprintf("ZIP %s read as %s (leading zero restored)", raw, zip)})
	}
	m := MarketRow{ZIP: zip, Type: strings.ToLower(cellString(row, 1)), Partition: strings.ToLower(cellString(row, 5))}
	switch {
	case m.Type == "":
		return MarketRow{}, notes, &cellError{"B", "market type is empty"}
	case !oneOf(m.Type, MarketTypeNames):
		return MarketRow{}, notes, &cellError{"B", fmt.Sprintf("market type %q is not one of %s", m.Type, strings.Join(MarketTypeNames, ", "))}
	case m.Partition != "" && !oneOf(strings.TrimSuffix(m.Partition, "_markets"), PartitionNames):
		return MarketRow{}, notes, &cellError{"F", fmt.Sprintf("partition %q is not one of %s", m.Partition, strings.Join(PartitionNames, ", "))}
	}
	for i, dst := range []*float64{&m.Price, &m.Rent, &m.Appreciation} {
		s := cellString(row, 2+i)
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 || v > 10 || math.IsNaN(v) {
			return MarketRow{}, notes, &cellError{column(2 + i), fmt.Sprintf("multiplier %q should be a number like 1.1", s)}
		}
		*dst = v
	}
	return m, notes, nil
}

// set applies one settings row.
func (s *Settings) set(key, value string) *cellError {
	k := normalizeName(key)
	if k == "" && value == "" {
		return nil
	}
	num := func(dst **int64) *cellError {
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < 0 {
			return &cellError{"B", fmt.Sprintf("%s: %q should be a whole number ≥ 0", k, value)}
		}
		*dst = &n
		return nil
	}
	switch k {
	case "max_daily_calls":
		return num(&s.MaxDaily)
	case "max_monthly_calls":
		return num(&s.MaxMonthly)
	case "max_agent_daily_calls":
		return num(&s.MaxAgentDaily)
	case "hot_reserve_calls":
		return num(&s.HotReserve)
	case "other_reserve_calls":
		return num(&s.OtherReserve)
	case "refresh_budget":
		return num(&s.RefreshBudget)
	case "default_market_type":
		if v := strings.ToLower(value); oneOf(v, MarketTypeNames) {
			s.DefaultMarketType = v
			return nil
		}
		return &cellError{"B", fmt.Sprintf("default_market_type %q is not one of %s", value, strings.Join(MarketTypeNames, ", "))}
	case "maintenance_at":
		d, err := ParseClock(value)
		if err != nil {
			return &cellError{"B", "maintenance_at: " + err.Error()}
		}
		s.MaintenanceAt = &d
		return nil
	case "reload_interval":
		d, err := duration(value, time.Minute)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			return &cellError{"B", fmt.Sprintf("reload_interval %q should be between 1m and 24h (a number means minutes)", value)}
		}
		s.Reload = d
		return nil
	}
	if t, ok := strings.CutPrefix(k, "ttl_"); ok && oneOf(t, MarketTypeNames) {
		d, err := duration(value, time.Hour)
		if err != nil || d < time.Hour || d > 30*24*time.Hour {
			return &cellError{"B", fmt.Sprintf("%s %q should be between 1h and 720h (a number means hours)", k, value)}
		}
		if s.TTL == nil {
			s.TTL = map[string]time.Duration{}
		}
		s.TTL[t] = d
		return nil
	}
	return &cellError{"A", fmt.Sprintf("unknown setting %q", key)}
}

// duration reads "90m", "2h" or a bare number in unit.
func duration(s string, unit time.Duration) (time.Duration, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(f * float64(unit)), nil
	}
	return time.ParseDuration(s)
}
