package budget_test

// The cross-case rules — the special-review cap (DRG-8, DIP-8; A24) and
// readmissions (DRG-7, DIP-7; A25) — run once over the year inside
// budget.Settle (prepare.go) and over the whole stream inside a
// budget.Stream (stream.go). These are the scenarios of the former
// drg.Prepare and dip.Prepare tests, each settled as a small year; every
// scenario is also streamed, in windows of 3 cases fed as shuffled batches
// of 5, so that the rules link cases of different runs and windows, and the
// streamed year must give the same cases, hospitals, pools and ledger.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// crossID is the id of the i-th case of a scenario: ids sort as the cases are
// listed, so the slice index is the case-id order (the tie-break of A24, A25).
func crossID(i int) string { return fmt.Sprintf("c%03d", i) }

// crossSettle settles the year in with cases (ids from crossID, given here) in
// memory and streamed, checks that both give the same, and returns the cases
// in case-id order.
func crossSettle(t *testing.T, in budget.Input, cases []budget.Case) []budget.CaseResult {
	t.Helper()
	cases = slices.Clone(cases)
	for i := range cases {
		cases[i].ID, cases[i].Line = crossID(i), i+2
	}
	in.Cases = budget.NewBatch(cases)
	res, err := settle(in)
	require.NoError(t, err)
	require.Equal(t, len(cases), res.NumCases())
	var want []budget.CaseResult
	for k := range res.NumCases() {
		want = append(want, res.Case(k))
	}

	s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{Window: 3, TempDir: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	shuffled := slices.Clone(cases)
	r := rand.New(rand.NewPCG(uint64(len(cases)), 11))
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for lo := 0; lo < len(shuffled); lo += 5 {
		require.NoError(t, s.Add(budget.NewBatch(shuffled[lo:min(lo+5, len(shuffled))])))
	}
	sres, err := s.Settle()
	require.NoError(t, err)
	var got []budget.CaseResult
	for c := range sres.Cases() {
		for _, p := range []*string{&c.CaseID, &c.HospitalID, &c.Group, &c.Flags, &c.Rules} {
			*p = strings.Clone(*p) // a streamed case views its window, which the next one reuses
		}
		got = append(got, c)
	}
	require.NoError(t, sres.CasesErr())
	require.Equal(t, want, got, "streamed cases")
	require.Equal(t, res.Hospitals, sres.Hospitals, "streamed hospitals")
	require.Equal(t, res.Pools, sres.Pools, "streamed pools")
	require.Equal(t, res.Ledger, sres.Ledger, "streamed ledger")
	return want
}

// hasFlag reports whether c's flags (|-joined docs/formats.md words) include f.
func hasFlag(c budget.CaseResult, f string) bool {
	return slices.Contains(strings.Split(c.Flags, "|"), f)
}

// flagged returns, for each case of idx, whether it has flag f.
func flagged(cases []budget.CaseResult, f string, idx ...int) []bool {
	out := make([]bool, len(idx))
	for k, i := range idx {
		out[k] = hasFlag(cases[i], f)
	}
	return out
}

// flaggedAll is flagged over every case.
func flaggedAll(cases []budget.CaseResult, f string) []bool {
	out := make([]bool, len(cases))
	for i := range cases {
		out[i] = hasFlag(cases[i], f)
	}
	return out
}

// withFlag returns the positions of the cases with flag f.
func withFlag(cases []budget.CaseResult, f string) []int {
	var out []int
	for i := range cases {
		if hasFlag(cases[i], f) {
			out = append(out, i)
		}
	}
	return out
}

// ---- DRG (DRG-7, DRG-8) ----

func jan(d int) pointvalue.Date { return pointvalue.DateOf(2025, 1, d) }

// crossDRGInput is a DRG year of the employee fund (rulePolicy, a pool of
// 1,000,000.00, fund-only): hospitals H0 (coefficient 1.2) and H1 (1); groups
// G1 (RW 1, base 100, reference 10,000.00) and G2 (RW 1.5, reference
// 15,000.00). DRG-7 and DRG-8 at their defaults: window 15 days, factor 0.5;
// at most 0.05 of each hospital's cases approved.
func crossDRGInput(t *testing.T, edit func(p *policy.Policy)) budget.Input {
	t.Helper()
	p := rulePolicy("1000000.00", "0", pointvalue.FundOnly)
	require.Equal(t, fac("0.05"), p.DRG.SpecialMaxShare)
	require.Equal(t, param.ScopeHospital, p.DRG.SpecialScope)
	require.Equal(t, param.HalveEarlier, p.DRG.ReadmitRule)
	require.Equal(t, 15, p.DRG.ReadmitDays)
	require.Equal(t, fac("0.5"), p.DRG.ReadmitFactor)
	if edit != nil {
		edit(p)
	}
	w, err := drg.NewWeights([]drg.Group{
		{Code: "G1", Weight: pointvalue.One, AvgCost: m("10000.00"), Stable: true},
		{Code: "G2", Weight: fac("1.5"), AvgCost: m("15000.00"), Stable: true},
	})
	require.NoError(t, err)
	hs := ruleHospitals("H0", "H1")
	hs[0].Coefficient, hs[0].HasCoefficient = fac("1.2"), true
	return budget.Input{Policy: p, Hospitals: hs, Weights: w}
}

// drgStay is a DRG stay costing 10,000.00 (ratio 1 in G1: normal) of patient
// ("": none) at hospital H<h>, admitted and discharged on days of January 2025.
func drgStay(patient string, h int, group string, admit, discharge int) budget.Case {
	return budget.Case{PatientID: patient, HospitalID: fmt.Sprintf("H%d", h), Fund: param.Employee, Group: group,
		Admit: jan(admit), Discharge: jan(discharge), TotalCost: m("10000.00")}
}

// drgFiller returns n ordinary cases at hospital h.
func drgFiller(h, n int) []budget.Case {
	cs := make([]budget.Case, n)
	for i := range cs {
		cs[i] = drgStay("", h, "G1", 1, 2)
	}
	return cs
}

// drgClaim is a case with 300.0000 approved special-review points.
func drgClaim(h, discharge int) budget.Case {
	c := drgStay("", h, "G1", 1, discharge)
	c.SpecialPoints, c.HasSpecial = pointvalue.MustPoints("300"), true
	return c
}

func TestCrossDRGSpecialCap(t *testing.T) {
	t.Run("hospital scope", func(t *testing.T) {
		// H0: 37 fillers + 3 claims = 40 cases, limit floor(0.05 × 40) = 2;
		// claims discharged on day 9, 5, 5: the day-9 one is refused.
		// H1: 3 fillers + 1 claim = 4 cases, limit floor(0.2) = 0: refused.
		// (The old test also checked that stale marks on the input were
		// cleared: a budget.Case carries no such marks any more.)
		cases := append(drgFiller(0, 37), drgClaim(0, 9), drgClaim(0, 5), drgClaim(0, 5), drgClaim(1, 3))
		cases = append(cases, drgFiller(1, 3)...)
		got := crossSettle(t, crossDRGInput(t, nil), cases)
		require.Equal(t, []bool{false, true, false, false, true}, flagged(got, "special-refused", 0, 37, 38, 39, 40))
		// refused: scored normally, 100 × 1.2 = 120, DRG-8 added
		require.Equal(t, pointvalue.MustPoints("120"), got[37].Points)
		require.Equal(t, "special-refused", got[37].Flags)
		require.Equal(t, budget.ClassNormal, got[37].Class)
		require.Contains(t, strings.Split(got[37].Rules, "|"), "DRG-8")
		// kept: its approved points
		require.Equal(t, pointvalue.MustPoints("300"), got[38].Points)
		require.Equal(t, budget.ClassSpecial, got[38].Class)
		require.False(t, hasFlag(got[38], "special-refused"))
		// H1's refused claim: 100 × 1 = 100
		require.Equal(t, pointvalue.MustPoints("100"), got[40].Points)
	})
	t.Run("tie broken by case id", func(t *testing.T) {
		// 40 cases, limit 2; claims all discharged day 5: the third (largest id) refused (A24).
		cases := append(drgFiller(0, 37), drgClaim(0, 5), drgClaim(0, 5), drgClaim(0, 5))
		got := crossSettle(t, crossDRGInput(t, nil), cases)
		require.Equal(t, []bool{false, false, true}, flagged(got, "special-refused", 37, 38, 39))
		require.Equal(t, []budget.Class{budget.ClassSpecial, budget.ClassSpecial, budget.ClassNormal},
			[]budget.Class{got[37].Class, got[38].Class, got[39].Class})
	})
	t.Run("region scope", func(t *testing.T) {
		// 20 + 20 fillers + 2 claims at H0 = 42 cases.
		// Region: limit floor(0.05 × 42) = 2, both kept. Hospital: H0 has
		// 22 cases, limit floor(1.1) = 1, the later discharge (day 4) refused.
		for _, tc := range []struct {
			scope param.SpecialScope
			want  []bool
		}{{param.ScopeRegion, []bool{false, false}}, {param.ScopeHospital, []bool{true, false}}} {
			t.Run(tc.scope.String(), func(t *testing.T) {
				in := crossDRGInput(t, func(p *policy.Policy) { p.DRG.SpecialScope = tc.scope })
				cases := append(drgFiller(0, 20), drgClaim(0, 4), drgClaim(0, 3))
				cases = append(cases, drgFiller(1, 20)...)
				got := crossSettle(t, in, cases)
				require.Equal(t, tc.want, flagged(got, "special-refused", 20, 21))
			})
		}
	})
	t.Run("both funds counted together", func(t *testing.T) {
		// A24: N is the method's cases of both funds. H0 has 19 employee
		// fillers + 1 employee claim (day 5) + 1 resident filler + 2 resident
		// claims (days 3, 4) = 23 cases, limit floor(0.05 × 23) = 1: the
		// earliest discharge (the resident day-3 claim) is kept, the other two
		// refused. (Counted per fund it would be employee 20 → 1 kept, resident
		// 3 → 0 kept.)
		in := crossDRGInput(t, nil)
		rf := policy.NewFund(m("1000000.00"))
		rf.ReserveRatio = 0
		rf.PointValue.Formula, rf.PointValue.FormulaGiven = pointvalue.FundOnly, true
		rf.RegionAvgCost = m("10000.00")
		in.Policy.Funds[param.Resident] = rf
		resident := func(c budget.Case) budget.Case { c.Fund = param.Resident; return c }
		cases := append(drgFiller(0, 19), drgClaim(0, 5), resident(drgStay("", 0, "G1", 1, 2)),
			resident(drgClaim(0, 3)), resident(drgClaim(0, 4)))
		got := crossSettle(t, in, cases)
		require.Equal(t, []int{19, 22}, withFlag(got, "special-refused"))
		require.Equal(t, budget.ClassSpecial, got[21].Class)
		require.Equal(t, param.Resident, got[21].Fund)
	})
	t.Run("bed-day stays not counted", func(t *testing.T) {
		// A23, A24: N is the DRG cases, bed-day stays excluded. H0 has 20 DRG
		// cases (18 fillers + claims on days 3 and 4) and 20 psychiatric
		// bed-day stays: limit floor(0.05 × 20) = 1, the day-4 claim refused
		// (counting the bed-day stays, floor(0.05 × 40) = 2 would keep both).
		in := crossDRGInput(t, func(p *policy.Policy) {
			p.BedDay.Rates = map[string]bedday.Rates{"psychiatric": {Rate: [param.NumLevels]pointvalue.Money{m("420")}, Has: [param.NumLevels]bool{true}}}
		})
		cases := append(drgFiller(0, 18), drgClaim(0, 3), drgClaim(0, 4))
		for range 20 {
			c := drgStay("", 0, "", 1, 10)
			c.BedDayCategory = "psychiatric"
			cases = append(cases, c)
		}
		got := crossSettle(t, in, cases)
		require.Equal(t, []int{19}, withFlag(got, "special-refused"))
		require.Equal(t, budget.ClassSpecial, got[18].Class)
		require.Equal(t, budget.ClassBedDay, got[20].Class)
	})
}

func TestCrossDRGReadmission(t *testing.T) {
	tests := []struct {
		name  string
		cases []budget.Case
		want  []bool // readmission flag per case
	}{
		// V10: readmitted 10 days after discharge: earlier reduced
		{"V10 within 15 days", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 15, 18)}, []bool{true, false}},
		{"exactly 15 days", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 20, 22)}, []bool{true, false}},
		{"16 days", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 21, 22)}, []bool{false, false}},
		{"same day", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 5, 8)}, []bool{true, false}},
		{"other hospital", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 1, "G1", 10, 12)}, []bool{false, false}},
		{"other group", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G2", 10, 12)}, []bool{false, false}},
		{"other patient", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P8", 0, "G1", 10, 12)}, []bool{false, false}},
		{"no patient id", []budget.Case{drgStay("", 0, "G1", 1, 5), drgStay("", 0, "G1", 10, 12)}, []bool{false, false}},
		{"ungrouped never links", []budget.Case{drgStay("P7", 0, "", 1, 5), drgStay("P7", 0, "", 10, 12)}, []bool{false, false}},
		{"unknown never links", []budget.Case{drgStay("P7", 0, "ZZ99", 1, 5), drgStay("P7", 0, "ZZ99", 10, 12)}, []bool{false, false}},
		{"chain: each earlier once", []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 10, 12), drgStay("P7", 0, "G1", 20, 22)}, []bool{true, true, false}},
		// case order is not date order: pairs go by (discharge, admission, id)
		{"later case id earlier stay", []budget.Case{drgStay("P7", 0, "G1", 10, 12), drgStay("P7", 0, "G1", 1, 5)}, []bool{false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := crossSettle(t, crossDRGInput(t, nil), tc.cases)
			require.Equal(t, tc.want, flaggedAll(got, "readmission"))
			for i, c := range got {
				if tc.want[i] {
					require.Contains(t, strings.Split(c.Rules, "|"), "DRG-7", "case %d", i)
				}
			}
			if tc.name == "V10 within 15 days" {
				// the earlier stay's 120 points (100 × 1.2) × 0.5 = 60.0000; the later one 120
				require.Equal(t, pointvalue.MustPoints("60"), got[0].Points)
				require.Equal(t, pointvalue.MustPoints("120"), got[1].Points)
			}
		})
	}
	t.Run("approved special never reduced", func(t *testing.T) {
		in := crossDRGInput(t, func(p *policy.Policy) { p.DRG.SpecialMaxShare = pointvalue.One })
		cases := []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 10, 12)}
		cases[0].SpecialPoints, cases[0].HasSpecial = pointvalue.MustPoints("200"), true
		got := crossSettle(t, in, cases)
		require.Equal(t, []bool{false, false}, flaggedAll(got, "readmission"))
		require.False(t, hasFlag(got[0], "special-refused"))
		require.Equal(t, budget.ClassSpecial, got[0].Class)
		require.Equal(t, pointvalue.MustPoints("200"), got[0].Points)
	})
	t.Run("refused special is reduced", func(t *testing.T) {
		in := crossDRGInput(t, func(p *policy.Policy) { p.DRG.SpecialMaxShare = 0 })
		cases := []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 10, 12)}
		cases[0].SpecialPoints, cases[0].HasSpecial = pointvalue.MustPoints("200"), true
		got := crossSettle(t, in, cases)
		// 100 × 1.2 × 0.5 = 60
		require.Equal(t, pointvalue.MustPoints("60"), got[0].Points)
		require.Equal(t, "readmission|special-refused", got[0].Flags)
		require.Equal(t, "DRG-3|DRG-4|DRG-5|DRG-7|DRG-8", got[0].Rules)
	})
	t.Run("rule none", func(t *testing.T) {
		in := crossDRGInput(t, func(p *policy.Policy) { p.DRG.ReadmitRule = param.ReadmitNone })
		got := crossSettle(t, in, []budget.Case{drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 10, 12)})
		require.Equal(t, []bool{false, false}, flaggedAll(got, "readmission"))
		require.Equal(t, pointvalue.MustPoints("120"), got[0].Points)
	})
	// The old "bad indexes ignored" case (hospital and group indexes outside
	// the tables) cannot be built through Settle: the engine resolves the
	// indexes itself, an unknown hospital is a rejected record (ERR-3,
	// TestSettleStrictAndLenient) and an unknown code is "unknown never links".
}

