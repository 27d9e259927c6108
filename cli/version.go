package cli

import (
	"fmt"
	"io"
	"realtybot/app"
)

func runVersion(args []string, stdout io.Writer) error {
	fs := newFlags("version", "Prints the module version, the commit it was built from and the Go version.", stdout)
	if stop, err := parseFlags(fs, args); stop {
		return err
	}
	fmt.Fprintln(stdout, app.ReadBuildInfo())
	return nil
}
