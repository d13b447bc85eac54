package dip

import (
	"math/rand/v2"
	"testing"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// BenchmarkScore scores 1M cases made in memory from a fixed seed.
func BenchmarkScore(b *testing.B) {
	p := defaultTestParams()
	p.RegionAvgCost = money("10000")
	p.TCMBonus = factor("0.1")
	p.SeverityCoefficients = map[string]pv.Factor{"1": factor("1.1"), "2": factor("1.25")}
	s := testScorer(b, p)
	rng := rand.New(rand.NewPCG(1, 2))
	cases := make([]Case, 1_000_000)
	for i := range cases {
		cases[i] = Case{
			Cost:     pv.Money(rng.Int64N(10_000_000) + 100),
			Hospital: int32(rng.IntN(4)),
			Group:    int32(rng.IntN(5)) - 1, // NoGroup or a group
			TCMShare: pv.Factor(rng.Int64N(int64(pv.One))),
			Severity: int16(rng.IntN(3)),
			Flags:    FlagTCM,
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	var sink pv.Points
	for i := 0; i < b.N; i++ {
		for j := range cases {
			r, err := s.Score(&cases[j])
			if err != nil {
				b.Fatal(err)
			}
			sink += r.Points
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/case")
	_ = sink
}
