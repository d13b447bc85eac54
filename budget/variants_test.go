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
