package drg

import (
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func BenchmarkScore(b *testing.B) {
	s := testScorer(b, nil)
	cases := randomCases(newRand(), 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cases[i%len(cases)]
		if _, err := s.Score(c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/case")
	_ = pointvalue.One
}
