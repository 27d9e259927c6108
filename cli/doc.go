// Package cli is realtybot's command line: run, check, console, simulate,
// version, healthcheck and the serve entry. The wiring lives in app, the
// Telegram bot in bot, the scheduled tasks in maintenance and the traffic
// replay in simulate.
package cli
