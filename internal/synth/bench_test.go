package synth

import (
	"io"
	"testing"
)

func benchStream(b *testing.B, method string, n int) {
	opt := Options{Seed: 1, Cases: n, Method: method}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var cost int64
		if err := CaseStream(opt, func(c *CaseRecord) bool { cost += int64(c.TotalCost); return true }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/case")
}

func BenchmarkCaseStream1M(b *testing.B) {
	b.Run("drg", func(b *testing.B) { benchStream(b, DRG, 1_000_000) })
	b.Run("dip", func(b *testing.B) { benchStream(b, DIP, 1_000_000) })
}

func BenchmarkWriteCases1M(b *testing.B) {
	opt := Options{Seed: 1, Cases: 1_000_000, Method: DRG}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := WriteCases(io.Discard, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/case")
}

func BenchmarkGenerate1M(b *testing.B) {
	opt := Options{Seed: 1, Cases: 1_000_000, Method: DRG}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Generate(opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/case")
}
