package readmit

import (
	"math/rand/v2"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

var day0 = pv.DateOf(2025, 1, 1)

// st builds a stay with dates as day numbers from 2025-01-01 (day 1 = Jan 2).
func st(patient, hospital, group int32, admit, discharge int) Stay {
	return Stay{Patient: patient, Hospital: hospital, Group: group,
		Admit: day0 + pv.Date(admit), Discharge: day0 + pv.Date(discharge)}
}

func exempt(s Stay) Stay { s.Exempt = true; return s }

func markSet(stays []Stay, days int) []int {
	reduced := make([]bool, len(stays))
	Mark(stays, days, reduced)
	var out []int
	for i, r := range reduced {
		if r {
			out = append(out, i)
		}
	}
	return out
}

func TestMark(t *testing.T) {
	tests := []struct {
		name  string
		stays []Stay
		days  int
		want  []int // indices reduced
	}{
		// V10: discharged day 10, readmitted day 20 (10 days later, ≤ 15): the earlier is reduced
		// (120 points × 0.5 = 60.0000, applied by the scorer).
		{"V10 readmitted day 10", []Stay{st(1, 1, 1, 0, 10), st(1, 1, 1, 20, 25)}, 15, []int{0}},
		// gap 10 − 10 = 0: linked
		{"gap 0", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 10, 20)}, 15, []int{0}},
		// gap 25 − 10 = 15 = days: linked (edge inclusive)
		{"gap = days", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 25, 30)}, 15, []int{0}},
		// gap 26 − 10 = 16 = days + 1: not linked
		{"gap = days+1", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 26, 30)}, 15, nil},
		// overlap: 5 − 10 = −5 < 0: not linked
		{"negative gap", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 5, 20)}, 15, nil},
		// days 0: only a same-day readmission links (gap 0); gap 1 does not
		{"window 0 gap 0", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 10, 12)}, 0, []int{0}},
		{"window 0 gap 1", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 11, 12)}, 0, nil},
		{"rule off", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 10, 20)}, -1, nil},
		{"different hospital", []Stay{st(1, 1, 1, 1, 10), st(1, 2, 1, 12, 20)}, 15, nil},
		{"different group", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 2, 12, 20)}, 15, nil},
		{"different patient", []Stay{st(1, 1, 1, 1, 10), st(2, 1, 1, 12, 20)}, 15, nil},
		{"no patient id", []Stay{st(-1, 1, 1, 1, 10), st(-1, 1, 1, 12, 20)}, 15, nil},
		{"ungrouped or bed-day", []Stay{st(1, 1, -1, 1, 10), st(1, 1, -1, 12, 20)}, 15, nil},
		// an exempt (approved special) earlier stay is never reduced …
		{"exempt earlier", []Stay{exempt(st(1, 1, 1, 1, 10)), st(1, 1, 1, 12, 20)}, 15, nil},
		// … but an exempt later stay reduces the earlier one
		{"exempt later", []Stay{st(1, 1, 1, 1, 10), exempt(st(1, 1, 1, 12, 20))}, 15, []int{0}},
		// chain: 12 − 10 = 2 links 0→1, 25 − 20 = 5 links 1→2; the last is not reduced
		{"chain of three", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 12, 20), st(1, 1, 1, 25, 30)}, 15, []int{0, 1}},
		// the chain given in reverse case-id order: same stays reduced (indices 2 and 1)
		{"chain reversed ids", []Stay{st(1, 1, 1, 25, 30), st(1, 1, 1, 12, 20), st(1, 1, 1, 1, 10)}, 15, []int{1, 2}},
		// one later stay reduces two overlapping earlier ones: 15−10 = 5, 15−12 = 3 (3 − 10 = −7 between them)
		{"two earlier", []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 3, 12), st(1, 1, 1, 15, 20)}, 15, []int{0, 1}},
		// identical dates: order falls to the index; 10 − 10 = 0 links index 0 to index 1 only
		{"tie by index", []Stay{st(1, 1, 1, 10, 10), st(1, 1, 1, 10, 10)}, 15, []int{0}},
		// same discharge, the later admission sorts later whatever the index: [1,10] (index 1) is reduced by [10,10] (index 0)
		{"tie by admission", []Stay{st(1, 1, 1, 10, 10), st(1, 1, 1, 1, 10)}, 15, []int{1}},
		// discharge order decides, not admission: [1,30] sorts after [20,25]; 20 − 30 < 0 and 1 − 25 < 0: no link
		{"long stay spanning", []Stay{st(1, 1, 1, 1, 30), st(1, 1, 1, 20, 25)}, 15, nil},
		// a long stay admitted within the window of an earlier stay: 8 − 5 = 3 links [1,5]
		{"long later stay", []Stay{st(1, 1, 1, 1, 5), st(1, 1, 1, 8, 200)}, 15, []int{0}},
		{"empty", nil, 15, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := gocmp.Diff(tc.want, markSet(tc.stays, tc.days)); d != "" {
				t.Fatalf("Mark (-want +got):\n%s", d)
			}
		})
	}
}

