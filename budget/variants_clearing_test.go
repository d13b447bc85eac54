package budget_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// The hospital- and pool-level variants (docs/variants.md VAR-6, VAR-8, VAR-9, VAR-10,
// VAR-13), each reference vector settled through Settle. Every expected figure is
// worked out by hand in the comments.

// VAR-13: F(C) 3,486,250.00, q 92.5, deductions 41,300.00. A fund-only pool of
// 3,486,250.00 (reserve 0) over one case of 100 points: PV 34,862.5, S = F(S) =
// F(C) = 3,486,250.00 (corridor none). The coefficient applies first:
// 3,486,250.00 × 0.925 = 3,224,781.25; E = final = 3,224,781.25 − 41,300.00 =
// 3,183,481.25 (the old order gave 3,186,578.75). To the reserve: 261,468.75 +
// 41,300.00 = 302,768.75.
func TestSettleVAR13(t *testing.T) {
	p := rulePolicy("3486250.00", "0", pointvalue.FundOnly)
	p.Advances.AssessmentRule = policy.AssessCoefficient
	in := ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0"))
	in.Hospitals[0].Assessment, in.Hospitals[0].HasAssessment = fac("92.5"), true
	in.Adjustments = []budget.Adjustment{{Line: 2, Hospital: "H1", Fund: param.Employee, Method: param.DRG, Deductions: m("41300.00")}}
	res, err := settle(in)
	require.NoError(t, err)
	h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	require.Equal(t, m("3486250.00"), h.FundAmount)
	require.Equal(t, m("3183481.25"), h.Entitlement)
	require.Equal(t, m("3183481.25"), h.Final)
	require.Equal(t, m("261468.75"), h.Forfeited)
	require.Equal(t, m("0.00"), h.Deposit)
	require.Equal(t, []string{budget.VariantAssessment}, h.Variants)
	pr := poolRow(t, res, param.Employee, param.DRG)
	require.Equal(t, m("302768.75"), pr.ReserveIn)
	require.Equal(t, m("302768.75"), res.Ledger[0].ReserveEnd)
	require.True(t, res.Balanced())

	// The deposit rule names no variant.
	p.Advances.AssessmentRule = policy.AssessDeposit
	res, err = settle(in)
	require.NoError(t, err)
	require.Empty(t, hospitalRow(t, res, param.Employee, param.DRG, "H1").Variants)
}

// VAR-6: S 2,460,000.00, surplus_keep 0.3, surplus_cap 0.03. Two hospitals with
// one normal case each of a group with RW 1 and reference cost 2,000,000.00 (100
// points, ratio 0.984 and 1.1685), a fund-only pool of 4,920,000.00 (reserve 0):
// PV 24,600, S = 2,460,000.00 each; A = cost (no patient share).
//   - H1, A 1,968,000.00: kept 0.3 × 492,000 = 147,600.00 > cap 73,800.00:
//     C = 2,041,800.00, flag surplus-capped (without the cap 2,115,600.00);
//     418,200.00 returns to the reserve.
//   - H2, A 2,337,000.00: 0.3 × 123,000 = 36,900.00 < 73,800.00: C = 2,373,900.00,
//     no flag; 86,100.00 returns.
func TestSettleVAR6(t *testing.T) {
	w, err := drg.NewWeights([]drg.Group{{Code: "G1", Weight: pointvalue.One, AvgCost: m("2000000.00"), Stable: true}})
	require.NoError(t, err)
	p := rulePolicy("4920000.00", "0", pointvalue.FundOnly)
	p.Corridor = policy.Corridor{Rule: policy.CorridorBands, SurplusKeep: fac("0.3"), OverBand: fac("0.1"), OverShare: fac("0.5"),
		LowUseRatio: fac("0.5"), SurplusCap: fac("0.03"), HasSurplusCap: true}
	in := ruleInput(t, p, []string{"H1", "H2"}, ruleCase("c1", "H1", "1968000.00", "0"), ruleCase("c2", "H2", "2337000.00", "0"))
	in.Weights = w
	res, err := settle(in)
	require.NoError(t, err)
	h1 := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	require.Equal(t, m("2460000.00"), h1.Gross)
	require.Equal(t, m("2041800.00"), h1.CorridorAmount)
	require.Equal(t, m("418200.00"), h1.ReserveReturn)
	require.Equal(t, m("2041800.00"), h1.Final)
	require.Equal(t, []string{budget.FlagSurplusCapped}, h1.Flags)
	require.Equal(t, []string{budget.VariantSurplusCap}, h1.Variants)
	h2 := hospitalRow(t, res, param.Employee, param.DRG, "H2")
	require.Equal(t, m("2373900.00"), h2.CorridorAmount)
	require.Empty(t, h2.Flags)
	require.Empty(t, h2.Variants)
	require.Equal(t, m("504300.00"), poolRow(t, res, param.Employee, param.DRG).ReserveIn)
	require.True(t, res.Balanced())

	// No cap: H1 keeps 2,115,600.00.
	p.Corridor.HasSurplusCap = false
	res, err = settle(in)
	require.NoError(t, err)
	require.Equal(t, m("2115600.00"), hospitalRow(t, res, param.Employee, param.DRG, "H1").CorridorAmount)
}

