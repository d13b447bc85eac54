// Package benchmarks holds the library's performance measurements (issue 7):
// `go test -bench` benchmarks of the DRG and DIP scoring loops, a whole
// settlement year and a CSV batch read and settled, at 1M and 10M cases made in
// memory from a fixed seed by internal/synth, next to two baselines (a floor
// that only sums the case costs, and a naive shopspring/decimal DRG-5). There is
// no library code here: everything is in the _test.go files; README.md gives the
// measured table and how to reproduce it.
package benchmarks
