// Package bench measures realtybot's cache against what a Go developer would
// otherwise pick (github.com/go-redis/cache: a local TinyLFU in front of
// Redis), in a module of its own so the product does not depend on peers.
// bench/sidebyside runs the side-by-side pairs (make bench) and writes
// their ratios into docs/benchmarks.md. See there for the figures.
package bench
