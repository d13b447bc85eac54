package storetest

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/store"
)

// cpu is the process's CPU time (user + system). A database server's own
// CPU (PostgreSQL) is not in it: wall time is reported beside it.
func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// RoundTrip is the benchmark of a database's year: a synthetic DRG year of n
// cases (fixed seed) is loaded from its CSVs, read back and settled, written
// as a run, and the run exported and compared with the CSV path, row for row.
// It reports wall and CPU ns/case of each step: load, read (the queries into
// a batch), settle, write (the result tables), export.
func RoundTrip(b *testing.B, newSink func(b *testing.B) *store.Sink, n int) {
	dir := b.TempDir()
	batch, err := synth.Generate(synth.Options{Seed: 7, Cases: n})
	if err != nil {
		b.Fatal(err)
	}
	if err := batch.WriteDir(dir); err != nil {
		b.Fatal(err)
	}
	y := Year{Dir: dir}
	want, err := files.Settle(context.Background(), y.Files(), files.Options{})
	if err != nil {
		b.Fatal(err)
	}
	wantCSV := CSV(b, want)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		s := newSink(b)
		step := func(name string, f func()) {
			c0, w0 := cpu(), time.Now()
			f()
			b.ReportMetric(float64(time.Since(w0).Nanoseconds())/float64(n), name+"-wall-ns/case")
			b.ReportMetric(float64((cpu()-c0).Nanoseconds())/float64(n), name+"-cpu-ns/case")
		}
		step("load", func() { Load(b, s, y) })
		src := &store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}
		var in budget.Input
		step("read", func() {
			var err error
			if in, _, err = src.Read(ctx, Base(b, y), store.Options{}); err != nil {
				b.Fatal(err)
			}
		})
		var res *budget.Result
		step("settle", func() {
			var err error
			if res, err = budget.Settle(ctx, in, budget.Options{Sources: src.Sources(y.Files().Sources())}); err != nil {
				b.Fatal(err)
			}
		})
		step("write", func() {
			if err := s.Write(ctx, "bench", res); err != nil {
				b.Fatal(err)
			}
		})
		b.StopTimer()
		Equal(b, s, "bench", wantCSV)
		b.StartTimer()
	}
}
