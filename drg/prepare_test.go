package drg

import (
	"github.com/dipdrg/dipdrg/param"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func day(d int) pointvalue.Date { return pointvalue.DateOf(2025, 1, d) }

// filler returns n ordinary cases at hospital h.
func filler(h int32, n int) []Case {
	cs := make([]Case, n)
	for i := range cs {
		cs[i] = Case{Cost: money("10000"), Hospital: h, Group: gA100, Patient: -1, Admit: day(1), Discharge: day(2)}
	}
	return cs
}

func TestPrepareSpecialCap(t *testing.T) {
	sp := func(h int32, discharge int) Case {
		return Case{Cost: money("10000"), Hospital: h, Group: gA100, Patient: -1, Admit: day(1), Discharge: day(discharge), Flags: FlagSpecial, Special: points("300")}
	}
	t.Run("hospital scope", func(t *testing.T) {
		s := testScorer(t, nil)
		// hospital 0: 37 fillers + 3 claims = 40 cases, limit floor(0.05 × 40) = 2;
		// claims discharged on day 9, 5, 5: the day-9 one is refused.
		// hospital 1: 3 fillers + 1 claim = 4 cases, limit floor(0.2) = 0: refused.
		cases := append(filler(0, 37), sp(0, 9), sp(0, 5), sp(0, 5), sp(1, 3))
		cases = append(cases, filler(1, 3)...)
		cases[0].Flags |= FlagSpecialRefused | FlagReadmitted // stale marks are cleared
		s.Prepare(cases)
		got := []bool{}
		for _, i := range []int{0, 37, 38, 39, 40} {
			got = append(got, cases[i].Flags&FlagSpecialRefused != 0)
		}
		eq(t, []bool{false, true, false, false, true}, got)
		// refused: scored normally, 100 × 1.2 = 120, DRG-8 added
		r, err := s.Score(&cases[37])
		noErr(t, err)
		eq(t, points("120"), r.Points)
		eq(t, "special-refused", r.Flags.String())
		// kept: its approved points
		r, err = s.Score(&cases[38])
		noErr(t, err)
		eq(t, points("300"), r.Points)
	})
	t.Run("tie broken by case id", func(t *testing.T) {
		s := testScorer(t, nil)
		// 40 cases, limit 2; claims all discharged day 5: the third (largest id) refused.
		cases := append(filler(0, 37), sp(0, 5), sp(0, 5), sp(0, 5))
		s.Prepare(cases)
		eq(t, []bool{false, false, true}, []bool{
			cases[37].Flags&FlagSpecialRefused != 0, cases[38].Flags&FlagSpecialRefused != 0, cases[39].Flags&FlagSpecialRefused != 0})
	})
	t.Run("region scope", func(t *testing.T) {
		// 20 + 20 fillers + 2 claims at hospital 0 = 42 cases.
		// Region: limit floor(0.05 × 42) = 2, both kept. Hospital: hospital 0 has
		// 22 cases, limit floor(1.1) = 1, the later discharge (day 4) refused.
		for _, tc := range []struct {
			scope param.SpecialScope
			want  []bool
		}{{param.ScopeRegion, []bool{false, false}}, {param.ScopeHospital, []bool{true, false}}} {
			s := testScorer(t, func(p *testParams) { p.SpecialScope = tc.scope })
			cases := append(filler(0, 20), sp(0, 4), sp(0, 3))
			cases = append(cases, filler(1, 20)...)
			s.Prepare(cases)
			eq(t, tc.want, []bool{cases[20].Flags&FlagSpecialRefused != 0, cases[21].Flags&FlagSpecialRefused != 0}, tc.scope)
		}
	})
}

func TestPrepareReadmission(t *testing.T) {
	stay := func(patient, h, g int32, admit, discharge int) Case {
		return Case{Cost: money("10000"), Hospital: h, Group: g, Patient: patient, Admit: day(admit), Discharge: day(discharge)}
	}
	tests := []struct {
		name  string
		cases []Case
		want  []bool // FlagReadmitted per case
	}{
		// V10: readmitted 10 days after discharge: earlier reduced
		{"V10 within 15 days", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 15, 18)}, []bool{true, false}},
		{"exactly 15 days", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 20, 22)}, []bool{true, false}},
		{"16 days", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 21, 22)}, []bool{false, false}},
		{"same day", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 5, 8)}, []bool{true, false}},
		{"other hospital", []Case{stay(7, 0, gA100, 1, 5), stay(7, 1, gA100, 10, 12)}, []bool{false, false}},
		{"other group", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gD, 10, 12)}, []bool{false, false}},
		{"other patient", []Case{stay(7, 0, gA100, 1, 5), stay(8, 0, gA100, 10, 12)}, []bool{false, false}},
		{"no patient id", []Case{stay(-1, 0, gA100, 1, 5), stay(-1, 0, gA100, 10, 12)}, []bool{false, false}},
		{"ungrouped never links", []Case{stay(7, 0, NoGroup, 1, 5), stay(7, 0, NoGroup, 10, 12)}, []bool{false, false}},
		{"unknown never links", []Case{stay(7, 0, UnknownGroup, 1, 5), stay(7, 0, UnknownGroup, 10, 12)}, []bool{false, false}},
		{"chain: each earlier once", []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 10, 12), stay(7, 0, gA100, 20, 22)}, []bool{true, true, false}},
		// case order is not date order: pairs go by (discharge, admission, id)
		{"later case id earlier stay", []Case{stay(7, 0, gA100, 10, 12), stay(7, 0, gA100, 1, 5)}, []bool{false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := testScorer(t, nil)
			s.Prepare(tc.cases)
			got := make([]bool, len(tc.cases))
			for i := range tc.cases {
				got[i] = tc.cases[i].Flags&FlagReadmitted != 0
			}
			eq(t, tc.want, got)
		})
	}
	t.Run("approved special never reduced", func(t *testing.T) {
		s := testScorer(t, func(p *testParams) { p.SpecialMaxShare = pointvalue.One })
		cases := []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 10, 12)}
		cases[0].Flags, cases[0].Special = FlagSpecial, points("200")
		s.Prepare(cases)
		eq(t, uint8(FlagSpecial), cases[0].Flags)
		r, err := s.Score(&cases[0])
		noErr(t, err)
		eq(t, points("200"), r.Points)
	})
	t.Run("refused special is reduced", func(t *testing.T) {
		s := testScorer(t, func(p *testParams) { p.SpecialMaxShare = 0 })
		cases := []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 10, 12)}
		cases[0].Flags, cases[0].Special = FlagSpecial, points("200")
		s.Prepare(cases)
		r, err := s.Score(&cases[0])
		noErr(t, err)
		// 100 × 1.2 × 0.5 = 60
		eq(t, points("60"), r.Points)
		eq(t, "readmission|special-refused", r.Flags.String())
		eq(t, "DRG-3|DRG-4|DRG-5|DRG-7|DRG-8", r.Rules.String())
	})
	t.Run("rule none", func(t *testing.T) {
		s := testScorer(t, func(p *testParams) { p.ReadmitRule = param.ReadmitNone })
		cases := []Case{stay(7, 0, gA100, 1, 5), stay(7, 0, gA100, 10, 12)}
		s.Prepare(cases)
		eq(t, uint8(0), cases[0].Flags)
	})
	t.Run("bad indexes ignored", func(t *testing.T) {
		s := testScorer(t, nil)
		cases := []Case{stay(7, 9, gA100, 1, 5), stay(7, 9, gA100, 10, 12), stay(7, 0, 99, 1, 5), stay(7, 0, 99, 10, 12)}
		cases[0].Flags |= FlagSpecial
		s.Prepare(cases)
		for i := range cases {
			eq(t, false, cases[i].Flags&(FlagReadmitted|FlagSpecialRefused) != 0)
		}
	})
}

