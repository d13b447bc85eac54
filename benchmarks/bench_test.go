package benchmarks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
)

// Every benchmark uses the classic b.N loop: Go 1.26.8's compiler crashes on a
// b.Loop body that calls shopspring/decimal methods.
//
// Metrics, per case: ns/case (wall), cpu-ns/case (process CPU time, user +
// system, from getrusage: the machine is shared and wall times vary 2–3×),
// B/case (bytes allocated) and, for the whole-year benchmarks, peak-B/case
// (the live heap's peak growth). The loops also report ratio-to-floor and the
// naive baseline naive-to-loop, each measured in the same run next to them.

var sink int64

// floorSum is the floor: one pass summing the case costs, the least any scorer must read.
func floorSum(costs []int64) int64 {
	var s int64
	for _, c := range costs {
		s += c
	}
	return s
}

var measured struct {
	sync.Mutex
	ns map[string]float64
}

func record(key string, ns float64) {
	measured.Lock()
	defer measured.Unlock()
	if measured.ns == nil {
		measured.ns = map[string]float64{}
	}
	measured.ns[key] = ns
}

// floorNs times the floor over costs (best of 5 passes).
func floorNs(costs []int64) float64 {
	best := time.Duration(1 << 62)
	for range 5 {
		t := time.Now()
		sink += floorSum(costs)
		best = min(best, time.Since(t))
	}
	return float64(best.Nanoseconds()) / float64(max(1, len(costs)))
}

// BenchmarkFloor sums the costs of the DRG cases of the year: the floor.
func BenchmarkFloor(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			d := loopCached(b, synth.DRG, n)
			m := newMeter(d.n, false)
			b.ReportAllocs()
			b.ResetTimer()
			b.StopTimer()
			m.start(b)
			for i := 0; i < b.N; i++ {
				sink += floorSum(d.costs)
			}
			m.stop(b)
			m.report(b)
		})
	}
}

// BenchmarkLoop is the scoring loop of each method exactly as Settle runs it
// (ScoreRows per fund over rows in row order, writing the per-case points and
// outcome columns), with the floor and, for DRG, the naive decimal baseline
// timed in the same run on the same cases.
func BenchmarkLoop(b *testing.B) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		for _, n := range sizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				d := loopCached(b, method, n)
				floor := floorNs(d.costs)
				m := newMeter(d.n, false)
				b.ReportAllocs()
				b.ResetTimer()
				b.StopTimer()
				m.start(b)
				for i := 0; i < b.N; i++ {
					if err := d.scoreAll(); err != nil {
						b.Fatal(err)
					}
				}
				m.stop(b)
				m.report(b)
				ns := float64(m.wall.Nanoseconds()) / float64(b.N) / float64(d.n)
				b.ReportMetric(ns/floor, "ratio-to-floor")
				record("loop/"+method+"/"+sizeName(n), ns)
				if method == synth.DRG {
					naive := naiveNs(b, d)
					b.ReportMetric(naive, "naive-ns/case")
					b.ReportMetric(naive/ns, "naive-to-loop")
				}
			})
		}
	}
}

// naiveNs times the naive baseline once over the loop's cases (best of 2 at
// most 1M cases: the baseline's garbage makes longer runs swing).
func naiveNs(b *testing.B, d *loopData) float64 {
	recs, ms := naiveDRG(d)
	best := time.Duration(1 << 62)
	for range 2 {
		t := time.Now()
		sums := naiveLoop(recs, ms, d)
		best = min(best, time.Since(t))
		sink += int64(len(sums[0]))
	}
	return float64(best.Nanoseconds()) / float64(d.n)
}

// BenchmarkNaiveDRG is the naive baseline alone: DRG-5 on decimal.Decimal
// records, per-hospital decimal sums in a map keyed by hospital id.
func BenchmarkNaiveDRG(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			d := loopCached(b, synth.DRG, n)
			recs, ms := naiveDRG(d)
			m := newMeter(d.n, false)
			b.ReportAllocs()
			b.ResetTimer()
			b.StopTimer()
			m.start(b)
			for i := 0; i < b.N; i++ {
				sums := naiveLoop(recs, ms, d)
				sink += int64(len(sums[0]))
			}
			m.stop(b)
			m.report(b)
		})
	}
}

