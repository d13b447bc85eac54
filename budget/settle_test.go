package budget_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

// outputs renders a result's four outputs (docs/formats.md).
func settleOutputs(t testing.TB, res *budget.Result) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, write := range map[string]func(io.Writer) error{
		"hospitals.csv": func(w io.Writer) error { return files.WriteHospitals(w, res) }, "cases.csv": func(w io.Writer) error { return files.WriteCases(w, res) },
		"pools.csv": func(w io.Writer) error { return files.WritePools(w, res) }, "ledger.csv": func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// TestGoldenYears settles every hand-worked year under testdata/years (each with
// its NOTES.md) and compares the four outputs byte for byte with expected/, which
// were typed from the hand computation, not from the program.
func TestGoldenYears(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "years", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden years: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := files.Settle(context.Background(), files.Dir(dir), files.Options{})
			if err != nil {
				t.Fatalf("SettleFiles: %v", err)
			}
			got := settleOutputs(t, res)
			for _, name := range []string{"hospitals.csv", "cases.csv", "pools.csv", "ledger.csv"} {
				want, err := os.ReadFile(filepath.Join(dir, "expected", name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got[name], want) {
					t.Errorf("%s differs\n%s", name, settleLineDiff(string(want), string(got[name])))
				}
			}
		})
	}
}

// lineDiff lists the lines that differ, want then got.
func settleLineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + "\n  want " + wl + "\n  got  " + gl + "\n")
		}
	}
	return b.String()
}

// ---- Rule tests through Settle: small years built in code, every expected
// figure worked out by hand in the comments. ----

var (
	m   = pointvalue.MustMoney
	fac = pointvalue.MustFactor
)

func pv(s string) pointvalue.PointValue {
	v, err := pointvalue.ParsePointValue(s)
	if err != nil {
		panic(err)
	}
	return v
}

// rulePolicy is the defaults with an employee fund of the given budget, reserve
// ratio and formula, the corridor off and no deposit (so final = F(S) unless a
// test turns them back on), and M = 10,000.00.
func rulePolicy(budgetAmt, reserveRatio string, formula pointvalue.Formula) *policy.Policy {
	p := policy.Default("T", 2025, "1")
	fp := policy.NewFund(m(budgetAmt))
	fp.ReserveRatio = fac(reserveRatio)
	fp.PointValue.Formula, fp.PointValue.FormulaGiven = formula, true
	fp.RegionAvgCost = m("10000.00")
	p.Funds[param.Employee] = fp
	p.Corridor.Rule = policy.CorridorNone
	p.Advances.DepositRatio = 0
	return p
}

// ruleWeights: G1 has RW 1 (base 100.0000) and reference cost 10,000.00, so a
// case costing 9,000.00 to 11,000.00 is normal (0.4 ≤ ratio ≤ 3) with 100 × coef points.
func ruleWeights(t testing.TB) *drg.Weights {
	w, err := drg.NewWeights([]drg.Group{{Code: "G1", Weight: pointvalue.One, AvgCost: m("10000.00"), Stable: true}})
	require.NoError(t, err)
	return w
}

func ruleHospitals(ids ...string) []budget.Hospital {
	hs := make([]budget.Hospital, len(ids))
	for i, id := range ids {
		hs[i] = budget.Hospital{Line: i + 2, ID: id, Level: param.Tertiary, Assessment: 100 * pointvalue.One}
	}
	return hs
}

// ruleCase is a G1 case of the employee fund discharged 2025-03-05.
func ruleCase(id, hosp, cost, share string) budget.Case {
	return budget.Case{ID: id, HospitalID: hosp, Fund: param.Employee, Group: "G1",
		Admit: pointvalue.DateOf(2025, 3, 1), Discharge: pointvalue.DateOf(2025, 3, 5),
		TotalCost: m(cost), PatientShare: m(share)}
}

func ruleInput(t testing.TB, p *policy.Policy, hosps []string, cases ...budget.Case) budget.Input {
	return budget.Input{Policy: p, Hospitals: ruleHospitals(hosps...), Cases: budget.NewBatch(cases), Weights: ruleWeights(t)}
}

func hospitalRow(t testing.TB, res *budget.Result, f param.Fund, meth param.Method, id string) budget.HospitalResult {
	t.Helper()
	for _, h := range res.Hospitals {
		if h.Fund == f && h.Method == meth && h.HospitalID == id {
			return h
		}
	}
	t.Fatalf("no hospital row %s/%s/%s", f, meth, id)
	return budget.HospitalResult{}
}

