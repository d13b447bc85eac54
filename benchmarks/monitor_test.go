package benchmarks

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/monitor"
	"github.com/dipdrg/dipdrg/param"
)

// monYearCached is a year with the settlement-list columns and the plants
// (synth.Options.Monitoring, Plants): what settle -monitor reads. hospitals 0
// is the generator's default (a hospital per 3,000 cases: 3,333 at 10M).
func monYearCached(b testing.TB, method string, n, hospitals int) *year {
	return cached(b, "monyear/"+method+"/"+sizeName(n)+"/"+strconv.Itoa(hospitals), func() (*year, error) {
		return buildYearOpt(synth.Options{Seed: seed, Cases: n, Method: method, Hospitals: hospitals, Monitoring: true, Plants: true})
	})
}

// readMon reads the year's cases with their settlement-list columns.
func (y *year) readMon() (budget.Input, error) {
	in, err := y.tables()
	if err != nil {
		return in, err
	}
	in.Cases, err = files.ReadCases(bytes.NewReader(y.csv), synth.CasesFile, files.Options{PointScale: in.Policy.PointScale, Monitoring: true})
	return in, err
}

// BenchmarkMonitor is what -monitor adds to settling a year from its files:
// the same cases.csv (with the settlement-list columns) read, settled
// (budget.Settle) and written with SHA-256 as BenchmarkFiles does, once as
// settle does it and once as settle -monitor does (the nine columns read, then
// monitor.Measure and monitoring.csv, alerts.csv written). Metrics per case:
// files-cpu-ns (settle's), monitor-adds (what -monitor adds to it, as a
// fraction: the target is at most 0.30 at 10M), settle-cpu-ns (budget.Settle
// alone) and measure-cpu-ns (Measure and its two files alone), measure/settle.
//
// drg-500h is the DRG year with 500 hospitals instead of the generator's one
// per 3,000 cases: monitoring's counters are per hospital and month, and a
// case updates its own at random, so their number sets what a case costs.
func BenchmarkMonitor(b *testing.B) {
	for _, variant := range []struct {
		name, method string
		hospitals    int
	}{{synth.DRG, synth.DRG, 0}, {synth.DIP, synth.DIP, 0}, {"drg-500h", synth.DRG, 500}} {
		method := variant.method
		for _, n := range sizes() {
			b.Run(variant.name+"/"+sizeName(n), func(b *testing.B) {
				y := monYearCached(b, method, n, variant.hospitals)
				plain, mon := newMeter(n, false), newMeter(n, false)
				var settleCPU, measureCPU time.Duration
				b.ReportAllocs()
				b.ResetTimer()
				b.StopTimer()
				for i := 0; i < b.N; i++ {
					runtime.GC() // the year's garbage is not the run's
					plain.start(b)
					in, err := y.read()
					if err != nil {
						b.Fatal(err)
					}
					c0 := cpuTime()
					res, err := budget.Settle(context.Background(), in, budget.Options{})
					settleCPU += cpuTime() - c0
					checkResult(b, res, err)
					if err := writeAll(res); err != nil {
						b.Fatal(err)
					}
					plain.stop(b)
					in, res = budget.Input{}, nil
					runtime.GC()
					mon.start(b)
					in, err = y.readMon()
					if err != nil {
						b.Fatal(err)
					}
					res, err = budget.Settle(context.Background(), in, budget.Options{})
					checkResult(b, res, err)
					if err := writeAll(res); err != nil {
						b.Fatal(err)
					}
					c0 = cpuTime()
					rep, err := monitor.Measure(res, in, monitor.Options{})
					if err == nil {
						err = monitor.WriteRows(io.Discard, rep)
					}
					if err == nil {
						err = monitor.WriteAlerts(io.Discard, rep)
					}
					measureCPU += cpuTime() - c0
					mon.stop(b)
					if err != nil {
						b.Fatal(err)
					}
					sink += int64(rep.NumRows())
				}
				per := float64(b.N) * float64(n)
				p, m := float64(plain.cpu.Nanoseconds())/per, float64(mon.cpu.Nanoseconds())/per
				st, me := float64(settleCPU.Nanoseconds())/per, float64(measureCPU.Nanoseconds())/per
				b.ReportMetric(p, "files-cpu-ns/case")
				b.ReportMetric(m, "monitored-cpu-ns/case")
				b.ReportMetric(m/p-1, "monitor-adds")
				b.ReportMetric(st, "settle-cpu-ns/case")
				b.ReportMetric(me, "measure-cpu-ns/case")
				b.ReportMetric(me/st, "measure/settle")
				b.ReportMetric(float64(mon.wall.Nanoseconds())/per, "monitored-ns/case")
				b.ReportMetric(readExtra(b, y), "read-extra-cpu-ns/case")
			})
		}
	}
}

