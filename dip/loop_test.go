package dip

import (
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/param"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// randomColumns draws n DIP cases of every class into columns and cases.
func randomColumns(rng *rand.Rand, n int) (*Columns, []Case) {
	in := &Columns{Cost: make([]pv.Money, n), Hospital: make([]uint32, n), Group: make([]int32, n), Flags: make([]uint8, n),
		TCMShare: make([]int32, n), Severity: make([]uint16, n), SeverityIndex: []int16{NoSeverity, 1, 2},
		Special: map[uint32]pv.Points{}}
	cases := make([]Case, n)
	for i := range n {
		c := Case{Cost: pv.Money(rng.Int64N(6_000_000)), Hospital: int32(rng.IntN(4)), Group: int32(rng.IntN(6)) - 2}
		if rng.IntN(2) == 0 {
			c.Flags |= FlagGiven
		}
		if rng.IntN(3) == 0 {
			c.Flags |= FlagTCM
			c.TCMShare = pv.Factor(rng.Int64N(int64(pv.One) + 1))
			in.TCMShare[i] = int32(c.TCMShare)
		}
		if rng.IntN(5) == 0 {
			c.Flags |= FlagReadmitted
		}
		if rng.IntN(10) == 0 {
			c.Flags |= FlagSpecial
			c.Special = pv.PointsFromInt(int64(rng.IntN(900)))
			in.Special[uint32(i)] = c.Special
			if rng.IntN(2) == 0 {
				c.Flags |= FlagSpecialRefused
			}
		}
		k := uint16(rng.IntN(3))
		in.Severity[i] = k
		c.Severity = in.SeverityIndex[k]
		cases[i] = c
		in.Cost[i], in.Hospital[i], in.Group[i], in.Flags[i] = c.Cost, uint32(c.Hospital), c.Group, c.Flags
	}
	return in, cases
}

// TestLoopMatchesScore: ScoreRows, the loop Settle runs, gives exactly Score's
// points and outcome, case by case, in any order of rows.
func TestLoopMatchesScore(t *testing.T) {
	p := defaultTestParams()
	p.RegionAvgCost = money("10000")
	p.TCMBonus = factor("0.1")
	p.SeverityCoefficients = map[string]pv.Factor{"1": factor("1.1"), "2": factor("1.25")}
	s := testScorer(t, p)
	in, cases := randomColumns(rand.New(rand.NewPCG(9, 9)), 5000)
	rows := make([]uint32, len(cases))
	for i := range rows {
		rows[i] = uint32(len(cases) - 1 - i)
	}
	out := &Scores{Points: make([]pv.Points, len(cases)), Outcome: make([]Outcome, len(cases))}
	if _, err := s.ScoreRows(rows, in, out); err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		res, err := s.Score(&cases[i])
		o := out.Outcome[i]
		if err != nil || res.Points != out.Points[i] || res.Class != o.Class() || res.Flags != o.Flags() || res.Rules != o.Rules() {
			t.Fatalf("case %+v: Score %s %s %s %s (%v), ScoreRows %s %s %s %s", cases[i], res.Points, res.Class, res.Flags, res.Rules, err,
				out.Points[i], o.Class(), o.Flags(), o.Rules())
		}
	}
	if a := testing.AllocsPerRun(5, func() {
		if _, err := s.ScoreRows(rows[:1000], in, out); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Fatalf("ScoreRows allocates %v times per 1000 cases", a)
	}
}

// TestLoopBandsMatchScore: the loop's integer bands are DIP-4's classes exactly.
// Costs are drawn at and around each group's band edges at every level, under
// both strictness settings (Inclusive), every rounding and three point scales,
// with a primary group, severity and TCM factors and readmissions; ScoreRows
// must give Score's points and outcome for every case.
func TestLoopBandsMatchScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, inclusive := range []bool{false, true} {
		for _, rounding := range []pv.Rounding{pv.HalfUp, pv.HalfEven, pv.Down} {
			for k, scale := range []int{2, 4, 8} {
				p := defaultTestParams()
				p.Inclusive, p.Rounding, p.PointScale = inclusive, rounding, scale
				p.RegionAvgCost = money("10000")
				p.TCMBonus = factor("0.1")
				p.ReadmitFactor = factor([]string{"0.5", "0.3333", "0.12345678"}[k])
				p.SeverityCoefficients = map[string]pv.Factor{"1": factor("1.1"), "2": factor("1.23456789")}
				groups := testGroups()
				groups[0].Primary = true
				groups = append(groups, Group{Code: "THIRD", Kind: Core, Diagnosis: "A05.0", Score: pts("333.3333"), AvgCost: money("3333.33"),
					AvgCostByLevel: [param.NumLevels]pv.Money{money("7777.77"), money("1234.57"), 0}}) // bounds between fen
				cat, err := NewCatalog(groups)
				if err != nil {
					t.Fatal(err)
				}
				s, err := newTestScorer(cat, p, testHospitals())
				if err != nil {
					t.Fatal(err)
				}
				n := 6000
				in, cases := randomColumns(rng, n)
				for i := range cases {
					c := &cases[i]
					c.Flags &^= FlagSpecial | FlagSpecialRefused
					if c.Group >= 0 && rng.IntN(2) == 0 {
						c.Group = 4
						in.Group[i] = 4
					}
					if c.Group >= 0 {
						b := s.bands[c.Group][s.hosp[c.Hospital].Level]
						edge := b.lo
						if rng.IntN(2) == 0 {
							edge = b.hi
						}
						c.Cost = pv.Money(max(0, edge+rng.Int64N(5)-2))
					}
					in.Cost[i], in.Flags[i] = c.Cost, c.Flags
				}
				rows := make([]uint32, n)
				for i := range rows {
					rows[i] = uint32(i)
				}
				out := &Scores{Points: make([]pv.Points, n), Outcome: make([]Outcome, n)}
				if _, err := s.ScoreRows(rows, in, out); err != nil {
					t.Fatal(err)
				}
				for i := range cases {
					res, err := s.Score(&cases[i])
					o := out.Outcome[i]
					if err != nil || res.Points != out.Points[i] || res.Class != o.Class() || res.Flags != o.Flags() || res.Rules != o.Rules() {
						t.Fatalf("inclusive %v %s scale %d: case %+v: Score %s %s %s %s (%v), ScoreRows %s %s %s %s", inclusive, rounding, scale,
							cases[i], res.Points, res.Class, res.Flags, res.Rules, err, out.Points[i], o.Class(), o.Flags(), o.Rules())
					}
				}
			}
		}
	}
}
