package pointvalue

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
)

// TestVectors runs testdata/vectors.csv: the spec's reference vectors V1 and V2
// (docs/rules.md section 12, copied with their source noted) and hand-worked
// point values, through Floating — in the style of apd's decTest files.
func TestVectors(t *testing.T) {
	f, err := os.Open("testdata/vectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.Comment = '#'
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 {
		t.Fatalf("only %d rows in vectors.csv", len(rows))
	}
	for _, row := range rows[1:] {
		t.Run(row[0], func(t *testing.T) {
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("row %v: %v", row, err)
				}
			}
			form, err := ParseFormula(row[1])
			must(err)
			pool, err := ParseMoney(row[2])
			must(err)
			share, err := ParseMoney(row[3])
			must(err)
			var ratio Factor
			if row[4] != "" {
				ratio, err = ParseFactor(row[4])
				must(err)
			}
			pts, err := ParsePoints(row[5], 8)
			must(err)
			scale, err := strconv.Atoi(row[6])
			must(err)
			r, err := ParseRounding(row[7])
			must(err)
			want, err := ParsePointValue(row[8])
			must(err)
			got, ok, err := Floating(form, Pool{Money: pool, Share: share, Points: pts}, ratio, scale, r)
			if err != nil || !ok || got != want {
				t.Errorf("%s (%s): PV = %s, %v, %v; want %s", row[0], row[9], got.Format(8), ok, err, row[8])
			}
		})
	}
}