// VAR-10: a per-capita pool of 36,000,000.00 (the employee fund's budget, reserve
// 0, all to capita), risk 0.08 and serious illness 0.04, carry-over 1,350,000.00,
// one institution of 48,000 members (weight 1).
//   - held back: 2,880,000.00 + 1,440,000.00 = reserve_in 4,320,000.00;
//   - standard (36,000,000 − 4,320,000 + 1,350,000) ÷ 48,000 = 688.125 → 688.13
//     (without the carry-over 660.00);
//   - B = 48,000 × 688.13 = 33,030,240.00; the reserve pays out the 1,350,000.00
//     (reserve_out), and the pool's residual is 36,000,000 + 1,350,000 −
//     4,320,000 − 33,030,240 = −240.00 (A59: half a fen per head at most).
//
// Spending 33,030,240.00 (r = 1, corridor none anyway): final = B.
func TestSettleVAR10(t *testing.T) {
	p := rulePolicy("36000000.00", "0", pointvalue.FundOnly)
	capitaOnly(p)
	p.Capita.RiskRatio, p.Capita.SeriousIllnessRatio = fac("0.08"), fac("0.04")
	p.Capita.CarryOver[param.Employee], p.Capita.HasCarryOver[param.Employee] = m("1350000.00"), true
	require.NoError(t, p.Validate())
	in := budget.Input{Policy: p, Hospitals: ruleHospitals("C1"),
		Members:  []budget.Members{{Line: 2, Institution: "C1", Fund: param.Employee, Members: 48000}},
		Spending: []budget.Spending{{Line: 2, Institution: "C1", Fund: param.Employee, Own: m("33030240.00")}}}
	res, err := settle(in)
	require.NoError(t, err)
	pr := poolRow(t, res, param.Employee, param.Capita)
	require.Equal(t, pv("688.13"), pr.PointValue)
	require.Equal(t, m("4320000.00"), pr.ReserveIn)
	require.Equal(t, m("1350000.00"), pr.ReserveOut)
	require.Equal(t, m("-240.00"), pr.Residual)
	require.Equal(t, []string{budget.VariantCarryOver}, pr.Variants)
	h := hospitalRow(t, res, param.Employee, param.Capita, "C1")
	require.Equal(t, m("33030240.00"), h.Gross)
	require.Equal(t, m("33030240.00"), h.Final)
	require.Equal(t, m("2970000.00"), res.Ledger[0].ReserveEnd) // 0 + 4,320,000 − 1,350,000
	require.True(t, res.Balanced())

	// Without the carry-over: 660.00.
	p.Capita.HasCarryOver[param.Employee], p.Capita.CarryOver[param.Employee] = false, 0
	res, err = settle(in)
	require.NoError(t, err)
	require.Equal(t, pv("660"), poolRow(t, res, param.Employee, param.Capita).PointValue)
	require.Empty(t, poolRow(t, res, param.Employee, param.Capita).Variants)
}

// dipFundOnly is a DIP policy with an employee fund of budget (reserve 0,
// fund-only), the corridor off and no deposit, and a catalog of groups `A01`
// scoring 1850 and B01 scoring 2100 (reference 10,000.00: a case costing that is
// normal, ratio 1, and scores its group's score at a tertiary hospital).
func dipFundOnly(t testing.TB, budgetAmt string) (*policy.Policy, *dip.Catalog) {
	p := rulePolicy(budgetAmt, "0", pointvalue.FundOnly)
	p.InpatientMethod = param.DIP
	cat, err := dip.NewCatalog([]dip.Group{
		{Code: "A01", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(1850), AvgCost: m("10000.00")},
		{Code: "B01", Kind: dip.Core, Diagnosis: "B01.0", Score: pointvalue.PointsFromInt(2100), AvgCost: m("10000.00")},
	})
	require.NoError(t, err)
	return p, cat
}