func poolRow(t testing.TB, res *budget.Result, f param.Fund, meth param.Method) budget.PoolResult {
	t.Helper()
	for _, p := range res.Pools {
		if p.Fund == f && p.Method == meth {
			return p
		}
	}
	t.Fatalf("no pool %s/%s", f, meth)
	return budget.PoolResult{}
}

func capitaOnly(p *policy.Policy) {
	fp := p.Funds[param.Employee]
	fp.Pools = policy.Pools{Kind: policy.PoolsRatios}
	fp.Pools.Named[param.Capita] = true
	fp.Pools.Ratios[param.Capita] = pointvalue.One
}

// V11 (CAP-2): pool 100,000,000.00 and 100,000 heads: (1e8 − 0.10·1e8 − 0.05·1e8)
// ÷ 100,000 = 85,000,000.00 ÷ 100,000 = 850.00 per head; the held-back
// 15,000,000.00 join the reserve.
func TestSettleV11CapitaStandard(t *testing.T) {
	p := rulePolicy("100000000.00", "0", pointvalue.FundOnly)
	capitaOnly(p)
	in := budget.Input{Policy: p, Hospitals: ruleHospitals("C1"),
		Members:  []budget.Members{{Line: 2, Institution: "C1", Fund: param.Employee, Members: 100000}},
		Spending: []budget.Spending{{Line: 2, Institution: "C1", Fund: param.Employee, Own: m("80000000.00")}}}
	res, err := settle(in)
	require.NoError(t, err)
	pr := poolRow(t, res, param.Employee, param.Capita)
	require.Equal(t, pv("850"), pr.PointValue)
	require.Equal(t, m("15000000.00"), pr.ReserveIn)
	h := hospitalRow(t, res, param.Employee, param.Capita, "C1")
	require.Equal(t, pv("850"), h.PointValue)
	require.Equal(t, m("85000000.00"), h.Gross) // B_i = 100,000 × 850.00
	require.Equal(t, pointvalue.PointsFromInt(100000), h.Points)
	require.Equal(t, int64(100000), h.Cases)
}

// V12 (CAP-3): a given standard of 100.00 and 10,000 heads: B_i = 1,000,000.00.
func TestSettleV12InstitutionBudget(t *testing.T) {
	p := rulePolicy("1000000.00", "0", pointvalue.FundOnly)
	capitaOnly(p)
	p.Capita.Standard, p.Capita.HasStandard = m("100.00"), true
	in := budget.Input{Policy: p, Hospitals: ruleHospitals("C1"),
		Members: []budget.Members{{Line: 2, Institution: "C1", Fund: param.Employee, Members: 10000}}}
	res, err := settle(in)
	require.NoError(t, err)
	h := hospitalRow(t, res, param.Employee, param.Capita, "C1")
	require.Equal(t, m("1000000.00"), h.Gross)
	// No spending row: A = 0 (A34); the pool is spent exactly, so no overrun.
	require.Equal(t, m("0.00"), h.ActualCost)
	require.Equal(t, m("0.00"), poolRow(t, res, param.Employee, param.Capita).Residual)
	require.NotContains(t, h.Flags, budget.FlagOverrun)
}

// V13 (CLR-4): final 200,296,600.00 and advances 214,650,500.00 give 结付率 0.9331
// (0.933130… half-up) and a clearing of −14,353,900.00. A fund-only pool of
// 200,296,600.00 over one case of 100 points gives PV 2,002,966 and S = F(S) =
// final (corridor none, no deposit).
func TestSettleV13SettlementRatio(t *testing.T) {
	p := rulePolicy("200296600.00", "0", pointvalue.FundOnly)
	in := ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0"))
	in.Adjustments = []budget.Adjustment{{Line: 2, Hospital: "H1", Fund: param.Employee, Method: param.DRG,
		AdvancesPaid: m("214650500.00"), HasAdvancesPaid: true}}
	res, err := settle(in)
	require.NoError(t, err)
	h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	require.Equal(t, m("200296600.00"), h.Final)
	require.Equal(t, m("-14353900.00"), h.Clearing)
	require.True(t, h.HasRatio)
	require.Equal(t, fac("0.9331"), h.SettlementRatio)
}