func TestCMI(t *testing.T) {
	w := testWeights(t)
	var m CMI
	_, ok, err := m.Value(pointvalue.HalfUp)
	noErr(t, err)
	eq(t, false, ok)
	// RW 1 + 1.5 + 2 (unstable, included) = 4.5 over 3 cases = 1.5; ungrouped left out
	for _, g := range []int32{gA100, gB150, gU, NoGroup, UnknownGroup, 99} {
		m.Add(w, g)
	}
	v, ok, err := m.Value(pointvalue.HalfUp)
	noErr(t, err)
	eq(t, true, ok)
	eq(t, int64(3), m.Cases())
	eq(t, factor("1.5"), v)
	// + RW 1.000001 and 1.000003: 6.500004 ÷ 5 = 1.3000008 → 1.3000
	var m2 CMI
	m2.Add(w, gD)
	m2.Add(w, gE)
	m.Merge(m2)
	v, _, _ = m.Value(pointvalue.HalfUp)
	eq(t, factor("1.3"), v)
	// (1 + 1.000003) ÷ 2 = 1.0000015 → 1.0000
	var m3 CMI
	m3.Add(w, gA100)
	m3.Add(w, gE)
	v, _, _ = m3.Value(pointvalue.HalfUp)
	eq(t, factor("1"), v)
	// (1 + 1.5 + 4) ÷ 3 = 2.16666… → 2.1667
	var m4 CMI
	for _, g := range []int32{gA100, gB150, gC400} {
		m4.Add(w, g)
	}
	v, _, _ = m4.Value(pointvalue.HalfUp)
	eq(t, factor("2.1667"), v)
}

func TestFixedRate(t *testing.T) {
	// Harbin 2024 employee rate 12252.70 per RW = 122.527 per point.
	rate, err := RatePerPoint(money("12252.70"))
	noErr(t, err)
	eq(t, pointvalue.MustPointValue("122.527"), rate)
	// AB19, RW 36.2185 → base 3621.85 points; 3621.85 × 122.527
	// = 3621.85 × 122 + 3621.85 × 0.527 = 441,865.70 + 1,908.71495
	// = 443,774.41495 → 443774.41
	m, err := PaymentStandard(points("3621.85"), rate, pointvalue.HalfUp)
	noErr(t, err)
	eq(t, money("443774.41"), m)
	_, err = RatePerPoint(pointvalue.Money(1 << 62))
	isErr(t, err, pointvalue.ErrOverflow)
}