func dipCase(id, hosp, group string, discharge pointvalue.Date) budget.Case {
	return budget.Case{ID: id, HospitalID: hosp, Fund: param.Employee, Group: group,
		Admit: discharge - 3, Discharge: discharge, TotalCost: m("10000.00")}
}

// VAR-9: fund-only DIP, advance ratio 0.90, budget point value 12.75, January's
// value 13.2; H1's January case scores 1,850.0000 and its February case
// 2,100.0000; a January deduction of 1,200.00.
//   - January: 1,850 × 13.2 = 24,420.00; × 0.90 = 21,978.00; − 1,200.00 = 20,778.00;
//   - February (no monthly value): 2,100 × 12.75 = 26,775.00; × 0.90 = 24,097.50;
//   - advances 44,875.50; E subtracts the 1,200.00 once.
//
// The pool is 79,000.00 over 3,950 points: PV 20, S = F(S) = 79,000.00 = C; final
// 77,800.00; clearing 77,800.00 − 44,875.50 = 32,924.50.
func TestSettleVAR9(t *testing.T) {
	p, cat := dipFundOnly(t, "79000.00")
	p.Funds[param.Employee].PointValue.BudgetPointValue, p.Funds[param.Employee].PointValue.HasBudgetPointValue = pv("12.75"), true
	p.Advances.MonthlyPointValues = []policy.MonthlyPointValue{{Fund: param.Employee, Method: param.DIP, Key: "2025-01", Year: 2025, Month: 1, Value: pv("13.2")}}
	require.NoError(t, p.Validate())
	in := budget.Input{Policy: p, Catalog: cat, Hospitals: ruleHospitals("H1"),
		Cases:       budget.NewBatch([]budget.Case{dipCase("c1", "H1", "A01", pointvalue.DateOf(2025, 1, 20)), dipCase("c2", "H1", "B01", pointvalue.DateOf(2025, 2, 10))}),
		Adjustments: []budget.Adjustment{{Line: 2, Hospital: "H1", Fund: param.Employee, Method: param.DIP, Deductions: m("1200.00"), Year: 2025, Month: 1}}}
	res, err := settle(in)
	require.NoError(t, err)
	h := hospitalRow(t, res, param.Employee, param.DIP, "H1")
	require.Equal(t, m("44875.50"), h.Advances)
	require.False(t, h.AdvancesGiven)
	require.Equal(t, m("1200.00"), h.Deductions)
	require.Equal(t, m("77800.00"), h.Final)
	require.Equal(t, m("32924.50"), h.Clearing)
	require.Equal(t, []string{budget.VariantMonthly}, h.Variants)
	pr := poolRow(t, res, param.Employee, param.DIP)
	require.Equal(t, []string{budget.VariantMonthly}, pr.Variants)
	require.Equal(t, m("1200.00"), pr.ReserveIn) // the deduction joins the reserve once
	require.True(t, res.Balanced())

	t.Run("advances paid", func(t *testing.T) {
		// With advances_paid on the year row, the month rows count only in E.
		in := in
		in.Adjustments = append([]budget.Adjustment{{Line: 3, Hospital: "H1", Fund: param.Employee, Method: param.DIP,
			AdvancesPaid: m("50000.00"), HasAdvancesPaid: true, Deductions: m("100.00")}}, in.Adjustments...)
		res, err := settle(in)
		require.NoError(t, err)
		h := hospitalRow(t, res, param.Employee, param.DIP, "H1")
		require.Equal(t, m("50000.00"), h.Advances)
		require.Equal(t, m("1300.00"), h.Deductions)
		require.Equal(t, m("77700.00"), h.Final)
	})
	t.Run("negative advances", func(t *testing.T) {
		// A March deduction of 50,000.00 (no March case): advances 44,875.50 − 50,000.00 =
		// −5,124.50; no settlement ratio; final 79,000.00 − 51,200.00 = 27,800.00, clearing
		// 27,800.00 + 5,124.50 = 32,924.50.
		in := in
		in.Adjustments = append(slices.Clone(in.Adjustments), budget.Adjustment{Line: 3, Hospital: "H1", Fund: param.Employee, Method: param.DIP,
			Deductions: m("50000.00"), Year: 2025, Month: 3})
		res, err := settle(in)
		require.NoError(t, err)
		h := hospitalRow(t, res, param.Employee, param.DIP, "H1")
		require.Equal(t, m("-5124.50"), h.Advances)
		require.Equal(t, m("27800.00"), h.Final)
		require.Equal(t, m("32924.50"), h.Clearing)
		require.False(t, h.HasRatio)
		ind, err := res.Indicators(param.Employee, 0, budget.DefaultIndicatorTerms())
		require.NoError(t, err)
		require.False(t, ind.HasSettlementRatio)
	})
	t.Run("defaults", func(t *testing.T) {
		// Without monthly values or month rows: 3,950 × 12.75 × 0.9 by month:
		// 21,228.75 + 24,097.50 = 45,326.25, nothing named.
		p := *p
		p.Advances.MonthlyPointValues = nil
		in := in
		in.Policy, in.Adjustments = &p, nil
		res, err := settle(in)
		require.NoError(t, err)
		h := hospitalRow(t, res, param.Employee, param.DIP, "H1")
		require.Equal(t, m("45326.25"), h.Advances)
		require.Empty(t, h.Variants)
		require.Empty(t, poolRow(t, res, param.Employee, param.DIP).Variants)
	})
}

