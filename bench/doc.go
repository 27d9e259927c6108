// Package bench measures realtybot's cache against what a Go developer would
// otherwise pick (github.com/go-redis/cache: a local TinyLFU in front of
// Redis), in a module of its own so the product does not depend on peers.
// See docs/benchmarks.md for the commands and figures.
package bench
