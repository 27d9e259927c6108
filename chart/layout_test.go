package chart

import (
	"image"
	"testing"
)

// textsFit fails t for each text outside frame or over another.
func textsFit(t *testing.T, name string, texts []chartText, frame image.Rectangle) {
	t.Helper()
	for i, a := range texts {
		if !a.Box.In(frame) {
			t.Errorf("%s: %q is clipped: %v outside %v", name, a.S, a.Box, frame)
		}
		for _, b := range texts[i+1:] {
			if a.Box.Overlaps(b.Box) {
				t.Errorf("%s: %q and %q overlap", name, a.S, b.S)
			}
		}
	}
}
