package handlers

import (
	"errors"
	"realtybot/realty"
	"strings"
)

// nearestCommand is the known command within two edits of name ("serch",
// "markte"), or "" when none is that close.
func nearestCommand(name string) string {
	best, bestD := "", 3
	for _, c := range Order {
		if d := editDistance(strings.ToLower(name), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	ar, br := []rune(a), []rune(b)
	prev := make([]int, len(br)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ar); i++ {
		cur := make([]int, len(br)+1)
		cur[0] = i
		for j := 1; j <= len(br); j++ {
			cost := 1
			if ar[i-1] == br[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(br)]
}

// zipHint offers the ZIP a four-digit input meant.
func zipHint(err error) string {
	var bz *realty.BadZipError
	if errors.As(err, &bz) && bz.Suggestion() != "" {
		return ". Did you mean " + bz.Suggestion() + "? (a leading zero is often lost)"
	}
	return ""
}