// CLR-2 at its edges: one hospital, a fund-only pool of 10,000.00 over 100 points
// (PV 100, S = 10,000.00), A = cost (no share); bands, SurplusKeep 1, OverBand
// 0.10, OverShare 0.5.
func TestSettleCorridorEdges(t *testing.T) {
	for _, tc := range []struct {
		name, cost, c, draw string
		band                budget.CorridorBand
	}{
		{"r=1 surplus", "10000.00", "10000.00", "0.00", budget.BandSurplus},          // C = A + 1·(S−A) = S
		{"r=1.10 shared", "11000.00", "10500.00", "500.00", budget.BandShared},       // C = S + 0.5·1,000
		{"r>1.10 over", "11000.01", "10500.00", "500.00", budget.BandOver},           // C = S + 0.5·0.1·S
		{"r<0.5 surplus low-use", "4999.99", "10000.00", "0.00", budget.BandSurplus}, // cost 4,999.99 is still ≥ 0.4 × 10,000: normal, 100 points
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rulePolicy("20000.00", "0.5", pointvalue.FundOnly) // reserve 10,000.00, pool 10,000.00
			p.Corridor = policy.Corridor{Rule: policy.CorridorBands, SurplusKeep: pointvalue.One,
				OverBand: fac("0.1"), OverShare: fac("0.5"), LowUseRatio: fac("0.5")}
			res, err := settle(ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", tc.cost, "0")))
			require.NoError(t, err)
			h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
			require.Equal(t, m("10000.00"), h.Gross)
			require.Equal(t, tc.band, h.CorridorBand)
			require.Equal(t, m(tc.c), h.CorridorAmount)
			require.Equal(t, m(tc.draw), h.ReserveDraw)
			require.Equal(t, m(tc.c), h.Final)
			require.Equal(t, strings.HasSuffix(tc.name, "low-use"), slices.Contains(h.Flags, budget.FlagLowUse))
		})
	}
}

// BUD-3: the reserve runs short. Budget 20,000.00, reserve 0.015 → 300.00, pool
// 19,700.00 over 200 points: PV 98.5, S = 9,850.00 each (fund-only, share 0).
// H1: A 20,000 → over, C = 9,850 × 1.05 = 10,342.50, draw 492.50.
// H2: A 10,000 → r 1.0152 shared, C = 9,850 + 0.5 × 150 = 9,925.00, draw 75.00.
// Σ 567.50 > 300.00: largest remainder of 30,000 fen by 49,250 : 7,500 —
// H1 ⌊26,035.24⌋ = 26,035, H2 ⌊3,964.76⌋ = 3,964, the odd fen to H2 (remainder
// .76 > .24): paid 260.35 and 39.65, Σ = 300.00 = the balance.
func TestSettleReserveShort(t *testing.T) {
	p := rulePolicy("20000.00", "0.015", pointvalue.FundOnly)
	p.Corridor = policy.Corridor{Rule: policy.CorridorBands, SurplusKeep: pointvalue.One,
		OverBand: fac("0.1"), OverShare: fac("0.5"), LowUseRatio: fac("0.5")}
	res, err := settle(ruleInput(t, p, []string{"H1", "H2"},
		ruleCase("c1", "H1", "20000.00", "0"), ruleCase("c2", "H2", "10000.00", "0")))
	require.NoError(t, err)
	h1 := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	h2 := hospitalRow(t, res, param.Employee, param.DRG, "H2")
	require.Equal(t, []budget.CorridorBand{budget.BandOver, budget.BandShared}, []budget.CorridorBand{h1.CorridorBand, h2.CorridorBand})
	require.Equal(t, []pointvalue.Money{m("260.35"), m("39.65")}, []pointvalue.Money{h1.ReserveDraw, h2.ReserveDraw})
	require.Equal(t, []string{budget.FlagReserveShort}, h1.Flags)
	require.Equal(t, []string{budget.FlagReserveShort}, h2.Flags)
	require.Equal(t, m("10110.35"), h1.CorridorAmount) // S + the scaled draw
	require.Equal(t, m("9889.65"), h2.CorridorAmount)
	require.Equal(t, m("10110.35"), h1.Final)
	pr := poolRow(t, res, param.Employee, param.DRG)
	require.Equal(t, m("300.00"), pr.ReserveOut)
	require.Equal(t, m("0.00"), res.Ledger[0].ReserveEnd)
}

