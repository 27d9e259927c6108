// Package access decides what a Telegram user may do (stranger, agent or
// admin) from the admin and agent lists, looked up once per update and
// carried in the request's context, and keeps the names people go by.
package access
