package benchmarks

import (
	"sync"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/shopspring/decimal"
)

// Every benchmark uses the classic b.N loop: Go 1.26.8's compiler crashes on a
// b.Loop body that calls shopspring/decimal methods.
//
// Metrics: ns/case (the elapsed time ÷ b.N ÷ cases), and where the same process
// can compute it, ratio-to-floor (ns/case ÷ the floor's ns/case on the same
// cases, the floor timed once per data set) and naive-to-drg (the naive decimal
// loop's ns/case ÷ the DRG core loop's, when BenchmarkDRG ran first in the
// process, as it does with -bench .).

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
	floor map[string]float64 // data set → floor ns/case, timed once
	ns    map[string]float64 // benchmark/size → ns/case of its last run
}

// floorNs times the floor on costs once per data set (best of 5 passes).
func floorNs(key string, costs []int64) float64 {
	measured.Lock()
	defer measured.Unlock()
	if v, ok := measured.floor[key]; ok {
		return v
	}
	best := time.Duration(1 << 62)
	for range 5 {
		t := time.Now()
		sink += floorSum(costs)
		best = min(best, time.Since(t))
	}
	v := float64(best.Nanoseconds()) / float64(max(1, len(costs)))
	if measured.floor == nil {
		measured.floor = map[string]float64{}
	}
	measured.floor[key] = v
	return v
}

func record(key string, ns float64) {
	measured.Lock()
	defer measured.Unlock()
	if measured.ns == nil {
		measured.ns = map[string]float64{}
	}
	measured.ns[key] = ns
}

func lookup(key string) (float64, bool) {
	measured.Lock()
	defer measured.Unlock()
	v, ok := measured.ns[key]
	return v, ok
}

// perCase reports ns/case and returns it.
func perCase(b *testing.B, cases int) float64 {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(max(1, cases))
	b.ReportMetric(ns, "ns/case")
	return ns
}

func drgKey(n int) string { return "drg/" + sizeName(n) }
func dipKey(n int) string { return "dip/" + sizeName(n) }

func drgCached(b *testing.B, n int) *drgData {
	d, err := cached(drgKey(n), func() (*drgData, error) { return buildDRG(n) })
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkFloor sums the costs of the DRG cases of the batch: the floor.
func BenchmarkFloor(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			d := drgCached(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sink += floorSum(d.costs)
			}
			ns := perCase(b, len(d.costs))
			record("floor/"+sizeName(n), ns)
		})
	}
}

// drgLoop is the DRG core loop: score every compact case and add it to the
// (pool, hospital) totals, pool = fund — drg.Scorer.Total over each fund's cases
// into that fund's row of the accumulator.
func drgLoop(d *drgData, acc *pointvalue.Accumulator) error {
	for f := range d.cases {
		rows := acc.PoolRow(f, len(d.w.hospitals))
		if _, err := d.scorers[f].Total(d.cases[f], rows); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkDRG is (a): DRG scoring + aggregation over prepared compact records.
func BenchmarkDRG(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			d := drgCached(b, n)
			benchLoop(b, "drg/"+sizeName(n), floorNs(drgKey(n), d.costs), d.n, len(d.w.hospitals),
				func(acc *pointvalue.Accumulator) error { return drgLoop(d, acc) })
		})
	}
}

// benchLoop times loop over a data set of n cases, adding into an accumulator
// of every (fund, hospital), and reports ns/case and the ratio to the floor.
func benchLoop(b *testing.B, name string, floor float64, n, hospitals int, loop func(*pointvalue.Accumulator) error) {
	acc := pointvalue.NewAccumulator(param.NumFunds, hospitals)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := loop(acc); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := acc.Err(); err != nil {
		b.Fatal(err)
	}
	ns := perCase(b, n)
	b.ReportMetric(ns/floor, "ratio-to-floor")
	record(name, ns)
}

type naiveData struct {
	d    *drgData
	recs [param.NumFunds][]naiveCase
	m    [param.NumFunds]decimal.Decimal
}

