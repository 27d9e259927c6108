// Package bot wires realtybot together from its Config and runs it: the
// subcommands (console, check, and later serve and simulate), the stores,
// the ledger, the ATTOM client and the market service.
package bot