// readExtra is the CPU time per case reading the settlement-list columns adds
// to reading cases.csv (best of 2 each).
func readExtra(b *testing.B, y *year) float64 {
	best := func(monitoring bool) float64 {
		t := float64(1 << 62)
		for range 2 {
			runtime.GC()
			c0 := cpuTime()
			bt, err := files.ReadCases(bytes.NewReader(y.csv), synth.CasesFile, files.Options{Monitoring: monitoring})
			d := cpuTime() - c0
			if err != nil {
				b.Fatal(err)
			}
			sink += int64(bt.Len())
			t = min(t, float64(d.Nanoseconds()))
		}
		return t
	}
	return (best(true) - best(false)) / float64(y.n)
}

// sweepScenarios are n values of a sweep of the employee fund's reserve ratio
// (0.01, 0.02, …), as settle -sweep makes them.
func sweepScenarios(b testing.TB, y *year, n int) []monitor.Scenario {
	doc, err := param.ParseJSON(y.policy, synth.PolicyFile)
	if err != nil {
		b.Fatal(err)
	}
	arr := "["
	for k := 1; k <= n; k++ {
		if k > 1 {
			arr += ","
		}
		arr += `"0.` + strconv.Itoa(100 + k)[1:] + `"`
	}
	out, err := monitor.Sweep(doc, "funds.employee.reserve_ratio="+arr+"]")
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkSweep compares a 20-scenario sweep over a year with 20 separate
// settles of it: separate is 20 × (read cases.csv and the tables, Settle), what
// running settle 20 times does but the writing; sweep is one read and
// monitor.WhatIf of the base and the 20 scenarios (the batch shared, its
// case-id order and patients computed once, the years settled in parallel).
// Metrics are per case of the year: sweep/separate is the ratio of their CPU
// times (the target: below 1).
func BenchmarkSweep(b *testing.B) {
	const scenarios = 20
	for _, method := range []string{synth.DRG} {
		n := 1_000_000
		b.Run(method+"/"+sizeName(n), func(b *testing.B) {
			y := yearCached(b, method, n)
			sc := sweepScenarios(b, y, scenarios)
			sep, sw := newMeter(n, false), newMeter(n, false)
			b.ReportAllocs()
			b.ResetTimer()
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				runtime.GC()
				sep.start(b)
				for _, s := range sc {
					in, err := y.read()
					if err != nil {
						b.Fatal(err)
					}
					in.Policy = s.Policy
					res, err := budget.Settle(context.Background(), in, budget.Options{})
					checkResult(b, res, err)
				}
				sep.stop(b)
				runtime.GC()
				sw.start(b)
				in, err := y.read()
				if err != nil {
					b.Fatal(err)
				}
				res, out, err := monitor.WhatIf(context.Background(), in, sc, budget.Options{})
				if err != nil {
					b.Fatal(err)
				}
				sink += int64(len(monitor.Compare(monitor.Base(res, in), out)))
				sw.stop(b)
			}
			per := float64(b.N) * float64(n)
			s, w := float64(sep.cpu.Nanoseconds())/per, float64(sw.cpu.Nanoseconds())/per
			b.ReportMetric(s, "separate-cpu-ns/case")
			b.ReportMetric(w, "sweep-cpu-ns/case")
			b.ReportMetric(float64(sep.wall.Nanoseconds())/per, "separate-ns/case")
			b.ReportMetric(float64(sw.wall.Nanoseconds())/per, "sweep-ns/case")
			b.ReportMetric(w/s, "sweep/separate")
		})
	}
}
