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

// ERR-6, A80, A81: codes are matched normalised and a bad one is an error naming
// its cell; an age band the table does not list needs its "*"; a DIP case's
// severity is an integer 0–99.
func TestCodesBandsSeverity(t *testing.T) {
	// A lower-case, full-width code matches the weights' G1, printed as the table spells it.
	c := ruleCase("c1", "H1", "10000.00", "0")
	c.Group = "ｇ１"
	bad := ruleCase("c2", "H1", "10000.00", "0")
	bad.Group, bad.Line = "G1;G2", 3
	res, err := budget.Settle(context.Background(), ruleInput(t, rulePolicy("10000.00", "0", pointvalue.FundOnly), []string{"H1"}, c, bad), budget.Options{Lenient: true})
	require.NoError(t, err)
	require.Equal(t, "G1", res.Case(0).Group)
	require.Equal(t, "normal", res.Case(0).Class.String())
	require.Len(t, res.Rejects, 1)
	require.Equal(t, "cases.csv:3: group: G1;G2: malformed record: a code holds only A–Z 0–9 . + - (after NFKC and upper case; procedures are joined by |) (ERR-6)", res.Rejects[0].Error())

	// A80: members of a band age_weights does not list.
	p := rulePolicy("100000.00", "0", pointvalue.FundOnly)
	fp := p.Funds[param.Employee]
	fp.Pools.Kind = policy.PoolsRatios
	fp.Pools.Named[param.DRG], fp.Pools.Ratios[param.DRG] = true, fac("0.9")
	fp.Pools.Named[param.Capita], fp.Pools.Ratios[param.Capita] = true, fac("0.1")
	p.Capita.AgeWeights = map[string]pointvalue.Factor{"0-6": fac("1.5")}
	in := ruleInput(t, p, []string{"H1", "C1"}, ruleCase("c1", "H1", "10000.00", "0"))
	in.Members = []budget.Members{{Line: 2, Institution: "C1", Fund: param.Employee, AgeBand: "0-6", Members: 10}, {Line: 3, Institution: "C1", Fund: param.Employee, AgeBand: "adult", Members: 100}}
	_, err = settle(in)
	require.ErrorContains(t, err, "members.csv:3: age_band: adult: invalid policy: an age band capita.age_weights does not list")
	p.Capita.AgeWeights["*"] = pointvalue.One
	_, err = settle(in)
	require.NoError(t, err)

	// A81: severity "3级" on a DIP case.
	cat := dipCatalog(t, dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(100), AvgCost: m("10000.00")})
	dp := varPolicy(param.DIP)
	dp.DIP.SeverityCoefficients = map[string]pointvalue.Factor{"3": fac("1.1")}
	ok, wrong := varCase("ok", "H", param.Employee, "G", "10000.00"), varCase("bad", "H", param.Employee, "G", "10000.00")
	ok.Severity, wrong.Severity, wrong.Line = "０3", "3级", 3
	dp.Funds[param.Resident] = nil
	res, err = budget.Settle(context.Background(), budget.Input{Policy: dp, Hospitals: []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary}}, Catalog: cat,
		Cases: budget.NewBatch([]budget.Case{ok, wrong})}, budget.Options{Lenient: true})
	require.NoError(t, err)
	require.Equal(t, "110.0000", res.Case(0).Points.Format(4)) // "０3" is 3: × 1.1
	require.Len(t, res.Rejects, 1)
	require.Contains(t, res.Rejects[0].Error(), "cases.csv:3: severity: 3级: ")
}

// A record built in code has no line: its error names its case id (issue 14).
func TestCodeBuiltRecordErrorNamesID(t *testing.T) {
	c := ruleCase("C-77", "H9", "10000.00", "0") // Line 0, unknown hospital
	_, err := settle(ruleInput(t, rulePolicy("10000.00", "0", pointvalue.FundOnly), []string{"H1"}, c))
	require.EqualError(t, err, "cases.csv:0: hospital_id: H9: unknown hospital (case_id C-77)")
}

// Zero values move no money (issue 14): a hospital built in code without an
// assessment score is assessed 100, so its quality deposit comes back whole.
func TestHospitalZeroAssessment(t *testing.T) {
	p := rulePolicy("10000.00", "0", pointvalue.FundOnly)
	p.Advances.DepositRatio = fac("0.05")
	in := ruleInput(t, p, []string{"H1"}, ruleCase("c1", "H1", "10000.00", "0"))
	in.Hospitals = []budget.Hospital{{Line: 2, ID: "H1", Level: param.Tertiary}} // no Assessment, no HasAssessment
	res, err := settle(in)
	require.NoError(t, err)
	h := hospitalRow(t, res, param.Employee, param.DRG, "H1")
	require.Equal(t, m("500.00"), h.Deposit) // 5 % of 10,000.00
	require.Equal(t, m("500.00"), h.DepositReturned)
	require.Equal(t, m("10000.00"), h.Final)
}
