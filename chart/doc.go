// Package chart draws the bot's PNG charts in process, in the Go fonts and
// sized for a phone: a ZIP's sales trend (/market) and the month's ATTOM
// calls (/usage and the weekly report). Each chart's layout is computed
// before anything is drawn, so a test checks that nothing is clipped or
// overlaps. The image says what it is (its source and month), since a
// chart is forwarded without its message.
package chart
