// Package words puts the market's answers into words: a listing's page,
// a record, a market reading, the provenance line and banners every data
// reply carries, and the watch notifications. Only the handlers (and the
// notifier they hand WatchNews to) use it.
package words
