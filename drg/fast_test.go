package drg

import (
	"github.com/dipdrg/dipdrg/param"
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestPointsMatchesScore: the fast path of Points is only a shortcut — on random
// cases around every class boundary it returns exactly Score(c).Points.
func TestPointsMatchesScore(t *testing.T) {
	w, err := HarbinWeights2024()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, rounding := range []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven, pointvalue.Down} {
		for k, scale := range []int{2, 4, 8} {
			p := defaultTestParams()
			p.Rounding, p.PointScale = rounding, scale
			p.ReadmitFactor = pointvalue.MustFactor([]string{"0.5", "0.3333", "0.12345678"}[k])
			if rounding == pointvalue.Down && scale == 4 {
				p.ReadmitRule = param.ReadmitNone // the flag is then ignored (DRG-7 off)
			}
			p.RegionAvgCost = pointvalue.MustMoney("10000.00")
			coefs := []pointvalue.Factor{pointvalue.One, pointvalue.MustFactor("1.1234"), pointvalue.MustFactor("0.87654321"), pointvalue.MustFactor("1.5")}
			s, err := newTestScorer(w, p, coefs)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 20000; i++ {
				g := int32(rng.IntN(len(w.Groups)))
				nb := s.bands[g]
				var cost int64
				switch rng.IntN(4) {
				case 0:
					cost = nb.lo + rng.Int64N(3) - 1 // around the low boundary
				case 1:
					cost = nb.hi + rng.Int64N(3) - 1 // around the high boundary
				default:
					cost = nb.lo + rng.Int64N(max(nb.hi-nb.lo, 1))
				}
				c := Case{Cost: pointvalue.Money(max(cost, 0)), Hospital: int32(rng.IntN(len(coefs))), Group: g}
				switch rng.IntN(10) {
				case 0:
					c.Flags = FlagIncomplete
				case 1, 2:
					c.Flags = FlagReadmitted // the earlier stay of a readmission (DRG-7)
				}
				res, err1 := s.Score(&c)
				got, err2 := s.Points(&c)
				if (err1 == nil) != (err2 == nil) || res.Points != got {
					t.Fatalf("case %+v: Score %s (%v), Points %s (%v)", c, res.Points, err1, got, err2)
				}
				// The band is the normal class exactly (DRG-5, strict comparisons).
				inBand := nb.ok && int64(c.Cost) >= nb.lo && int64(c.Cost) <= nb.hi
				if c.Flags == 0 && nb.ok && inBand != (res.Class == Normal) {
					t.Fatalf("case %+v: class %s but band [%d, %d]", c, res.Class, nb.lo, nb.hi)
				}
			}
		}
	}
}