// PV-4 clawback: with-patient-share, pool 2,000.00, shares 9,000 + 0 over 200
// points: PV = 11,000 ÷ 200 = 55, S = 5,500 each; H1's F = 5,500 − 9,000 = −3,500.00.
func TestSettleClawback(t *testing.T) {
	p := rulePolicy("2000.00", "0", pointvalue.WithPatientShare)
	res, err := settle(ruleInput(t, p, []string{"H1", "H2"},
		ruleCase("c1", "H1", "10000.00", "9000.00"), ruleCase("c2", "H2", "10000.00", "0")))
	require.NoError(t, err)
	h1 := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	require.Equal(t, pv("55"), h1.PointValue)
	require.Equal(t, m("5500.00"), h1.Gross)
	require.Equal(t, m("-3500.00"), h1.FundAmount)
	require.Equal(t, m("-3500.00"), h1.Final)
	require.Equal(t, []string{budget.FlagClawback}, h1.Flags)
	h2 := hospitalRow(t, res, param.Employee, param.DRG, "H2")
	require.Equal(t, m("5500.00"), h2.FundAmount)
	require.Empty(t, h2.Flags)
}

// ERR-3 / section 13: a floating pool with money and no points has no point value:
// an error naming the pool's JSON path. Zero money and zero points: no point
// value and no error.
func TestSettleZeroPoints(t *testing.T) {
	t.Run("money", func(t *testing.T) {
		p := rulePolicy("1000.00", "0", pointvalue.WithPatientShare)
		_, err := settle(ruleInput(t, p, []string{"H1"}))
		require.ErrorIs(t, err, pointvalue.ErrZeroPoints)
		var list *pointvalue.ErrorList
		require.ErrorAs(t, err, &list)
		require.Len(t, list.Errors, 1)
		e := list.Errors[0]
		require.Equal(t, "funds.employee.pools.drg", e.Field)
		require.Equal(t, "1000.00", e.Value)
		require.Equal(t, 0, e.Line)
		require.Equal(t, "policy.json", e.Source)
	})
	t.Run("no money", func(t *testing.T) {
		p := rulePolicy("0.00", "0", pointvalue.WithPatientShare)
		res, err := settle(ruleInput(t, p, []string{"H1"}))
		require.NoError(t, err)
		pr := poolRow(t, res, param.Employee, param.DRG)
		require.False(t, pr.HasPointValue)
		var b bytes.Buffer
		require.NoError(t, files.WritePools(&b, res))
		require.Equal(t, "fund,method,pool,reserve_in,reserve_out,total_points,patient_share,point_value_budget,point_value,payments,residual\n"+
			"employee,drg,0.00,0.00,0.00,0.0000,0.00,,,0.00,0.00\n", b.String())
	})
}

// PV-2 / BUD-3: a fixed rate of 100.00 per point, one case of 100 points, no
// share: F(S) = 10,000.00 against a pool of 5,000.00, an overrun of 5,000.00.
func TestSettleFixedRateOverrun(t *testing.T) {
	for _, tc := range []struct {
		name, budget, ratio, out, residual string
		flagged                            bool
	}{
		// budget 10,000, reserve 0.5 → 5,000.00, pool 5,000.00: the reserve pays it all.
		{"covered", "10000.00", "0.5", "5000.00", "0.00", false},
		// budget 6,250, reserve 0.2 → 1,250.00, pool 5,000.00: 1,250.00 drawn, 3,750.00 uncovered.
		{"not covered", "6250.00", "0.2", "1250.00", "-3750.00", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rulePolicy(tc.budget, tc.ratio, pointvalue.FixedRate)
			fp := p.Funds[param.Employee]
			fp.PointValue.FixedRate, fp.PointValue.HasFixedRate = pv("100"), true
			res, err := settle(ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0")))
			require.NoError(t, err)
			pr := poolRow(t, res, param.Employee, param.DRG)
			require.Equal(t, m("5000.00"), pr.Pool)
			require.Equal(t, m(tc.out), pr.ReserveOut)
			require.Equal(t, m(tc.residual), pr.Residual)
			require.Equal(t, tc.flagged, pr.Overrun)
			h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
			require.Equal(t, m("10000.00"), h.Final) // paid all the same
			require.Equal(t, tc.flagged, slices.Contains(h.Flags, budget.FlagOverrun))
			require.Equal(t, m("0.00"), res.Ledger[0].ReserveEnd)
		})
	}
}

