// Package reply writes the bot's replies: one Writer for Telegram HTML or
// plain text, the number and money formats every reply shares, and the cut
// that keeps a reply valid within Telegram's 4096 UTF-16 units.
package reply