// ---- DIP (DIP-7, DIP-8) ----

func md(month time.Month, d int) pointvalue.Date { return pointvalue.DateOf(2025, month, d) }

// Hospitals of the DIP scenarios, by level: HT tertiary (level coefficient 1),
// HS secondary (0.9), HP primary (0.8).
const (
	hTert = "HT"
	hSec  = "HS"
	hPrim = "HP"
)

// crossDIPInput is a DIP year of the employee fund (rulePolicy, a pool of
// 1,000,000.00, fund-only) with level coefficients 1, 0.9, 0.8 and the
// catalog PLAIN (score 1000, reference 10,000.00: V3–V5's group) and ODD
// (score 200, reference 10,000.00). DIP-7 and DIP-8 at their defaults:
// window 15 days, factor 0.5; at most 0.005 (千分之五) of the region's cases
// approved.
func crossDIPInput(t *testing.T, edit func(p *policy.Policy)) budget.Input {
	t.Helper()
	p := rulePolicy("1000000.00", "0", pointvalue.FundOnly)
	p.InpatientMethod = param.DIP
	p.DIP.LevelCoefficients = [param.NumLevels]pointvalue.Factor{pointvalue.One, fac("0.9"), fac("0.8")}
	require.Equal(t, fac("0.005"), p.DIP.SpecialMaxShare)
	require.Equal(t, param.ScopeRegion, p.DIP.SpecialScope)
	require.Equal(t, param.HalveEarlier, p.DIP.ReadmitRule)
	require.Equal(t, 15, p.DIP.ReadmitDays)
	require.Equal(t, fac("0.5"), p.DIP.ReadmitFactor)
	if edit != nil {
		edit(p)
	}
	cat, err := dip.NewCatalog([]dip.Group{
		{Code: "PLAIN", Kind: dip.Core, Diagnosis: dxPlain, Score: pointvalue.PointsFromInt(1000), AvgCost: m("10000.00")},
		{Code: "ODD", Kind: dip.Core, Diagnosis: dxOdd, Score: pointvalue.PointsFromInt(200), AvgCost: m("10000.00")},
	})
	require.NoError(t, err)
	hs := ruleHospitals(hTert, hSec, hPrim)
	hs[1].Level, hs[2].Level = param.Secondary, param.Primary
	return budget.Input{Policy: p, Hospitals: hs, Catalog: cat}
}

