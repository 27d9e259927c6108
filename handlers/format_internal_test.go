package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFitTrimsLongRepliesAndSaysSo(t *testing.T) {
	long := strings.Repeat("line with ünïcode text\n", 400)
	got := fit(long)
	if n := utf8.RuneCountInString(got); n > MaxMessage || !strings.HasSuffix(got, "(trimmed to fit one message)") {
		t.Fatalf("%d runes, suffix %q", n, got[len(got)-40:])
	}
	if fit("short") != "short" {
		t.Fatal("short text changed")
	}
}
