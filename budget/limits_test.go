package budget_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
	"github.com/stretchr/testify/require"
)

// ERR-5: plausibility limits. Each input beyond its limit is an error naming
// where it came from; null in the policy lifts the limit; nothing is clamped.
func TestLimits(t *testing.T) {
	t.Run("stay length", func(t *testing.T) {
		// admitted in 1751 (a typo for 2025): 100,000+ days, beyond 3650
		c := ruleCase("c1", "H1", "10000.00", "0")
		c.Admit, c.Line = pointvalue.DateOf(1751, 3, 1), 2
		_, err := settle(ruleInput(t, rulePolicy("10000.00", "0", pointvalue.FundOnly), []string{"H1"}, c))
		require.ErrorContains(t, err, "cases.csv:2: admit_date: 1751-03-01: value out of range: a stay of 100081 days is beyond limits.max_stay_days 3650 (ERR-5)")
		p := rulePolicy("10000.00", "0", pointvalue.FundOnly)
		p.Limits.HasMaxStayDays = false // lifted
		_, err = settle(ruleInput(t, p, []string{"H1"}, c))
		require.NoError(t, err)
	})
	t.Run("hospital coefficient", func(t *testing.T) {
		// 105 meant as 1.05
		in := ruleInput(t, rulePolicy("10000.00", "0", pointvalue.FundOnly), []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0"))
		in.Hospitals[0].Coefficient, in.Hospitals[0].HasCoefficient = fac("105"), true
		_, err := settle(in)
		require.ErrorContains(t, err, "hospitals.csv:2: coefficient: 105: value out of range: above limits.max_coefficient 10 (ERR-5)")
	})
	t.Run("growth rate", func(t *testing.T) {
		// 4 written for 4 %
		_, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1",
			"funds": {"employee": {"budget": {"method": "growth", "prior_expenditure": "1000.00", "growth_rate": "4"}}}}`), "policy.json")
		require.ErrorContains(t, err, "policy.json:0: funds.employee.budget.growth_rate: 4: value out of range: beyond limits.max_growth_rate 0.5")
		_, err = policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "limits": {"max_growth_rate": null},
			"funds": {"employee": {"budget": {"method": "growth", "prior_expenditure": "1000.00", "growth_rate": "4"}}}}`), "policy.json")
		require.NoError(t, err)
	})
	t.Run("level coefficient", func(t *testing.T) {
		_, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "inpatient_method": "dip",
			"funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}, "point_value": {"formula": "fund-only"}}},
			"dip": {"level_coefficients": {"tertiary": "12"}}}`), "policy.json")
		require.ErrorContains(t, err, "policy.json:0: dip.level_coefficients.tertiary: 12: value out of range: above limits.max_coefficient 10")
	})
	t.Run("DIP score 0", func(t *testing.T) {
		_, err := dip.NewCatalog([]dip.Group{{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", AvgCost: m("100.00")}})
		require.ErrorContains(t, err, "groups:1: score: 0.0000: value out of range: a group's score must be greater than 0 (ERR-5)")
	})
	t.Run("unknown group share", func(t *testing.T) {
		// 1,000 employee DRG cases of which 51 carry a code the table does not
		// have (5.1 % > 5 %): the wrong year's table. 50 (5 %) is not beyond.
		year := func(unknown int) budget.Input {
			var cases []budget.Case
			for i := range 1000 {
				c := ruleCase(fmt.Sprintf("c%04d", i), "H1", "10000.00", "0")
				if i < unknown {
					c.Group = "ZZ99"
				}
				cases = append(cases, c)
			}
			return ruleInput(t, rulePolicy("10000000.00", "0", pointvalue.FundOnly), []string{"H1"}, cases...)
		}
		_, err := budget.Settle(context.Background(), year(51), budget.Options{Lenient: true})
		require.ErrorContains(t, err, "weights.csv:0: : : invalid policy: 51 of 1000 cases (5.1%) of the employee drg pool not in this table (limits.max_unknown_group_share 0.05)")
		_, err = settle(year(50))
		require.NoError(t, err)
		in := year(51)
		in.Policy.Limits.HasMaxUnknownGroupShare = false
		_, err = settle(in)
		require.NoError(t, err)
	})
	_ = param.DRG
}