// The DIP scenarios' cases come without a group code, as the old ones did:
// the engine groups them by their primary diagnosis (DIP-3).
const (
	dxPlain = "A01.0" // PLAIN's core key
	dxOdd   = "A04.0" // ODD's core key
	dxNone  = "Z99.9" // in no group: ungrouped (DIP-9)
)

// dipStay is a DIP case of the employee fund with primary diagnosis dx.
func dipStay(patient, hosp, dx string, admit, discharge pointvalue.Date, cost string) budget.Case {
	return budget.Case{PatientID: patient, HospitalID: hosp, Fund: param.Employee, Diagnosis: dx,
		Admit: admit, Discharge: discharge, TotalCost: m(cost)}
}

// dipClaim is a PLAIN case costing 10,000.00 with 10.0000 approved special-review points.
func dipClaim(hosp string, discharge pointvalue.Date) budget.Case {
	c := dipStay("", hosp, dxPlain, discharge, discharge, "10000.00")
	c.SpecialPoints, c.HasSpecial = pointvalue.MustPoints("10"), true
	return c
}

func TestCrossDIPSpecialCap(t *testing.T) {
	t.Run("region", func(t *testing.T) {
		in := crossDIPInput(t, func(p *policy.Policy) { p.DIP.SpecialMaxShare = fac("0.5") }) // 4 cases → limit floor(2) = 2
		cases := []budget.Case{
			dipClaim(hTert, md(1, 10)),
			dipClaim(hSec, md(1, 5)),
			dipStay("", hTert, dxPlain, md(1, 1), md(1, 1), "10000.00"),
			dipClaim(hSec, md(1, 10)),
		}
		got := crossSettle(t, in, cases)
		// Kept earliest first: (Jan 5, #1), (Jan 10, #0); (Jan 10, #3) is the latest with the larger id.
		require.Equal(t, []int{3}, withFlag(got, "special-refused"))
		require.Equal(t, "special-refused", got[3].Flags)
		require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-8", got[3].Rules)
		// refused: scored normally at HS, 1000 × 0.9; kept: the approved 10 points
		require.Equal(t, pointvalue.MustPoints("900"), got[3].Points)
		require.Equal(t, pointvalue.MustPoints("10"), got[0].Points)
		require.Equal(t, budget.ClassSpecial, got[1].Class)
	})
	t.Run("default share 千分之五", func(t *testing.T) {
		// 399 cases: floor(0.005 × 399) = 1; 400: 2. The three claims are the
		// first three cases, all discharged on Mar 1: kept by case id.
		for _, n := range []int{399, 400} {
			cases := make([]budget.Case, n)
			for i := range cases {
				cases[i] = dipStay("", hTert, dxPlain, md(3, 1), md(3, 1), "10000.00")
			}
			for i := 0; i < 3; i++ {
				cases[i] = dipClaim(hTert, md(3, 1))
			}
			got := crossSettle(t, crossDIPInput(t, nil), cases)
			if n == 399 {
				require.Equal(t, []int{1, 2}, withFlag(got, "special-refused"))
			} else {
				require.Equal(t, []int{2}, withFlag(got, "special-refused"))
			}
		}
	})
	t.Run("hospital", func(t *testing.T) {
		in := crossDIPInput(t, func(p *policy.Policy) {
			p.DIP.SpecialScope = param.ScopeHospital
			p.DIP.SpecialMaxShare = fac("0.5")
		})
		cases := []budget.Case{
			dipClaim(hTert, md(2, 2)), // HT: 2 cases → 1 kept
			dipClaim(hTert, md(2, 1)),
			dipClaim(hSec, md(2, 9)), // HS: 2 cases → 1 kept
			dipStay("", hSec, dxPlain, md(2, 1), md(2, 1), "10000.00"),
			dipClaim(hPrim, md(2, 1)), // HP: 1 case → floor(0.5) = 0
		}
		got := crossSettle(t, in, cases)
		require.Equal(t, []int{0, 4}, withFlag(got, "special-refused"))
	})
}

