// Package handlers holds the agents' and admins' commands: parsing and
// validating input, routing, and the middlewares around every command (the
// role, looked up once per update; the log line and metrics; a command
// typed without its slash). The wording of answers lives in handlers/words
// and the reply writer in handlers/reply. It knows nothing of Redis or of
// ATTOM's HTTP details; the Telegram bot and the console both call
// Handler.Handle.
package handlers
