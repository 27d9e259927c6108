package cache_test

import (
	"errors"
	"strings"
	"testing"

	"realtybot/cache"
)

// Strings of every length class read back as written: the one-byte lengths
// (read inline) and the longer ones, next to each other.
func TestReaderStringsRoundTrip(t *testing.T) {
	lens := []int{0, 1, 2, 126, 127, 128, 129, 300, 16383, 16384, 20000}
	var b []byte
	for _, n := range lens {
		b = cache.AppendString(b, strings.Repeat("x", n))
		b = cache.AppendBool(b, true)
	}
	r := cache.NewReader(b)
	for _, n := range lens {
		if s, ok := r.String(), r.Bool(); len(s) != n || strings.Trim(s, "x") != "" || !ok {
			t.Fatalf("length %d read back as %d bytes (then %v)", n, len(s), ok)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
}

// A string cut short at any byte is an error, never a panic or a shorter
// string, and the error sticks: what is read after it is empty.
func TestReaderStringCutShort(t *testing.T) {
	for _, n := range []int{1, 5, 127, 128, 300} {
		whole := cache.AppendString(nil, strings.Repeat("y", n))
		for cut := range len(whole) {
			r := cache.NewReader(append([]byte(nil), whole[:cut]...))
			if s := r.String(); s != "" {
				t.Fatalf("length %d cut at %d: read %q", n, cut, s)
			}
			if s := r.String(); s != "" || !errors.Is(r.Err(), cache.ErrShort) {
				t.Fatalf("length %d cut at %d: then %q, err %v", n, cut, s, r.Err())
			}
		}
	}
}