// VAR-9's errors of adjustments.csv found by the engine: a month outside the
// policy year, advances_paid on a month row, a month row given twice, a month
// row of a row that is not settled.
func TestSettleVAR9Errors(t *testing.T) {
	p, cat := dipFundOnly(t, "79000.00")
	adj := func(line, year, month int, hosp string) budget.Adjustment {
		return budget.Adjustment{Line: line, Hospital: hosp, Fund: param.Employee, Method: param.DIP, Deductions: m("1.00"), Year: year, Month: month}
	}
	paid := adj(4, 2025, 2, "H1")
	paid.AdvancesPaid, paid.HasAdvancesPaid = m("1.00"), true
	in := budget.Input{Policy: p, Catalog: cat, Hospitals: ruleHospitals("H1", "H2"),
		Cases:       budget.NewBatch([]budget.Case{dipCase("c1", "H1", "A01", pointvalue.DateOf(2025, 1, 20))}),
		Adjustments: []budget.Adjustment{adj(2, 2024, 12, "H1"), adj(3, 2025, 1, "H1"), paid, adj(5, 2025, 1, "H1"), adj(6, 2025, 1, "H2")}}
	_, err := settle(in)
	require.Error(t, err)
	require.Equal(t, "adjustments.csv:2: month: 2024-12: value out of range: not a month of the policy year (VAR-9)\n"+
		"adjustments.csv:4: advances_paid: 1.00: invalid argument: advances_paid belongs on the year row (empty month), VAR-9\n"+
		"adjustments.csv:5: hospital_id: H1: duplicate key", err.Error())
	in.Adjustments = []budget.Adjustment{adj(6, 2025, 1, "H2")}
	_, err = settle(in)
	require.EqualError(t, err, "adjustments.csv:6: method: dip: no settled row for this (hospital, fund, method)")
}

// elasticYear is VAR-8's reference year: a fund-only DRG pool of pool (reserve
// 0, corridor off, no deposit), hospitals H1, H2, H3 with base points 40,000 /
// 30,000 / 10,000 and, for points, cases of groups whose base points are what
// the hospital scores (RW 260 → 26,000 points; each case costs its reference,
// so it is normal). H1's points come in two cases.
func elasticYear(t testing.TB, pool string, e policy.Elastic, points ...int64) budget.Input {
	p := rulePolicy(pool, "0", pointvalue.FundOnly)
	p.Funds[param.Employee].PointValue.Elastic, p.Funds[param.Employee].PointValue.HasElastic = e, true
	require.NoError(t, p.Validate())
	var groups []drg.Group
	var cases []budget.Case
	addCase := func(id, hosp string, pts int64) {
		code := fmt.Sprintf("G%d", pts)
		if !slices.ContainsFunc(groups, func(g drg.Group) bool { return g.Code == code }) {
			groups = append(groups, drg.Group{Code: code, Weight: pointvalue.Factor(pts * 1_000_000), AvgCost: m("10000.00"), Stable: true})
		}
		c := ruleCase(id, hosp, "10000.00", "0")
		c.Group = code
		cases = append(cases, c)
	}
	addCase("c1a", "H1", points[0]/2)
	addCase("c1b", "H1", points[0]-points[0]/2)
	addCase("c2", "H2", points[1])
	if points[2] > 0 {
		addCase("c3", "H3", points[2])
	}
	w, err := drg.NewWeights(groups)
	require.NoError(t, err)
	in := budget.Input{Policy: p, Hospitals: ruleHospitals("H1", "H2", "H3"), Cases: budget.NewBatch(cases), Weights: w}
	for i, b := range []int64{40000, 30000, 10000} {
		in.Hospitals[i].BasePoints[param.Employee], in.Hospitals[i].HasBasePoints[param.Employee] = pointvalue.PointsFromInt(b), true
	}
	return in
}

