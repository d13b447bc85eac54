package budget_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestOverflowBlamesCoefficient: with limits.max_coefficient lifted, a
// hospital coefficient of 1e9 makes every case of the hospital overflow (100 base points × 1e9 > the int64 points
// range, NUM-3). The error names hospitals.csv's coefficient once, not each
// case's total_cost (issue 14: 539 cases blamed); a case that overflows by its
// own cost stays on its total_cost. In memory and streamed alike.
func TestOverflowBlamesCoefficient(t *testing.T) {
	p := rulePolicy("1000000.00", "0", pointvalue.FundOnly)
	p.Limits.HasMaxCoefficient = false // limits.max_coefficient null: a region lifted the limit (ERR-5)
	in := ruleInput(t, p, []string{"H1", "H2"},
		ruleCase("C1", "H1", "10000.00", "0"), ruleCase("C2", "H1", "10500.00", "0"),
		ruleCase("C3", "H2", "10000.00", "0"), ruleCase("C4", "H1", "9000.00", "0"))
	in.Hospitals[0].Coefficient, in.Hospitals[0].HasCoefficient = fac("1000000000"), true
	want := "hospitals.csv:2: coefficient: 1000000000: arithmetic overflow: the coefficient makes the points of case C1 (and of every case like it) too large"
	_, err := settle(in)
	require.EqualError(t, err, want)

	s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{Window: 2, TempDir: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Add(in.Cases))
	_, err = s.Settle()
	require.Error(t, err)
	require.Equal(t, 1, strings.Count(err.Error(), "coefficient: 1000000000"), "streamed: %v", err)

	// A DIP level coefficient: the policy's path.
	in = crossDIPInput(t, nil)
	in.Policy.Limits.HasMaxCoefficient = false
	in.Policy.DIP.LevelCoefficients[param.Tertiary] = fac("1000000000")
	in.Cases = budget.NewBatch([]budget.Case{
		{ID: "D1", HospitalID: hTert, Fund: param.Employee, Diagnosis: dxPlain, Admit: jan(1), Discharge: jan(3), TotalCost: m("10000.00")},
	})
	_, err = settle(in)
	require.EqualError(t, err, "policy.json:0: dip.level_coefficients.tertiary: 1000000000: arithmetic overflow: the coefficient makes the points of case D1 (and of every case like it) too large")
}

// TestAdjustmentUnknownHospital: an adjustments row for a hospital that is
// not in hospitals.csv is an error on its hospital_id (ERR-3), not on its
// method; a row for a known hospital with no settled row stays on method.
func TestAdjustmentUnknownHospital(t *testing.T) {
	p := rulePolicy("1000000.00", "0", pointvalue.FundOnly)
	in := ruleInput(t, p, []string{"H1", "H2"}, ruleCase("C1", "H1", "10000.00", "0"))
	in.Adjustments = []budget.Adjustment{
		{Line: 2, Hospital: "H9", Fund: param.Employee, Method: param.DRG},
		{Line: 3, Hospital: "H2", Fund: param.Employee, Method: param.DRG},
	}
	_, err := settle(in)
	require.EqualError(t, err, "adjustments.csv:2: hospital_id: H9: unknown hospital\n"+
		"adjustments.csv:3: method: drg: no settled row for this (hospital, fund, method)")
}