// BenchmarkNaiveDRG is the naive baseline: DRG-5 on decimal.Decimal records,
// per-hospital decimal sums in a map keyed by hospital id.
func BenchmarkNaiveDRG(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			nd, err := cached("naive/"+sizeName(n), func() (*naiveData, error) {
				d, err := buildDRG(n)
				if err != nil {
					return nil, err
				}
				nd := &naiveData{d: d}
				nd.recs, nd.m = naiveDRG(d)
				return nd, nil
			})
			if err != nil {
				b.Fatal(err)
			}
			floor := floorNs(drgKey(n), nd.d.costs)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sums := naiveLoop(&nd.recs, &nd.m)
				sink += int64(len(sums[0]))
			}
			b.StopTimer()
			ns := perCase(b, nd.d.n)
			b.ReportMetric(ns/floor, "ratio-to-floor")
			if fast, ok := lookup("drg/" + sizeName(n)); ok {
				b.ReportMetric(ns/fast, "naive-to-drg")
			}
			record("naive/"+sizeName(n), ns)
		})
	}
}

func dipCached(b *testing.B, n int) *dipData {
	d, err := cached(dipKey(n), func() (*dipData, error) { return buildDIP(n) })
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// dipLoop is the DIP core loop: DIP-3 grouping from the case's fields (a given
// code is looked up), Score, and the (pool, hospital) totals.
func dipLoop(d *dipData, acc *pointvalue.Accumulator) error {
	cat := d.w.catalog
	for f := range d.cases {
		s, cs := d.scorers[f], d.cases[f]
		for j := range cs {
			in := &cs[j]
			c := in.c
			g, given := cat.Resolve(in.code, in.diag, in.procedures, in.treatment)
			c.Group = g
			if given {
				c.Flags |= dip.FlagGiven
			}
			r, err := s.Score(&c)
			if err != nil {
				return err
			}
			acc.Add(f, int(c.Hospital), r.Points, c.Share, c.Cost)
		}
	}
	return nil
}

// BenchmarkDIP is (b): DIP grouping + scoring + aggregation.
func BenchmarkDIP(b *testing.B) {
	for _, n := range sizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			d := dipCached(b, n)
			benchLoop(b, "dip/"+sizeName(n), floorNs(dipKey(n), d.costs), d.n, len(d.w.hospitals),
				func(acc *pointvalue.Accumulator) error { return dipLoop(d, acc) })
		})
	}
}

// yearSizes are the sizes of the whole-year benchmarks: 1M and 10M; 1M only
// under -short, like the others.
func yearSizes() []int { return sizes() }

func yearCached(b *testing.B, method string, n int) *year {
	y, err := cached("year/"+method+"/"+sizeName(n), func() (*year, error) { return buildYear(method, n) })
	if err != nil {
		b.Fatal(err)
	}
	return y
}

func checkResult(b *testing.B, res *budget.Result, err error) {
	if err != nil {
		b.Fatal(err)
	}
	if !res.Balanced() {
		b.Fatal("ledger does not balance")
	}
}

// BenchmarkYear is (c): budget.Settle of a whole synth year (both funds, every
// method: DRG or DIP, bed-day, per capita; readmissions and special review).
func BenchmarkYear(b *testing.B) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		for _, n := range yearSizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				y := yearCached(b, method, n)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					res, err := budget.Settle(y.in)
					checkResult(b, res, err)
				}
				b.StopTimer()
				perCase(b, len(y.in.Cases))
			})
		}
	}
}

// BenchmarkCSV is (d): read every input of the year from its CSV/JSON bytes
// (budget.ReadCases over synth.WriteCases's bytes, and the small tables) and settle.
func BenchmarkCSV(b *testing.B) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		for _, n := range yearSizes() {
			b.Run(method+"/"+sizeName(n), func(b *testing.B) {
				y := yearCached(b, method, n)
				b.SetBytes(int64(len(y.csv)))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					in, err := y.read()
					if err != nil {
						b.Fatal(err)
					}
					res, err := budget.Settle(in)
					checkResult(b, res, err)
				}
				b.StopTimer()
				ns := perCase(b, len(y.in.Cases))
				b.ReportMetric(1e9/ns, "cases/s")
			})
		}
	}
}
