// Command realtybot is the Telegram bot for real-estate agents; see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // TZ works on images without a zone database (distroless)

	"realtybot/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !cli.IsReported(err) { // said once: by the subcommand, or here
			fmt.Fprintln(os.Stderr, "realtybot:", err)
		}
		os.Exit(1)
	}
}