func checkResult(b *testing.B, res *budget.Result, err error) {
	if err != nil {
		b.Fatal(err)
	}
	if !res.Balanced() {
		b.Fatal("ledger does not balance")
	}
}

// BenchmarkSettle is budget.Settle of a whole year in memory (both funds, every
// method: DRG or DIP, bed-day, per capita; readmissions and special review),
// on a batch read from cases.csv before the timer starts (a fresh batch each
// time: Settle keeps the case-id order it computes in the batch).
func BenchmarkSettle(b *testing.B) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		for _, n := range sizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				y := yearCached(b, method, n)
				m := newMeter(n, true)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					in, err := y.read()
					if err != nil {
						b.Fatal(err)
					}
					m.start(b)
					res, err := budget.Settle(context.Background(), in, budget.Options{})
					m.stop(b)
					checkResult(b, res, err)
				}
				m.report(b)
			})
		}
	}
}

// BenchmarkFiles is what examples/settle does with a year in memory: read
// cases.csv and the small tables from their bytes, settle, and write the four
// outputs with their SHA-256 (what run.json records), to io.Discard.
func BenchmarkFiles(b *testing.B) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		for _, n := range sizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				y := yearCached(b, method, n)
				m := newMeter(n, true)
				b.SetBytes(int64(len(y.csv)))
				b.ReportAllocs()
				b.ResetTimer()
				b.StopTimer()
				for i := 0; i < b.N; i++ {
					m.start(b)
					in, err := y.read()
					if err != nil {
						b.Fatal(err)
					}
					res, err := budget.Settle(context.Background(), in, budget.Options{})
					checkResult(b, res, err)
					if err := writeAll(res); err != nil {
						b.Fatal(err)
					}
					m.stop(b)
				}
				m.report(b)
			})
		}
	}
}

// writeAll writes the four outputs through SHA-256 to io.Discard.
func writeAll(res *budget.Result) error {
	for _, w := range []func(io.Writer) error{
		func(w io.Writer) error { return files.WriteCases(w, res) },
		func(w io.Writer) error { return files.WriteHospitals(w, res) },
		func(w io.Writer) error { return files.WritePools(w, res) },
		func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) },
	} {
		h := sha256.New()
		if err := w(io.MultiWriter(h, io.Discard)); err != nil {
			return err
		}
		sink += int64(h.Sum(nil)[0])
	}
	return nil
}

// BenchmarkStream is the streamed year from cases.csv's bytes (budget.Stream
// through files' case reader: one read, runs spilled to a temporary directory,
// windows of 1<<19 cases) with the outputs written as BenchmarkFiles does. Its
// peak RSS as a process is measured by scripts/stream-memory.sh.
func BenchmarkStream(b *testing.B) {
	for _, method := range []string{synth.DRG} {
		for _, n := range sizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				y := yearCached(b, method, n)
				m := newMeter(n, true)
				b.ReportAllocs()
				b.ResetTimer()
				b.StopTimer()
				for i := 0; i < b.N; i++ {
					m.start(b)
					in, err := y.tables()
					if err != nil {
						b.Fatal(err)
					}
					s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{TempDir: b.TempDir()})
					if err != nil {
						b.Fatal(err)
					}
					cr := files.NewCaseReader(bytes.NewReader(y.csv), synth.CasesFile, files.Options{}, nil)
					batch := &budget.Batch{}
					var c budget.Case
					for cr.Next(&c) {
						batch.Append(&c)
						if batch.Len() == 1<<19 {
							if err := s.Add(batch); err != nil {
								b.Fatal(err)
							}
							batch.Reset()
						}
					}
					if err := s.Add(batch); err != nil {
						b.Fatal(err)
					}
					res, err := s.Settle()
					checkResult(b, res, err)
					if err := writeAll(res); err != nil {
						b.Fatal(err)
					}
					res.Close()
					m.stop(b)
				}
				m.report(b)
			})
		}
	}
}
