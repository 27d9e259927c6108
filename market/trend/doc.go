// Package trend reads ATTOM's sales trend of a ZIP as yearly points, and
// compares its last two complete years.
package trend
