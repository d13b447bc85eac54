package budget_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
	"github.com/stretchr/testify/require"
)

// The reference vectors of the case-scoring variants (docs/variants.md: VAR-1,
// VAR-2, VAR-3, VAR-4, VAR-7), each through budget.Settle: a small year whose
// cases are scored and whose case results are compared with the vector.

// varPolicy is a policy of both funds with large budgets (the point values do
// not matter here), M = 10,000.00, the corridor off.
func varPolicy(method param.Method) *policy.Policy {
	p := policy.Default("VAR", 2025, "1")
	p.InpatientMethod = method
	for f := range param.Fund(param.NumFunds) {
		fp := policy.NewFund(m("10000000.00"))
		fp.RegionAvgCost = m("10000.00")
		fp.PointValue.Formula, fp.PointValue.FormulaGiven = pointvalue.FundOnly, true
		p.Funds[f] = fp
	}
	p.Corridor.Rule = policy.CorridorNone
	p.Advances.DepositRatio = 0
	return p
}

// varCase is a case of group code at hospital h of fund f, discharged 2025-03-05.
func varCase(id, h string, f param.Fund, code, cost string) budget.Case {
	return budget.Case{ID: id, HospitalID: h, Fund: f, Group: code,
		Admit: pointvalue.DateOf(2025, 3, 1), Discharge: pointvalue.DateOf(2025, 3, 5), TotalCost: m(cost)}
}

// settleCases settles the year and returns its cases by id.
func settleCases(t *testing.T, in budget.Input, cases ...budget.Case) map[string]budget.CaseResult {
	t.Helper()
	used := [param.NumFunds]bool{}
	for _, c := range cases {
		used[c.Fund] = true
	}
	for f := range used { // a pool with money and no points has no point value
		if !used[f] {
			in.Policy.Funds[f] = nil
		}
	}
	in.Cases = budget.NewBatch(cases)
	res, err := budget.Settle(context.Background(), in, budget.Options{})
	require.NoError(t, err)
	out := map[string]budget.CaseResult{}
	for c := range res.Cases() {
		out[c.CaseID] = c
	}
	return out
}

type varWant struct {
	id, class, points, flags, rules string
}

func checkCases(t *testing.T, got map[string]budget.CaseResult, wants []varWant) {
	t.Helper()
	for _, w := range wants {
		c, ok := got[w.id]
		require.True(t, ok, w.id)
		require.Equal(t, w.class, c.Class.String(), w.id)
		require.Equal(t, w.points, c.Points.Format(4), w.id)
		require.Equal(t, w.flags, c.Flags, w.id)
		require.Equal(t, w.rules, c.Rules, w.id)
	}
}

func dipCatalog(t *testing.T, groups ...dip.Group) *dip.Catalog {
	t.Helper()
	cat, err := dip.NewCatalog(groups)
	require.NoError(t, err)
	return cat
}

