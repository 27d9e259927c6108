// Package simulate replays agent traffic, synthetic or from a file, through
// the real handlers, market policy, cache and quota ledger, with a fake
// clock and ATTOM's documented API over synthetic data in process
// (attom/synth), and reports hit rate, calls and where answers came from.
package simulate