// VAR-8's two reference vectors (fund-only, pool 9,000,000.00, B = 40,000 /
// 30,000 / 10,000, ΣB 80,000).
//
// base_share 0.8, P = 52,000 / 38,000 / 16,000: b = 40,000 / 30,000 / 10,000, i =
// 12,000 / 8,000 / 6,000 (Σi 26,000); PV_fix = 0.8 × 9,000,000 ÷ 80,000 = 90;
// T = 7,200,000.00; PV_float = 1,800,000 ÷ 26,000 = 69.2307692… → 69.230769;
// gross 3,600,000 + 830,769.228 → 4,430,769.23, 2,700,000 + 553,846.152 →
// 3,253,846.15, 900,000 + 415,384.614 → 1,315,384.61; Σ 8,999,999.99, residual 0.01.
// H1's two cases of 26,000 points each take half of its gross:
// 26,000 × 4,430,769.23 ÷ 52,000 = 2,215,384.615 → 2,215,384.62.
//
// fixed_value 88, float_cap 95, P = 52,000 / 26,000 / 16,000: b = 40,000 / 26,000
// / 10,000, i = 12,000 / 0 / 6,000 (Σi 18,000); T = 7,040,000.00; 1,960,000 ÷
// 18,000 = 108.888889, capped at 95; gross 3,520,000 + 1,140,000 = 4,660,000.00,
// 2,288,000.00, 880,000 + 570,000 = 1,450,000.00; Σ 8,398,000.00, residual
// 602,000.00 (H2's unused base 4,000 × 88 = 352,000.00 + the cap's 1,960,000 −
// 1,710,000 = 250,000.00).
func TestSettleVAR8(t *testing.T) {
	for _, tc := range []struct {
		name              string
		e                 policy.Elastic
		points            []int64
		fixed, float      string
		capped            bool
		base, gross       []string
		residual, caseAmt string
	}{
		{name: "base_share", e: policy.Elastic{BaseShare: fac("0.8"), HasBaseShare: true}, points: []int64{52000, 38000, 16000},
			fixed: "90", float: "69.230769", base: []string{"40000", "30000", "10000"},
			gross: []string{"4430769.23", "3253846.15", "1315384.61"}, residual: "0.01", caseAmt: "2215384.62"},
		{name: "fixed_value and float_cap", e: policy.Elastic{FixedValue: pv("88"), HasFixedValue: true, FloatCap: pv("95"), HasFloatCap: true},
			points: []int64{52000, 26000, 16000}, fixed: "88", float: "95", capped: true, base: []string{"40000", "26000", "10000"},
			gross: []string{"4660000.00", "2288000.00", "1450000.00"}, residual: "602000.00", caseAmt: "2330000.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := settle(elasticYear(t, "9000000.00", tc.e, tc.points...))
			require.NoError(t, err)
			pr := poolRow(t, res, param.Employee, param.DRG)
			require.True(t, pr.HasElastic)
			require.Equal(t, pv(tc.fixed), pr.ElasticPointValue)
			require.True(t, pr.HasPointValue)
			require.Equal(t, pv(tc.float), pr.PointValue)
			require.Equal(t, tc.capped, pr.ElasticFloatCapped)
			require.Equal(t, m(tc.residual), pr.Residual)
			require.Equal(t, []string{budget.VariantElastic}, pr.Variants)
			for i, id := range []string{"H1", "H2", "H3"} {
				h := hospitalRow(t, res, param.Employee, param.DRG, id)
				require.Equal(t, m(tc.gross[i]), h.Gross, id)
				require.Equal(t, m(tc.gross[i]), h.Final, id)
				require.Equal(t, pointvalue.MustPoints(tc.base[i]), h.ElasticBasePoints, id)
				require.Equal(t, pv(tc.fixed), h.ElasticPointValue, id)
				require.Equal(t, pv(tc.float), h.PointValue, id)
				require.Equal(t, []string{budget.VariantElastic}, h.Variants, id)
			}
			for k := range 2 {
				c := res.Case(k) // c1a, c1b: H1's two halves
				require.Equal(t, m(tc.caseAmt), c.Amount, c.CaseID)
			}
			require.True(t, res.Balanced())
		})
	}
}

