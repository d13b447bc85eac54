package csvio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"runtime"
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

// BenchmarkReader reads and parses 1M simple records (Text, Enum, Date,
// Money, Bool), with strings that stay valid (the default) and with Reuse.
func BenchmarkReader(b *testing.B) {
	const n = 1_000_000
	data := benchInput(n)
	for _, reuse := range []bool{false, true} {
		name := "stable"
		if reuse {
			name = "reuse"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := NewReaderOptions(bytes.NewReader(data), "cases.csv", nil, Options{Reuse: reuse})
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
		})
	}
}

// casesHeader18 is cases.csv with its 18 columns (docs/formats.md).
const casesHeader18 = "case_id,patient_id,hospital_id,fund,method,group,diagnosis,procedures,treatment," +
	"admit_date,discharge_date,total_cost,patient_share,bedday_category,incomplete,tcm_share,severity,special_points\n"

// casesInput18 makes n cases.csv rows like
// C00002540,P04315461481,H23010000001,resident,drg,OB13,,,,2025-07-14,2025-07-20,8658.21,1892.68,,0,,,
// from a fixed seed.
func casesInput18(n int) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var b bytes.Buffer
	b.WriteString(casesHeader18)
	funds := []string{"employee", "resident"}
	for i := range n {
		m, d := 1+rng.IntN(12), 1+rng.IntN(20)
		fmt.Fprintf(&b, "C%08d,P%011d,H2301%07d,%s,drg,%c%c%d%d,,,,2025-%02d-%02d,2025-%02d-%02d,%d.%02d,%d.%02d,,%d,,,\n",
			i, rng.Int64N(1e11), rng.IntN(300), funds[rng.IntN(2)], 'A'+rune(rng.IntN(26)), 'A'+rune(rng.IntN(26)),
			rng.IntN(10), rng.IntN(10), m, d, m, d+rng.IntN(8), rng.IntN(50000), rng.IntN(100), rng.IntN(5000), rng.IntN(100), rng.IntN(2))
	}
	return b.Bytes()
}

// BenchmarkSplit splits the rows of an 18-column cases.csv into fields:
// encoding/csv (ReuseRecord, as the old reader had it) against the scanner
// and the Reader in both modes. One op is a whole file of splitRows rows;
// ns/row and allocs/row are per row.
func BenchmarkSplit(b *testing.B) {
	const splitRows = 100_000
	data := casesInput18(splitRows)
	run := func(b *testing.B, split func() int) {
		b.SetBytes(int64(len(data)))
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mallocs := ms.Mallocs
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if n := split(); n != splitRows+1 {
				b.Fatalf("%d records", n)
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		rows := float64(b.N) * splitRows
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
		b.ReportMetric(float64(ms.Mallocs-mallocs)/rows, "allocs/row")
	}
	b.Run("encoding-csv", func(b *testing.B) {
		run(b, func() int {
			cr := csv.NewReader(bytes.NewReader(data))
			cr.ReuseRecord = true
			cr.FieldsPerRecord = -1
			n := 0
			for {
				rec, err := cr.Read()
				if err != nil {
					break
				}
				if len(rec) != 18 {
					b.Fatal(len(rec))
				}
				n++
			}
			return n
		})
	})
	for _, reuse := range []bool{false, true} {
		mode := "stable"
		if reuse {
			mode = "reuse"
		}
		b.Run("scanner-"+mode, func(b *testing.B) {
			run(b, func() int {
				s := newScanner(bytes.NewReader(data), UTF8, reuse)
				n := 0
				for s.scan() == recOK {
					if s.nfields != 18 {
						b.Fatal(s.nfields)
					}
					n++
				}
				return n
			})
		})
		b.Run("reader-"+mode, func(b *testing.B) {
			run(b, func() int {
				r := NewReaderOptions(bytes.NewReader(data), "cases.csv", nil, Options{Reuse: reuse})
				n := 1
				for r.Next() {
					n++
				}
				return n
			})
		})
	}
}
