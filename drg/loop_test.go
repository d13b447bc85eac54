package drg

import (
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// scoreOne runs one case through ScoreRows, the loop Settle runs.
func scoreOne(s *Scorer, c *Case) (pointvalue.Points, Outcome, error) {
	in := &Columns{Cost: []pointvalue.Money{c.Cost}, Hospital: []uint32{uint32(c.Hospital)}, Group: []int32{c.Group}, Flags: []uint8{c.Flags}}
	if c.Flags&FlagSpecial != 0 {
		in.Special = map[uint32]pointvalue.Points{0: c.Special}
	}
	out := &Scores{Points: make([]pointvalue.Points, 1), Outcome: make([]Outcome, 1)}
	_, err := s.ScoreRows([]uint32{0}, in, out)
	return out.Points[0], out.Outcome[0], err
}

// TestLoopMatchesScore: the loop's integer shortcut for normal cases is only a
// shortcut — on random cases around every class boundary, at every rounding and
// scale, ScoreRows gives exactly Score's points, class, flags and rules.
func TestLoopMatchesScore(t *testing.T) {
	w, err := HarbinWeights2024()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, rounding := range []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven} {
		for k, scale := range []int{2, 4, 8} {
			p := defaultTestParams()
			p.Rounding, p.PointScale = rounding, scale
			p.ReadmitFactor = pointvalue.MustFactor([]string{"0.5", "0.3333", "0.12345678"}[k])
			if rounding == pointvalue.HalfEven && scale == 4 {
				p.ReadmitRule = param.ReadmitNone // the flag is then ignored (DRG-7 off)
			}
			p.RegionAvgCost = pointvalue.MustMoney("10000.00")
			coefs := []pointvalue.Factor{pointvalue.One, pointvalue.MustFactor("1.1234"), pointvalue.MustFactor("0.87654321"), pointvalue.MustFactor("1.5")}
			s, err := newTestScorer(w, p, coefs)
			if err != nil {
				t.Fatal(err)
			}
			n := 20000
			in := &Columns{Cost: make([]pointvalue.Money, n), Hospital: make([]uint32, n), Group: make([]int32, n), Flags: make([]uint8, n)}
			groupIndex := func(g int) int32 {
				switch g {
				case len(w.Groups):
					return NoGroup
				case len(w.Groups) + 1:
					return UnknownGroup
				}
				return int32(g)
			}
			rows := make([]uint32, n)
			cases := make([]Case, n)
			for i := range n {
				g := rng.IntN(len(w.Groups) + 2)
				var cost int64
				if g < len(w.Groups) {
					gc := &s.groups[g]
					switch rng.IntN(4) {
					case 0:
						cost = gc.lo + rng.Int64N(3) - 1 // around the low boundary
					case 1:
						cost = gc.hi + rng.Int64N(3) - 1 // around the high boundary
					default:
						cost = gc.lo + rng.Int64N(max(gc.hi-gc.lo, 1))
					}
				} else {
					cost = rng.Int64N(5_000_000)
				}
				c := Case{Cost: pointvalue.Money(max(cost, 0)), Hospital: int32(rng.IntN(len(coefs))), Group: groupIndex(g)}
				switch rng.IntN(10) {
				case 0:
					c.Flags = FlagIncomplete
				case 1, 2:
					c.Flags = FlagReadmitted // the earlier stay of a readmission (DRG-7)
				}
				cases[i] = c
				rows[i] = uint32(n - 1 - i) // any order of rows
				r := rows[i]
				in.Cost[r], in.Hospital[r], in.Group[r], in.Flags[r] = c.Cost, uint32(c.Hospital), c.Group, c.Flags
			}
			out := &Scores{Points: make([]pointvalue.Points, n), Outcome: make([]Outcome, n)}
			if _, err := s.ScoreRows(rows, in, out); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				c, r := &cases[i], rows[i]
				res, err := s.Score(c)
				o := out.Outcome[r]
				if err != nil || res.Points != out.Points[r] || res.Class != o.Class() || res.Flags != o.Flags() || res.Rules != o.Rules() {
					t.Fatalf("case %+v: Score %s %s %s %s (%v), ScoreRows %s %s %s %s", *c, res.Points, res.Class, res.Flags, res.Rules, err,
						out.Points[r], o.Class(), o.Flags(), o.Rules())
				}
				// The band is the normal class exactly (DRG-5, strict comparisons).
				if c.Group >= 0 && c.Flags == 0 && s.groups[c.Group].ok {
					gc := &s.groups[c.Group]
					inBand := int64(c.Cost) >= gc.lo && int64(c.Cost) <= gc.hi
					if inBand != (res.Class == Normal) {
						t.Fatalf("case %+v: class %s but band [%d, %d]", *c, res.Class, gc.lo, gc.hi)
					}
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
	if g := s.groups[0]; g.lo != 600000 || g.hi != 3000000 || !g.ok {
		t.Fatalf("band [%d, %d] %v, want [600000, 3000000]", g.lo, g.hi, g.ok)
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
		if p, o, _ := scoreOne(s, &c); p != pointvalue.MustPoints(tc.pts) || o.Class() != tc.class {
			t.Errorf("cost %s: ScoreRows %s %s, want %s", tc.cost, p, o.Class(), tc.pts)
		}
	}
}

// TestLoopAllocs: the loop allocates nothing, whatever the classes.
func TestLoopAllocs(t *testing.T) {
	s := testScorer(t, nil)
	cases := randomCases(newRand(), 1000)
	n := len(cases)
	in := &Columns{Cost: make([]pointvalue.Money, n), Hospital: make([]uint32, n), Group: make([]int32, n),
		Flags: make([]uint8, n), Special: map[uint32]pointvalue.Points{}}
	rows := make([]uint32, n)
	for i, c := range cases {
		rows[i] = uint32(i)
		in.Cost[i], in.Hospital[i], in.Group[i], in.Flags[i] = c.Cost, uint32(c.Hospital), c.Group, c.Flags
		if c.Flags&FlagSpecial != 0 {
			in.Special[uint32(i)] = c.Special
		}
	}
	out := &Scores{Points: make([]pointvalue.Points, n), Outcome: make([]Outcome, n)}
	if a := testing.AllocsPerRun(20, func() {
		if _, err := s.ScoreRows(rows, in, out); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Fatalf("ScoreRows allocates %v times per run of %d cases", a, n)
	}
}

// TestRatioIntegerPath: Ratio's integer shortcut gives the exact evaluator's
// cost ÷ reference to 4 decimals, for groups with and without avg_cost, at
// every rounding.
func TestRatioIntegerPath(t *testing.T) {
	w, err := HarbinWeights2024()
	if err != nil {
		t.Fatal(err)
	}
	p := defaultTestParams()
	p.RegionAvgCost = pointvalue.MustMoney("8765.43")
	s, err := newTestScorer(w, p, []pointvalue.Factor{pointvalue.One})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 9))
	for range 50000 {
		g := int32(rng.IntN(len(w.Groups)))
		cost := pointvalue.Money(rng.Int64N(10_000_000_000))
		for _, r := range []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven, pointvalue.Down} {
			got, ok := s.Ratio(cost, g, r)
			ref, _ := s.Reference(g)
			want, err := pointvalue.ExactInt(int64(cost)).Mul(unit).QuoExact(ref).Round(10_000, r)
			if !ok || err != nil || int64(got) != want {
				t.Fatalf("group %d cost %s %s: Ratio %s (%v), exact %d (%v)", g, cost, r, got, ok, want, err)
			}
		}
	}
}
