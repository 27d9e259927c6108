// Package handlers holds the agents' and admins' commands: parsing and
// validating input, access control, and rendering replies (HTML for Telegram,
// plain text for the console) that always say where their data came from.
// It knows nothing of Redis or of ATTOM's HTTP details; the Telegram bot and
// the console both call Handler.Handle.
package handlers