// TestNormalBandEdges checks the band by hand for GB11-like numbers: base 150
// (RW 1.5), reference 15,000.00, T(150) = 2, LowRatio 0.4: high above
// 2 × 15,000.00 = 30,000.00, low below 0.4 × 15,000.00 = 6,000.00.
func TestNormalBandEdges(t *testing.T) {
	w, err := NewWeights([]Group{{Code: "GB11", Weight: pointvalue.MustFactor("1.5"), AvgCost: pointvalue.MustMoney("15000.00"), Stable: true}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := newTestScorer(w, defaultTestParams(), []pointvalue.Factor{pointvalue.MustFactor("1.1")})
	if err != nil {
		t.Fatal(err)
	}
	nb := s.bands[0]
	if nb.lo != 600000 || nb.hi != 3000000 {
		t.Fatalf("band [%d, %d], want [600000, 3000000]", nb.lo, nb.hi)
	}
	for _, tc := range []struct {
		cost  string
		class Class
		pts   string
	}{
		{"30000.00", Normal, "165.0000"}, // ratio exactly 2 is not high: 150 × 1.1
		{"30000.01", High, "165.0001"},   // 165 + 150 × (3000001/1500000 − 2) = 165 + 0.0001
		{"6000.00", Normal, "165.0000"},  // ratio exactly 0.4 is not low
		{"5999.99", Low, "65.9999"},      // min(150, 150 × 1.1 × 599999/1500000) = 65.99989 → 65.9999
	} {
		c := Case{Cost: pointvalue.MustMoney(tc.cost), Group: 0}
		res, err := s.Score(&c)
		if err != nil || res.Class != tc.class || res.Points != pointvalue.MustPoints(tc.pts) {
			t.Errorf("cost %s: %s %s %v, want %s %s", tc.cost, res.Class, res.Points, err, tc.class, tc.pts)
		}
		if p, _ := s.Points(&c); p != pointvalue.MustPoints(tc.pts) {
			t.Errorf("cost %s: Points %s, want %s", tc.cost, p, tc.pts)
		}
	}
}

func TestPointsAllocs(t *testing.T) {
	w, _ := HarbinWeights2024()
	s, err := newTestScorer(w, defaultTestParams(), []pointvalue.Factor{pointvalue.MustFactor("1.05")})
	if err != nil {
		t.Fatal(err)
	}
	c := Case{Cost: pointvalue.MustMoney("8000.00"), Group: 5}
	if n := testing.AllocsPerRun(1000, func() { _, _ = s.Points(&c) }); n != 0 {
		t.Fatalf("Points allocates %v times", n)
	}
}

// TestTotalMatchesScore: Total's per-hospital sums are the sums of Score's points,
// shares and costs, case by case (PV-4: the exact sum of rounded case points).
func TestTotalMatchesScore(t *testing.T) {
	w, _ := HarbinWeights2024()
	p := defaultTestParams()
	p.RegionAvgCost = pointvalue.MustMoney("10000.00")
	coefs := []pointvalue.Factor{pointvalue.One, pointvalue.MustFactor("1.2345"), pointvalue.MustFactor("0.87654321")}
	s, err := newTestScorer(w, p, coefs)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	cases := make([]Case, 5000)
	for i := range cases {
		g := int32(rng.IntN(len(w.Groups))) - 1 // some NoGroup
		ref := int64(10000_00)
		if g >= 0 {
			ref = int64(w.Groups[g].Weight) / 100
		}
		cost := rng.Int64N(5*ref + 1)
		cases[i] = Case{Cost: pointvalue.Money(cost), Share: pointvalue.Money(cost / 5), Group: g, Hospital: int32(rng.IntN(3))}
		if rng.IntN(20) == 0 {
			cases[i].Flags = FlagIncomplete
		}
	}
	want := make([]pointvalue.Totals, 3)
	for i := range cases {
		res, err := s.Score(&cases[i])
		if err != nil {
			t.Fatal(err)
		}
		h := cases[i].Hospital
		want[h].Cases++
		want[h].Points += res.Points
		want[h].Share += cases[i].Share
		want[h].Cost += cases[i].Cost
	}
	got := make([]pointvalue.Totals, 3)
	if n, err := s.Total(cases, got); err != nil || n != len(cases) {
		t.Fatalf("Total: %d, %v", n, err)
	}
	for h := range want {
		if got[h] != want[h] {
			t.Errorf("hospital %d: %+v, want %+v", h, got[h], want[h])
		}
	}
	// Zero allocations on the usual magnitudes (NUM-3: coefficients of up to 4
	// decimals); the 8-decimal coefficient of hospital 2 may take math/big.
	usual := make([]Case, 0, len(cases))
	for _, c := range cases {
		if c.Hospital != 2 {
			usual = append(usual, c)
		}
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = s.Total(usual, got) }); n != 0 {
		t.Errorf("Total allocates %v times", n)
	}
	// A sum beyond int64 is reported, not wrapped (NUM-3).
	big := []pointvalue.Totals{{Cost: pointvalue.Money(1<<63 - 1)}}
	if _, err := s.Total([]Case{{Cost: 100, Group: 0}}, big); err != pointvalue.ErrOverflow {
		t.Errorf("overflow: %v", err)
	}
	// A hospital index beyond the rows is an error naming the case.
	if n, err := s.Total([]Case{{Group: 0}, {Group: 0, Hospital: 7}}, got); n != 1 || err == nil {
		t.Errorf("bad hospital: %d, %v", n, err)
	}
}

// TestDirectMatchesScore: the other classes computed without a Result (high,
// low, incomplete, unstable, ungrouped) equal Score's points, on tables with
// and without avg_cost, both roundings and three scales, costs from 0 to 6×
// the reference and 8-decimal coefficients.
func TestDirectMatchesScore(t *testing.T) {
	harbin, err := HarbinWeights2024()
	if err != nil {
		t.Fatal(err)
	}
	groups := append([]Group(nil), harbin.Groups...)
	for i := range groups {
		if i%5 == 0 {
			groups[i].Stable = false // DRG-5 unstable
		}
		if i%3 == 0 {
			groups[i].AvgCost = pointvalue.Money(int64(groups[i].Weight)/100 + int64(i)) // a given avg_cost, not RW × M
		}
	}
	w, err := NewWeights(groups)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, 17))
	for _, rounding := range []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven, pointvalue.Down} {
		for _, scale := range []int{0, 4, 8} {
			p := defaultTestParams()
			p.Rounding, p.PointScale = rounding, scale
			p.RegionAvgCost = pointvalue.MustMoney("9876.54")
			coefs := []pointvalue.Factor{pointvalue.One, pointvalue.MustFactor("1.1234"), pointvalue.MustFactor("0.87654321"), pointvalue.MustFactor("2.5")}
			s, err := newTestScorer(w, p, coefs)
			if err != nil {
				t.Fatal(err)
			}
			direct := 0
			for i := 0; i < 20000; i++ {
				g := int32(rng.IntN(len(w.Groups)+2)) - 2 // UnknownGroup, NoGroup, 0…
				ref := int64(98765_43)
				if g >= 0 {
					ref = int64(s.groups[g].refCost)
				}
				c := Case{Cost: pointvalue.Money(rng.Int64N(6*ref + 1)), Group: g, Hospital: int32(rng.IntN(len(coefs)))}
				if rng.IntN(8) == 0 {
					c.Flags = FlagIncomplete
				}
				res, err1 := s.Score(&c)
				got, err2 := s.Points(&c)
				if (err1 == nil) != (err2 == nil) || res.Points != got {
					t.Fatalf("%s scale %d: case %+v: Score %s %s (%v), Points %s (%v)", rounding, scale, c, res.Class, res.Points, err1, got, err2)
				}
				if _, ok := s.direct(&c); ok {
					direct++
				}
			}
			if direct < 3000 {
				t.Errorf("%s scale %d: only %d of 20000 cases took the direct path", rounding, scale, direct)
			}
		}
	}
}