// VAR-1: base 1300, reference 7,600.00, k 0.87 (the hospital's own), a = t = f = 1.
func TestVAR1(t *testing.T) {
	cat := dipCatalog(t, dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(1300), AvgCost: m("7600.00")})
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary, Coefficient: fac("0.87"), HasCoefficient: true}}
	run := func(set func(*dip.Params), cost string) budget.CaseResult {
		p := varPolicy(param.DIP)
		set(&p.DIP)
		got := settleCases(t, budget.Input{Policy: p, Hospitals: hs, Catalog: cat}, varCase("c", "H", param.Employee, "G", cost))
		return got["c"]
	}
	def := func(*dip.Params) {}
	for _, tc := range []struct {
		name           string
		set            func(*dip.Params)
		cost           string
		class, points  string
		flags, rules   string
		defaultPoints  string
		defaultClass   string
		defaultFlags   string
		defaultRulesID string
	}{
		// r 2.7: add (2.7 − 2 + 0.87) × 1300 = 2041; multiply (2.7 − 2 + 1) × 1300 × 0.87 = 1922.7.
		{"high add", func(p *dip.Params) { p.HighCoefficient = dip.Add }, "20520.00", "high", "2041.0000", "", "DIP-4|DIP-5|VAR-1", "1922.7000", "high", "", ""},
		// r 0.42: none 0.42 × 1300 = 546; multiply × 0.87 = 475.02.
		{"low none", func(p *dip.Params) { p.LowCoefficient = dip.NoCoefficient }, "3192.00", "low", "546.0000", "", "DIP-4|DIP-5|VAR-1", "475.0200", "low", "", ""},
		// r 0.5 exactly with low_inclusive: low, none: 0.5 × 1300 = 650; default normal 1131.
		{"low inclusive", func(p *dip.Params) { p.LowCoefficient, p.LowInclusive = dip.NoCoefficient, true }, "3800.00", "low", "650.0000", "", "DIP-4|DIP-5|VAR-1", "1131.0000", "normal", "", ""},
		// r 2 exactly, high_inclusive false: normal 1300 × 0.87 = 1131.
		{"high not inclusive", func(p *dip.Params) { p.LowCoefficient, p.LowInclusive = dip.NoCoefficient, true }, "15200.00", "normal", "1131.0000", "", "DIP-4|DIP-5", "1131.0000", "normal", "", ""},
		// r 5.5 > X = 5: extreme normal: 1131, flag kept; default high (5.5 − 2 + 1) × 1131 = 5089.5.
		{"extreme normal", func(p *dip.Params) { p.ExtremeRule = dip.ExtremeNormal }, "41800.00", "normal", "1131.0000", "expert-review", "DIP-4|DIP-5|VAR-1", "5089.5000", "high", "expert-review", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := run(tc.set, tc.cost)
			require.Equal(t, tc.class, c.Class.String())
			require.Equal(t, tc.points, c.Points.Format(4))
			require.Equal(t, tc.flags, c.Flags)
			require.Equal(t, tc.rules, c.Rules)
			d := run(def, tc.cost)
			require.Equal(t, tc.defaultClass, d.Class.String())
			require.Equal(t, tc.defaultPoints, d.Points.Format(4))
			require.Equal(t, tc.defaultFlags, d.Flags)
			require.Equal(t, "DIP-4|DIP-5", d.Rules)
		})
	}
}

// VAR-1's conflict: low_inclusive written differently from a written inclusive
// is an error naming the path; an inclusive left out never conflicts.
func TestVAR1InclusiveConflict(t *testing.T) {
	_, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "dip": {"inclusive": false, "low_inclusive": true}}`), "policy.json")
	require.ErrorContains(t, err, "dip.low_inclusive: true: ")
	require.ErrorContains(t, err, "conflicts with dip.inclusive false")
	p, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "inpatient_method": "dip", "funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}, "point_value": {"formula": "fund-only"}}}, "dip": {"low_inclusive": true, "high_inclusive": false}}`), "policy.json")
	require.NoError(t, err)
	require.True(t, p.DIP.LowBoundInclusive())
	require.False(t, p.DIP.HighBoundInclusive())
}