// PV-5: fund-only, budget PV 100, band ±0.10 → [90, 110]; one case of 100 points.
func TestSettleBand(t *testing.T) {
	for _, tc := range []struct {
		name, budget, ratio, amounts, pv, in, out, reserveEnd string
		clamped                                               int
		short                                                 bool
	}{
		// pool 8,000 → PV 80 < 90: the floor needs 9,000.00, 1,000.00 from a reserve of 2,000.00.
		{"floor held", "10000.00", "0.2", "", "90", "0.00", "1000.00", "1000.00", -1, false},
		// reserve 500.00, amounts drg 8,000 (1,500.00 unallocated): PV = 8,500 ÷ 100 = 85, all 500.00 drawn.
		{"floor short", "10000.00", "0.05", "8000.00", "85", "0.00", "500.00", "0.00", -1, true},
		// pool 12,000 → PV 120 > 110: the ceiling needs 11,000.00, 1,000.00 returns.
		{"ceiling", "15000.00", "0.2", "", "110", "1000.00", "0.00", "4000.00", 1, false},
		// pool 10,000 → PV 100: inside the band.
		{"inside", "12500.00", "0.2", "", "100", "0.00", "0.00", "2500.00", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rulePolicy(tc.budget, tc.ratio, pointvalue.FundOnly)
			fp := p.Funds[param.Employee]
			fp.PointValue.BudgetPointValue, fp.PointValue.HasBudgetPointValue = pv("100"), true
			fp.PointValue.BandDown, fp.PointValue.HasBandDown = fac("0.1"), true
			fp.PointValue.BandUp, fp.PointValue.HasBandUp = fac("0.1"), true
			if tc.amounts != "" {
				fp.Pools = policy.Pools{Kind: policy.PoolsAmounts}
				fp.Pools.Named[param.DRG] = true
				fp.Pools.Amounts[param.DRG] = m(tc.amounts)
			}
			res, err := settle(ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0")))
			require.NoError(t, err)
			pr := poolRow(t, res, param.Employee, param.DRG)
			require.Equal(t, pv(tc.pv), pr.PointValue)
			require.Equal(t, tc.clamped, pr.Band)
			require.Equal(t, tc.short, pr.FloorShort)
			require.Equal(t, m(tc.in), pr.ReserveIn)
			require.Equal(t, m(tc.out), pr.ReserveOut)
			require.Equal(t, m("0.00"), pr.Residual)
			require.Equal(t, m(tc.reserveEnd), res.Ledger[0].ReserveEnd)
			h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
			require.Equal(t, h.Gross, pointvalue.Money(int64(pv(tc.pv))/1e4)) // 100 points × PV, in fen
		})
	}
}

// NUM-7 exact-share: pool 100.00 over three hospitals of 100 points each (no
// share). Point-value mode: PV 0.333333, S = 33.33 each, residual 0.01.
// Exact-share: 10,000 fen by largest remainder, equal remainders to the smaller
// id: 33.34, 33.33, 33.33, residual 0.
func TestSettleExactShare(t *testing.T) {
	for _, exact := range []bool{false, true} {
		p := rulePolicy("100.00", "0", pointvalue.WithPatientShare)
		p.Distribution = distribution(exact)
		res, err := settle(ruleInput(t, p, []string{"H1", "H2", "H3"},
			ruleCase("c1", "H1", "10000.00", "0"), ruleCase("c2", "H2", "10000.00", "0"), ruleCase("c3", "H3", "10000.00", "0")))
		require.NoError(t, err)
		var gross []pointvalue.Money
		for _, id := range []string{"H1", "H2", "H3"} {
			gross = append(gross, hospitalRow(t, res, param.Employee, param.DRG, id).Gross)
		}
		pr := poolRow(t, res, param.Employee, param.DRG)
		require.Equal(t, pv("0.333333"), pr.PointValue)
		if exact {
			require.Equal(t, []pointvalue.Money{m("33.34"), m("33.33"), m("33.33")}, gross)
			require.Equal(t, m("0.00"), pr.Residual)
		} else {
			require.Equal(t, []pointvalue.Money{m("33.33"), m("33.33"), m("33.33")}, gross)
			require.Equal(t, m("0.01"), pr.Residual)
		}
	}
}

