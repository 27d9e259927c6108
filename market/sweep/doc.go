// Package sweep is the store's cleanup: daily, the entries whose storage
// window ended (found without a scan) and their index members; monthly, a
// full scan that also removes dangling index members and entries that no
// longer decode. It never calls ATTOM.
package sweep