// VAR-2: reference 9,200.00, cost 3,588.00 (r 0.39): cost ÷ PV_budget.
func TestVAR2(t *testing.T) {
	cat := dipCatalog(t, dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(860), AvgCost: m("9200.00")})
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary, Coefficient: fac("0.93"), HasCoefficient: true}}
	for _, tc := range []struct {
		pvb, points string
	}{{"11.5", "312.0000"}, {"11.7", "306.6667"}} {
		p := varPolicy(param.DIP)
		p.DIP.LowRule = dip.LowPaymentStandard
		fp := p.Funds[param.Employee]
		fp.PointValue.BudgetPointValue, fp.PointValue.HasBudgetPointValue = pv(tc.pvb), true
		got := settleCases(t, budget.Input{Policy: p, Hospitals: hs, Catalog: cat}, varCase("c", "H", param.Employee, "G", "3588.00"))
		checkCases(t, got, []varWant{{"c", "low", tc.points, "", "DIP-4|VAR-2"}})
	}
	// The ratio rule: 860 × 0.39 × 0.93 = 311.922.
	got := settleCases(t, budget.Input{Policy: varPolicy(param.DIP), Hospitals: hs, Catalog: cat}, varCase("c", "H", param.Employee, "G", "3588.00"))
	checkCases(t, got, []varWant{{"c", "low", "311.9220", "", "DIP-4|DIP-5"}})
	// A fund with DIP cases and no budget point value: the policy's error, naming the path.
	p := varPolicy(param.DIP)
	p.DIP.LowRule = dip.LowPaymentStandard
	in := budget.Input{Policy: p, Hospitals: hs, Catalog: cat, Cases: budget.NewBatch([]budget.Case{varCase("c", "H", param.Resident, "G", "3588.00")})}
	_, err := budget.Settle(context.Background(), in, budget.Options{})
	require.ErrorContains(t, err, "policy.json:0: funds.resident.point_value.budget_point_value: : required value is empty: required by dip.low_rule payment-standard")
	// low_coefficient none with payment-standard is a policy error.
	_, err = policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "dip": {"low_rule": "payment-standard", "low_coefficient": "none"}}`), "policy.json")
	require.ErrorContains(t, err, "dip.low_coefficient: none: ")
}

// VAR-3: coefficients per fund.
func TestVAR3(t *testing.T) {
	// DRG: base 164.2000 (RW 1.642), coefficient 0.97, coefficient_resident 1.06.
	w, err := drg.NewWeights([]drg.Group{{Code: "G", Weight: fac("1.642"), AvgCost: m("10000.00"), Stable: true}})
	require.NoError(t, err)
	h := budget.Hospital{Line: 2, ID: "H", Level: param.Tertiary, Coefficient: fac("0.97"), HasCoefficient: true}
	h.FundCoefficient[param.Resident], h.HasFundCoefficient[param.Resident] = fac("1.06"), true
	got := settleCases(t, budget.Input{Policy: varPolicy(param.DRG), Hospitals: []budget.Hospital{h}, Weights: w},
		varCase("r", "H", param.Resident, "G", "10000.00"), varCase("e", "H", param.Employee, "G", "10000.00"))
	checkCases(t, got, []varWant{{"r", "normal", "174.0520", "", "DRG-3|DRG-4|DRG-5|VAR-3"}, {"e", "normal", "159.2740", "", "DRG-3|DRG-4|DRG-5"}})

	// DIP: score 650, secondary hospital with no coefficient of its own,
	// dip.level_coefficients.secondary 0.92, funds.resident.level_coefficients.secondary 0.88.
	cat := dipCatalog(t, dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(650), AvgCost: m("10000.00")})
	p := varPolicy(param.DIP)
	p.DIP.LevelCoefficients[param.Secondary] = fac("0.92")
	p.Funds[param.Resident].LevelCoefficients[param.Secondary] = fac("0.88")
	got = settleCases(t, budget.Input{Policy: p, Hospitals: []budget.Hospital{{Line: 2, ID: "H", Level: param.Secondary}}, Catalog: cat},
		varCase("r", "H", param.Resident, "G", "10000.00"), varCase("e", "H", param.Employee, "G", "10000.00"))
	checkCases(t, got, []varWant{{"r", "normal", "572.0000", "", "DIP-4|DIP-5|VAR-3"}, {"e", "normal", "598.0000", "", "DIP-4|DIP-5"}})
}

// VAR-4: score 740, secondary hospital without its own coefficient,
// coef_secondary 0.96 (the policy's 0.9 unused), factor 1.15, severity 1.08:
// 740 × 0.96 × 1.08 × 1.15 = 882.3168.
func TestVAR4(t *testing.T) {
	g := dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(740), AvgCost: m("10000.00"), Factor: fac("1.15")}
	g.CoefByLevel[param.Secondary] = fac("0.96")
	cat := dipCatalog(t, g)
	p := varPolicy(param.DIP)
	p.DIP.LevelCoefficients[param.Secondary] = fac("0.9")
	p.DIP.SeverityCoefficients = map[string]pointvalue.Factor{"2": fac("1.08")}
	c := varCase("c", "H", param.Employee, "G", "10000.00")
	c.Severity = "2"
	got := settleCases(t, budget.Input{Policy: p, Hospitals: []budget.Hospital{{Line: 2, ID: "H", Level: param.Secondary}}, Catalog: cat}, c)
	checkCases(t, got, []varWant{{"c", "normal", "882.3168", "", "DIP-4|DIP-5|VAR-4"}})
}

// VAR-4 for DRG: the factor multiplies the class formula, the cap included:
// base 100 (RW 1), f 1.2, the group's tertiary coefficient 1.1 at a hospital
// without its own. Normal: 100 × 1.1 × 1.2 = 132. Low (cost 3,000.00, r 0.3):
// min(100, 100 × 1.1 × 0.3) × 1.2 = 33 × 1.2 = 39.6. At a hospital with its own
// coefficient 0.9 the group's level coefficient is not used: 100 × 0.9 × 1.2 = 108.
func TestVAR4DRG(t *testing.T) {
	g := drg.Group{Code: "G", Weight: pointvalue.One, AvgCost: m("10000.00"), Stable: true, Factor: fac("1.2")}
	g.CoefByLevel[param.Tertiary] = fac("1.1")
	w, err := drg.NewWeights([]drg.Group{g})
	require.NoError(t, err)
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary}, {Line: 3, ID: "O", Level: param.Tertiary, Coefficient: fac("0.9"), HasCoefficient: true}}
	got := settleCases(t, budget.Input{Policy: varPolicy(param.DRG), Hospitals: hs, Weights: w},
		varCase("n", "H", param.Employee, "G", "10000.00"), varCase("l", "H", param.Employee, "G", "3000.00"), varCase("o", "O", param.Employee, "G", "10000.00"))
	checkCases(t, got, []varWant{
		{"n", "normal", "132.0000", "", "DRG-3|DRG-4|DRG-5|VAR-4"},
		{"l", "low", "39.6000", "", "DRG-3|DRG-4|DRG-5|VAR-4"},
		{"o", "normal", "108.0000", "", "DRG-3|DRG-4|DRG-5|VAR-4"},
	})
}

// VAR-7: base 132.5000, k 1.08, group average 15,900.00, incomplete stays.
func TestVAR7(t *testing.T) {
	w, err := drg.NewWeights([]drg.Group{{Code: "G", Weight: fac("1.325"), AvgCost: m("15900.00"), Stable: true}})
	require.NoError(t, err)
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary, Coefficient: fac("1.08"), HasCoefficient: true}}
	inc := func(id, cost string) budget.Case {
		c := varCase(id, "H", param.Employee, "G", cost)
		c.Incomplete = true
		return c
	}
	p := varPolicy(param.DRG)
	p.DRG.IncompleteWithoutCoefficient = true
	got := settleCases(t, budget.Input{Policy: p, Hospitals: hs, Weights: w}, inc("a", "5724.00"), inc("b", "15105.00"))
	checkCases(t, got, []varWant{{"a", "incomplete", "47.7000", "", "DRG-3|DRG-5|VAR-7"}, {"b", "incomplete", "125.8750", "", "DRG-3|DRG-5|VAR-7"}})
	got = settleCases(t, budget.Input{Policy: varPolicy(param.DRG), Hospitals: hs, Weights: w}, inc("a", "5724.00"), inc("b", "15105.00"))
	checkCases(t, got, []varWant{{"a", "incomplete", "51.5160", "", "DRG-3|DRG-4|DRG-5"}, {"b", "incomplete", "132.5000", "", "DRG-3|DRG-4|DRG-5"}})
}

func jsonReader(s string) *strings.Reader { return strings.NewReader(s) }

// VAR-11: bed-day standards in points. 3.6175 a day for 42 days with segments
// [[30, 1], [null, 0.9]]: 3.6175 × 30 + 3.6175 × 12 × 0.9 = 108.525 + 39.069 =
// 147.5940; at point_scale 8, 2.71934856 × 17 days = 46.22892552. No M is needed.
func TestVAR11(t *testing.T) {
	stay := func(id string, days int) budget.Case {
		c := budget.Case{ID: id, HospitalID: "H", Fund: param.Employee, BedDayCategory: "psychiatric",
			Admit: pointvalue.DateOf(2025, 1, 1), TotalCost: m("10000.00")}
		c.Discharge = c.Admit + pointvalue.Date(days)
		return c
	}
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary}}
	p := varPolicy(param.DRG)
	p.Funds[param.Employee].RegionAvgCost = 0 // not needed with points
	p.BedDay.Points = map[string]bedday.DailyPoints{"psychiatric": {Points: [param.NumLevels]pointvalue.Points{pointvalue.MustPoints("3.6175")}, Has: [param.NumLevels]bool{true}}}
	p.BedDay.Segments = []bedday.Segment{{UpTo: 30, Factor: pointvalue.One}, {Unbounded: true, Factor: fac("0.9")}}
	got := settleCases(t, budget.Input{Policy: p, Hospitals: hs, Weights: ruleWeights(t)}, stay("a", 42))
	checkCases(t, got, []varWant{{"a", "bedday", "147.5940", "", "BED-2|VAR-11"}})
	require.Equal(t, "3.6175", got["a"].Base.Format(4))

	p = varPolicy(param.DRG)
	p.PointScale = 8
	p.BedDay.Points = map[string]bedday.DailyPoints{"psychiatric": {Points: [param.NumLevels]pointvalue.Points{pointvalue.MustPoints("2.71934856")}, Has: [param.NumLevels]bool{true}}}
	got = settleCases(t, budget.Input{Policy: p, Hospitals: hs, Weights: ruleWeights(t)}, stay("b", 17))
	require.Equal(t, "46.22892552", got["b"].Points.Format(8))

	// Both rates and points, or points beyond point_scale: policy errors.
	_, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}}},
		"bedday": {"rates": {"psychiatric": {"tertiary": "420"}}, "points": {"psychiatric": {"tertiary": "3.6175"}}}}`), "policy.json")
	require.ErrorContains(t, err, "bedday.points: : invalid policy: give rates or points, not both (VAR-11)")
	_, err = policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}}},
		"bedday": {"points": {"psychiatric": {"tertiary": "3.61755"}}}}`), "policy.json")
	require.ErrorContains(t, err, "bedday.points.psychiatric.tertiary: 3.61755000: more decimals than allowed: point_scale allows 4")
}

// VAR-12: stay-length exclusions.
func TestVAR12(t *testing.T) {
	// DRG, M 8,720.00, max_days_short 2: a 2-day stay costing 3,270.00 is paid
	// 3,270 ÷ 8,720 × 100 = 37.5 as ungrouped, flagged excluded-los, its group kept.
	p := varPolicy(param.DRG)
	p.Funds[param.Employee].RegionAvgCost = m("8720.00")
	p.DRG.Exclude = param.Exclusion{MaxDaysShort: 2}
	short := varCase("s", "H", param.Employee, "G1", "3270.00")
	short.Admit, short.Discharge = pointvalue.DateOf(2025, 3, 3), pointvalue.DateOf(2025, 3, 5)
	long := varCase("l", "H", param.Employee, "G1", "10000.00") // 4 days: scored as usual
	hs := []budget.Hospital{{Line: 2, ID: "H", Level: param.Tertiary}}
	got := settleCases(t, budget.Input{Policy: p, Hospitals: hs, Weights: ruleWeights(t)}, short, long)
	checkCases(t, got, []varWant{{"s", "ungrouped", "37.5000", "excluded-los", "DRG-5|VAR-12"}, {"l", "normal", "100.0000", "", "DRG-3|DRG-4|DRG-5"}})
	require.Equal(t, "G1", got["s"].Group)
	require.True(t, got["s"].HasBase)

	// DIP, min_days_long 60 as bed-day rehabilitation: secondary 318/day, M 9,540.00,
	// score scale 1000: daily 318 ÷ 9,540 × 1000 = 33.3333; 64 days: 2133.3312.
	cat := dipCatalog(t, dip.Group{Code: "G", Kind: dip.Core, Diagnosis: "A01.0", Score: pointvalue.PointsFromInt(1000), AvgCost: m("10000.00")})
	p = varPolicy(param.DIP)
	p.Funds[param.Employee].RegionAvgCost = m("9540.00")
	p.DIP.Exclude = param.Exclusion{MinDaysLong: 60, AsBedDay: true, Category: "rehabilitation"}
	p.BedDay.Rates = map[string]bedday.Rates{"rehabilitation": {Rate: [param.NumLevels]pointvalue.Money{0, m("318")}, Has: [param.NumLevels]bool{false, true}}}
	stay := varCase("b", "H", param.Employee, "G", "50000.00")
	stay.Admit, stay.Discharge = pointvalue.DateOf(2025, 1, 2), pointvalue.DateOf(2025, 3, 7) // 64 days
	got = settleCases(t, budget.Input{Policy: p, Hospitals: []budget.Hospital{{Line: 2, ID: "H", Level: param.Secondary}}, Catalog: cat}, stay)
	checkCases(t, got, []varWant{{"b", "bedday", "2133.3312", "excluded-los", "BED-1|BED-2|VAR-12"}})
	require.Equal(t, "rehabilitation", got["b"].Group)
	require.Equal(t, param.BedDay, got["b"].Method)
	require.Equal(t, "33.3333", got["b"].Base.Format(4))

	// A category the policy does not price, and max_days_short ≥ min_days_long: errors.
	_, err := policy.Read(jsonReader(`{"region": "R", "year": 2025, "version": "1", "inpatient_method": "dip", "funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}, "point_value": {"formula": "fund-only"}}},
		"dip": {"exclude": {"max_days_short": 60, "min_days_long": 2, "as": "bedday", "category": "hospice"}}}`), "policy.json")
	require.ErrorContains(t, err, "dip.exclude.max_days_short: 60: ")
	require.ErrorContains(t, err, "dip.exclude.category: hospice: ")
}
