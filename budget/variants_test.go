package budget_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
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
