package csvio

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchInput makes n simple records from a fixed seed.
func benchInput(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("case_id,hospital_id,fund,discharge_date,total_cost,incomplete\n")
	funds := []string{"employee", "resident", "职工", "居民"}
	for i := range n {
		fmt.Fprintf(&b, "C%07d,H%03d,%s,2025-%02d-%02d,%d.%02d,%d\n", i, rng.IntN(300), funds[rng.IntN(4)],
			1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(100000), rng.IntN(100), rng.IntN(2))
	}
	return b.Bytes()
}

func BenchmarkReader(b *testing.B) {
	const n = 1_000_000
	data := benchInput(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := NewReader(bytes.NewReader(data), "cases.csv", nil)
		id, h, fd := r.Col("case_id", true), r.Col("hospital_id", true), r.Col("fund", true)
		day, cost, inc := r.Col("discharge_date", true), r.Col("total_cost", true), r.Col("incomplete", false)
		recs := 0
		for r.Next() {
			r.Text(id)
			r.Text(h)
			r.Enum(fd, fund, 0)
			r.Date(day)
			r.Money(cost, 0)
			r.Bool(inc, false)
			recs++
		}
		if recs != n || r.Errs().Len() != 0 {
			b.Fatalf("%d records, %v", recs, r.Errs().Err())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
}