// ERR-1/2/3: every bad case of a batch is reported in strict mode; lenient mode
// sets them aside and settles the rest.
func TestSettleStrictAndLenient(t *testing.T) {
	p := rulePolicy("10000.00", "0", pointvalue.FundOnly)
	p.BedDay.Rates = map[string]bedday.Rates{"psychiatric": {Rate: [param.NumLevels]pointvalue.Money{m("420")}, Has: [param.NumLevels]bool{true}}}
	good := ruleCase("ok", "H1", "10000.00", "0")
	good.Line = 2
	bad := func(line int, f func(c *budget.Case)) budget.Case {
		c := ruleCase("b"+strconv.Itoa(line), "H1", "10000.00", "0")
		c.Line = line
		f(&c)
		return c
	}
	cases := []budget.Case{good,
		bad(3, func(c *budget.Case) { c.ID = "ok" }),             // duplicate case id
		bad(4, func(c *budget.Case) { c.HospitalID = "H9" }),     // unknown hospital
		bad(5, func(c *budget.Case) { c.Fund = param.Resident }), // fund not settled
		bad(6, func(c *budget.Case) {
			c.Admit, c.Discharge = pointvalue.DateOf(2024, 12, 20), pointvalue.DateOf(2024, 12, 31)
		}), // outside the year
		bad(7, func(c *budget.Case) { c.PatientShare = m("10000.01") }),                // share above cost
		bad(8, func(c *budget.Case) { c.Method, c.MethodGiven = param.DIP, true }),     // no DIP pool
		bad(9, func(c *budget.Case) { c.BedDayCategory = "hospice" }),                  // no rate
		bad(10, func(c *budget.Case) { c.Method, c.MethodGiven = param.BedDay, true }), // bedday, no category
	}
	type want struct {
		line  int
		field string
		err   error
	}
	wants := []want{
		{3, "case_id", pointvalue.ErrDuplicate},
		{4, "hospital_id", pointvalue.ErrUnknownHospital},
		{5, "fund", pointvalue.ErrUnknownFund},
		{6, "discharge_date", pointvalue.ErrOutsideYear},
		{7, "patient_share", pointvalue.ErrShareAboveCost},
		{8, "method", pointvalue.ErrNoPool},
		{9, "bedday_category", pointvalue.ErrPolicy},
		{10, "method", pointvalue.ErrRequired},
	}
	check := func(t *testing.T, errs []*pointvalue.RecordError) {
		t.Helper()
		require.Len(t, errs, len(wants))
		budget.SortErrors(errs)
		for i, w := range wants {
			e := errs[i]
			require.Equal(t, "cases.csv", e.Source)
			require.Equal(t, w.line, e.Line)
			require.Equal(t, w.field, e.Field)
			require.ErrorIs(t, e, w.err, e.Error())
		}
	}
	t.Run("strict", func(t *testing.T) {
		res, err := settle(ruleInput(t, p, []string{"H1"}, cases...))
		require.Nil(t, res)
		var list *pointvalue.ErrorList
		require.ErrorAs(t, err, &list)
		check(t, list.Errors)
	})
	t.Run("lenient", func(t *testing.T) {
		in := ruleInput(t, p, []string{"H1"}, cases...)
		res, err := budget.Settle(context.Background(), in, budget.Options{Lenient: true})
		require.NoError(t, err)
		check(t, res.Rejects)
		require.Equal(t, 1, res.NumCases())
		require.Equal(t, "ok", res.Case(0).CaseID)
		// the one good case takes the whole pool: 10,000.00 over 100 points.
		h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
		require.Equal(t, m("10000.00"), h.Gross)
		require.Equal(t, int64(1), h.Cases)
	})
}

func distribution(exact bool) policy.Distribution {
	if exact {
		return policy.ExactShare
	}
	return policy.PointValueDistribution
}

// settle is budget.Settle with the default options.
func settle(in budget.Input) (*budget.Result, error) {
	return budget.Settle(context.Background(), in, budget.Options{})
}

// An error about a pool names its JSON path as the policy writes it: a
// bed-day pool given by ratio is funds.employee.pools.ratios.bedday (issue 14).
func TestPoolErrorPath(t *testing.T) {
	p := rulePolicy("10000.00", "0", pointvalue.FundOnly)
	p.BedDay.Pool = bedday.Separate
	fp := p.Funds[param.Employee]
	fp.Pools.Kind = policy.PoolsRatios
	fp.Pools.Named[param.DRG], fp.Pools.Ratios[param.DRG] = true, fac("0.9")
	fp.Pools.Named[param.BedDay], fp.Pools.Ratios[param.BedDay] = true, fac("0.1")
	_, err := settle(ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0")))
	require.ErrorContains(t, err, "policy.json:0: funds.employee.pools.ratios.bedday: 1000.00: pool has money but zero points")
}