func TestCrossDIPReadmission(t *testing.T) {
	cases := []budget.Case{
		// Patient 7, HT, PLAIN: #0 out Jan 10; #1 in Jan 25 (15 days: linked); #2 in Feb 15 (16 days after #1: not).
		dipStay("P7", hTert, dxPlain, md(1, 1), md(1, 10), "25000.00"),
		dipStay("P7", hTert, dxPlain, md(1, 25), md(1, 30), "10000.00"),
		dipStay("P7", hTert, dxPlain, md(2, 15), md(2, 20), "10000.00"),
		// Same patient, other group or other hospital: no link to #0.
		dipStay("P7", hTert, dxOdd, md(1, 12), md(1, 13), "0.00"),
		dipStay("P7", hSec, dxPlain, md(1, 12), md(1, 13), "0.00"),
		// Ungrouped stays never link.
		dipStay("P8", hTert, dxNone, md(3, 1), md(3, 2), "0.00"),
		dipStay("P8", hTert, dxNone, md(3, 3), md(3, 4), "0.00"),
		// No patient id: never linked.
		dipStay("", hTert, dxPlain, md(4, 1), md(4, 2), "0.00"),
		dipStay("", hTert, dxPlain, md(4, 3), md(4, 4), "0.00"),
		// An approved special stay is never reduced.
		dipStay("P9", hTert, dxPlain, md(5, 1), md(5, 2), "0.00"),
		dipStay("P9", hTert, dxPlain, md(5, 3), md(5, 4), "0.00"),
	}
	cases[9].SpecialPoints, cases[9].HasSpecial = pointvalue.MustPoints("10"), true
	noRefusal := func(p *policy.Policy) { p.DIP.SpecialMaxShare = pointvalue.One } // no approval refused here
	in := crossDIPInput(t, noRefusal)
	got := crossSettle(t, in, cases)
	require.Equal(t, []int{0}, withFlag(got, "readmission"))
	require.Equal(t, budget.ClassUngrouped, got[5].Class)
	require.Equal(t, budget.ClassSpecial, got[9].Class)
	// V3's 1500 × 0.5 = 750 for the earlier stay; the later one is scored normally.
	require.Equal(t, "750.0000", got[0].Points.Format(4))
	require.Equal(t, "readmission", got[0].Flags)
	require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-7", got[0].Rules)
	require.Equal(t, "1000.0000", got[1].Points.Format(4))

	// Settled again (the same input, its batch sorted already): the same marks.
	again := crossSettle(t, in, cases)
	require.Equal(t, got, again)

	// ReadmitDays 14: Jan 10 → Jan 25 is 15 days, outside.
	got = crossSettle(t, crossDIPInput(t, func(p *policy.Policy) { noRefusal(p); p.DIP.ReadmitDays = 14 }), cases)
	require.Empty(t, withFlag(got, "readmission"))

	got = crossSettle(t, crossDIPInput(t, func(p *policy.Policy) { noRefusal(p); p.DIP.ReadmitRule = param.ReadmitNone }), cases)
	require.Empty(t, withFlag(got, "readmission"))
}

func TestCrossDIPRefusedSpecialIsReduced(t *testing.T) {
	// DIP-8 runs first: a refused approval is scored normally, so DIP-7 may reduce it.
	in := crossDIPInput(t, func(p *policy.Policy) { p.DIP.SpecialMaxShare = 0 }) // every approval refused
	cases := []budget.Case{
		dipStay("P1", hSec, dxPlain, md(6, 1), md(6, 5), "10000.00"),
		dipStay("P1", hSec, dxPlain, md(6, 5), md(6, 9), "10000.00"),
	}
	cases[0].SpecialPoints, cases[0].HasSpecial = pointvalue.MustPoints("10"), true
	got := crossSettle(t, in, cases)
	require.Equal(t, []int{0}, withFlag(got, "special-refused"))
	require.Equal(t, []int{0}, withFlag(got, "readmission"))
	// 1000 × 0.9 × 0.5 = 450.
	require.Equal(t, "450.0000", got[0].Points.Format(4))
	require.Equal(t, "readmission|special-refused", got[0].Flags)
	require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-7|DIP-8", got[0].Rules)
	// The old TestPrepareErrors (a case at an unknown hospital index) is an
	// accept error now: a rejected record, tested by TestSettleStrictAndLenient.
}