func TestMarkShortReduced(t *testing.T) {
	// A reduced slice shorter than stays: only the first len(reduced) stays are considered, no panic.
	stays := []Stay{st(1, 1, 1, 1, 10), st(1, 1, 1, 12, 20), st(1, 1, 1, 25, 30)}
	reduced := make([]bool, 2)
	Mark(stays, 15, reduced)
	if d := gocmp.Diff([]bool{true, false}, reduced); d != "" {
		t.Fatal(d)
	}
}

// brute is the definition of A25 evaluated pair by pair.
func brute(stays []Stay, days int) []int {
	if days < 0 {
		return nil
	}
	before := func(i, j int) bool { // i sorts before j in (discharge, admit, index)
		a, b := stays[i], stays[j]
		if a.Discharge != b.Discharge {
			return a.Discharge < b.Discharge
		}
		if a.Admit != b.Admit {
			return a.Admit < b.Admit
		}
		return i < j
	}
	var out []int
	for i, a := range stays {
		if a.Patient < 0 || a.Group < 0 || a.Exempt {
			continue
		}
		for j, b := range stays {
			gap := int(b.Admit) - int(a.Discharge)
			if j != i && b.Patient == a.Patient && b.Hospital == a.Hospital && b.Group == a.Group &&
				before(i, j) && gap >= 0 && gap <= days {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func randomStays(r *rand.Rand, n int) []Stay {
	stays := make([]Stay, n)
	for i := range stays {
		a := r.IntN(120)
		d := a + r.IntN(25)
		if r.IntN(20) == 0 {
			d = a - 1 - r.IntN(3) // bad dates must not break anything
		}
		stays[i] = st(int32(r.IntN(6))-1, int32(r.IntN(2)), int32(r.IntN(3))-1, a, d)
		stays[i].Exempt = r.IntN(8) == 0
	}
	return stays
}

// TestMarkAgrees: Mark reduces the stays the pair-by-pair definition does.
func TestMarkAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 25))
	for iter := 0; iter < 400; iter++ {
		stays := randomStays(r, 1+r.IntN(120))
		days := r.IntN(20) - 1
		want := brute(stays, days)
		if d := gocmp.Diff(want, markSet(stays, days)); d != "" {
			t.Fatalf("iter %d days %d: Mark vs definition (-want +got):\n%s", iter, days, d)
		}
	}
}

func BenchmarkMark(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	stays := make([]Stay, 1_000_000)
	for i := range stays {
		a := r.IntN(365)
		stays[i] = st(int32(r.IntN(300_000)), int32(r.IntN(50)), int32(r.IntN(800)), a, a+1+r.IntN(20))
	}
	reduced := make([]bool, len(stays))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clear(reduced)
		Mark(stays, 15, reduced)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(stays)), "ns/case")
}

// TestMarkBy: MarkBy reduces what Mark reduces, and names for each reduced
// stay the first later stay in (discharge, admit, index) order that links to
// it: the readmission cases_explained.csv shows.
func TestMarkBy(t *testing.T) {
	// 0 earlier; 1 and 2 both readmissions within 15 days of 0 (1 discharged
	// first: it reduces 0); 2 also reduces 1; 3 exempt is reduced by nobody but
	// reduces 2; 4 another patient.
	stays := []Stay{st(1, 1, 1, 0, 10), st(1, 1, 1, 12, 14), st(1, 1, 1, 15, 20), exempt(st(1, 1, 1, 21, 22)), st(2, 1, 1, 0, 3)}
	by := []int32{-1, -1, -1, -1, -1}
	MarkBy(stays, 15, by)
	if want := []int32{1, 2, 3, -1, -1}; !gocmp.Equal(by, want) {
		t.Errorf("by %v, want %v", by, want)
	}
	// The same reduced set as Mark, on random years.
	rng := rand.New(rand.NewPCG(14, 7))
	for range 200 {
		n := 1 + rng.IntN(40)
		stays := make([]Stay, n)
		for i := range stays {
			a := rng.IntN(60)
			stays[i] = st(int32(rng.IntN(3)), int32(rng.IntN(2)), int32(rng.IntN(2)), a, a+rng.IntN(10))
			stays[i].Exempt = rng.IntN(8) == 0
		}
		reduced := make([]bool, n)
		Mark(stays, 10, reduced)
		by := make([]int32, n)
		for i := range by {
			by[i] = -1
		}
		MarkBy(stays, 10, by)
		for i := range stays {
			if reduced[i] != (by[i] >= 0) {
				t.Fatalf("stay %d: Mark %v, MarkBy %d", i, reduced[i], by[i])
			}
			if j := by[i]; j >= 0 {
				a, b := stays[i], stays[j]
				gap := b.Admit - a.Discharge
				if a.Patient != b.Patient || a.Hospital != b.Hospital || a.Group != b.Group || gap < 0 || gap > 10 || a.Exempt {
					t.Fatalf("stay %d reduced by %d: %+v %+v", i, j, a, b)
				}
			}
		}
	}
}
