package cli_test

import (
	"os"
	"strings"
	"testing"

	"realtybot/config"
)

// The README's configuration table lists every variable -h lists.
func TestTheREADMEListsEveryVariable(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "| `") {
			rows = append(rows, line)
		}
	}
	for _, v := range config.Vars {
		found := false
		for _, r := range rows {
			found = found || strings.Contains(r, "`"+v.Name+"`")
		}
		if !found {
			t.Errorf("README.md's table lacks %s", v.Name)
		}
	}
}