// VAR-8 with no increment (every hospital within its base): no PV_float, the
// pool's N − T unspent, no error. fixed 88: gross 40,000 × 88 = 3,520,000.00 etc.
func TestSettleVAR8NoIncrement(t *testing.T) {
	res, err := settle(elasticYear(t, "9000000.00", policy.Elastic{FixedValue: pv("88"), HasFixedValue: true}, 40000, 30000, 10000))
	require.NoError(t, err)
	pr := poolRow(t, res, param.Employee, param.DRG)
	require.False(t, pr.HasPointValue)
	require.Equal(t, m("1960000.00"), pr.Residual) // 9,000,000 − 80,000 × 88
	require.Equal(t, m("3520000.00"), hospitalRow(t, res, param.Employee, param.DRG, "H1").Gross)
	require.False(t, hospitalRow(t, res, param.Employee, param.DRG, "H1").HasPointValue)
	require.True(t, res.Case(0).HasAmount)
	require.Equal(t, m("1760000.00"), res.Case(0).Amount)
}

// VAR-8's errors that need the data: T > N, ΣB = 0 with base_share, a hospital
// with cases and no base points (each named: its hospitals.csv line and column).
func TestSettleVAR8Errors(t *testing.T) {
	// T = 80,000 × 88 = 7,040,000.00 > N = 7,000,000.00.
	_, err := settle(elasticYear(t, "7000000.00", policy.Elastic{FixedValue: pv("88"), HasFixedValue: true}, 52000, 26000, 16000))
	require.EqualError(t, err, "policy.json:0: funds.employee.point_value.elastic.fixed_value: 88: invalid policy: base total exceeds the pool")

	in := elasticYear(t, "9000000.00", policy.Elastic{BaseShare: fac("0.8"), HasBaseShare: true}, 52000, 38000, 16000)
	for i := range in.Hospitals {
		in.Hospitals[i].BasePoints[param.Employee] = 0
	}
	_, err = settle(in)
	require.EqualError(t, err, "policy.json:0: funds.employee.point_value.elastic.base_share: 0.8: invalid policy: the base points sum to 0: base_share gives no fixed value")

	in = elasticYear(t, "9000000.00", policy.Elastic{BaseShare: fac("0.8"), HasBaseShare: true}, 52000, 38000, 16000)
	in.Hospitals[0].HasBasePoints[param.Employee] = false
	in.Hospitals[2].HasBasePoints[param.Employee] = false
	_, err = settle(in)
	require.EqualError(t, err, "hospitals.csv:2: base_points_employee: : required value is empty: hospital H1 has cases in the elastic pool (VAR-8)\n"+
		"hospitals.csv:4: base_points_employee: : required value is empty: hospital H3 has cases in the elastic pool (VAR-8)")

}

// VAR-8: a hospital with a base and no case still counts in ΣB, its base unspent.
// H3 (base 10,000) has no case: PV_fix = 0.8 × 9,000,000 ÷ 80,000 = 90; Σi =
// 12,000 + 8,000 = 20,000, PV_float = 1,800,000 ÷ 20,000 = 90; gross H1
// 52,000 × 90 = 4,680,000.00, H2 38,000 × 90 = 3,420,000.00; residual 900,000.00
// (H3's base, 10,000 × 90). A hospital with no case needs no base points either.
func TestSettleVAR8UnusedBase(t *testing.T) {
	in := elasticYear(t, "9000000.00", policy.Elastic{BaseShare: fac("0.8"), HasBaseShare: true}, 52000, 38000, 0)
	in.Hospitals = append(in.Hospitals, budget.Hospital{Line: 5, ID: "H4", Level: param.Tertiary, Assessment: 100 * pointvalue.One})
	res, err := settle(in)
	require.NoError(t, err)
	pr := poolRow(t, res, param.Employee, param.DRG)
	require.Equal(t, pv("90"), pr.ElasticPointValue)
	require.Equal(t, pv("90"), pr.PointValue)
	require.Equal(t, m("900000.00"), pr.Residual)
	require.Equal(t, m("4680000.00"), hospitalRow(t, res, param.Employee, param.DRG, "H1").Gross)
	require.Equal(t, m("3420000.00"), hospitalRow(t, res, param.Employee, param.DRG, "H2").Gross)
}
