package budget_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// The hospital- and pool-level variants (VARIANTS VAR-6, VAR-8, VAR-9, VAR-10,
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
	in.Hospitals[0].Assessment = fac("92.5")
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
