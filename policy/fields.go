package policy

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

type (
	pf = param.Field[Policy]
	ff = param.Field[FundPolicy]
)

func money[T any](key string, ref func(*T) *pointvalue.Money) param.Field[T] {
	return param.Money(key, ref)
}

func factor[T any](key string, ref func(*T) *pointvalue.Factor) param.Field[T] {
	return param.Factor(key, ref)
}

// Fields is the field table of policy.json: every JSON path with its kind,
// default, range, rule id and documentation (package param). The drg, dip and
// bedday sections are those packages' tables.
func Fields() []param.Field[Policy] {
	return []pf{
		param.String("region", func(p *Policy) *string { return &p.Region }).Required().Rule("EXP-3").
			Check(func(p *Policy, pr *param.Problems) { requireText(p.Region, pr) }).Example(`"330700"`).Doc("the pooling region (统筹区) code; part of the policy id region/year/version stamped on every result"),
		param.Int("year", func(p *Policy) *int { return &p.Year }).Required().Rule("A28").Range("[1, 9999]").
			Example("2025").Doc("the settlement year: the year's cases are those discharged in it"),
		param.String("version", func(p *Policy) *string { return &p.Version }).Required().Rule("EXP-3").
			Check(func(p *Policy, pr *param.Problems) { requireText(p.Version, pr) }).Example(`"2025.1"`).Doc("the policy's version, part of the policy id"),
		param.Enum("inpatient_method", func(p *Policy) *param.Method { return &p.InpatientMethod }, "drg", "dip").
			Rule("BUD-4").Default(`"drg"`).Doc("the method of cases without a method column and of funds whose pools name none"),
		param.Int("point_scale", func(p *Policy) *int { return &p.PointScale }).Rule("NUM-2").Default("4").Range("[0, 8]").
			Doc("decimals case points (and head points) are rounded to, once, at the end of their formula"),
		param.Int("point_value_scale", func(p *Policy) *int { return &p.PointValueScale }).Rule("NUM-4").Default("6").Range("[0, 8]").
			Doc("decimals point values are rounded to"),
		param.Enum("rounding", func(p *Policy) *pointvalue.Rounding { return &p.Rounding }, roundingWords...).
			Rule("NUM-5").Default(`"half-up"`).Doc("half-up (四舍五入, half away from zero) or half-even, for every rounding the policy governs"),
		param.Enum("distribution", func(p *Policy) *Distribution { return &p.Distribution }, distributionWords...).
			Rule("NUM-7").Default(`"point-value"`).
			Doc("point-value: each hospital gets round_fen(points × point value); exact-share: the pool is split by largest remainder (with-patient-share and fund-only pools only, A60)"),
		param.Custom("funds", decodeFunds).Rule("BUD-1").Required("no fund is settled").
			Shape(`{"employee" | "resident": {…} | {} | null}`).Check(checkFunds).Nested(param.Rows(fundFields, "<fund>")).
			Doc("the settled funds (职工 employee, 居民 resident); a fund left out, {} or null is not settled, and a case or member of it is an error"),
		param.Lift("drg", func(p *Policy) *drg.Params { return &p.DRG }, drg.Fields()).Doc("the DRG point method (DRG 点数法): class thresholds, readmission, special review"),
		param.Lift("dip", func(p *Policy) *dip.Params { return &p.DIP }, dip.Fields()).Doc("DIP (按病种分值付费): deviation cases, coefficients, readmission, special review, ungrouped cases"),
		param.Lift("bedday", func(p *Policy) *bedday.Params { return &p.BedDay }, bedday.Fields()).Doc("per bed-day stays (按床日付费): rates, day segments, their pool"),
		param.Object("capita",
			money("standard", func(p *Policy) *pointvalue.Money { return &p.Capita.Standard }).Rule("CAP-2").
				Nullable(func(p *Policy) *bool { return &p.Capita.HasStandard }).Range("[0, )").
				Doc("a given per-capita standard (yuan per head point per year); null: derived from the pool (CAP-2)"),
			factor("risk_ratio", func(p *Policy) *pointvalue.Factor { return &p.Capita.RiskRatio }).Rule("CAP-2").
				Default(`"0.10"`).Range("[0, 1]").Doc("share of a derived per-capita pool held back for risk (to the reserve)"),
			factor("serious_illness_ratio", func(p *Policy) *pointvalue.Factor { return &p.Capita.SeriousIllnessRatio }).Rule("CAP-2").
				Default(`"0.05"`).Range("[0, 1]").Doc("share of a derived per-capita pool held back for serious illness (to the reserve); with risk_ratio at most 1"),
			param.Custom("age_weights", decodeAgeWeights).Rule("CAP-1").Default("{}").Shape(`{"<age band>": "<weight>"}`).
				Check(checkAgeWeights).Doc("head-point weight (≥ 0) by members.csv age band; a band not listed weighs 1"),
			param.Custom("carry_over", decodeCarryOver).Rule("VAR-10").Default("{}").Shape(`{"employee" | "resident": "<yuan>"}`).
				Check(checkCarryOver).Example(`{"resident": "1350000.00"}`).
				Doc("历年结余: a fund's past years' surplus (≥ 0), added to the derived standard's numerator (pool − held-back parts + carry-over) and drawn from the reserve; at most R0 + the held-back parts; not with a given standard"),
			param.Rule(func(p *Policy, pr *param.Problems) {
				k := &p.Capita
				if k.RiskRatio >= 0 && k.SeriousIllnessRatio >= 0 && k.RiskRatio <= pointvalue.One &&
					k.SeriousIllnessRatio <= pointvalue.One && k.RiskRatio+k.SeriousIllnessRatio > pointvalue.One {
					pr.Add("serious_illness_ratio", k.SeriousIllnessRatio.String(), pointvalue.ErrRange,
						"risk_ratio + serious_illness_ratio must not exceed 1")
				}
			}),
		).Doc("per-capita primary care (按人头付费)"),
		param.Object("corridor",
			param.Enum("rule", func(p *Policy) *CorridorRule { return &p.Corridor.Rule }, corridorWords...).Rule("CLR-2").
				Default(`"bands"`).Doc("bands: the surplus/overspend corridor (结余留用/超支分担); none: C = S"),
			factor("surplus_keep", func(p *Policy) *pointvalue.Factor { return &p.Corridor.SurplusKeep }).Rule("CLR-2").
				Default(`"1"`).Range("[0, 1]").Doc("the share of a surplus S − A the hospital keeps"),
			factor("over_band", func(p *Policy) *pointvalue.Factor { return &p.Corridor.OverBand }).Rule("CLR-2").
				Default(`"0.10"`).Range("[0, 1]").Doc("the width of the shared band above r = 1"),
			factor("over_share", func(p *Policy) *pointvalue.Factor { return &p.Corridor.OverShare }).Rule("CLR-2").
				Default(`"0.5"`).Range("[0, 1]").Doc("the fund's share of an overspend within the band"),
			factor("low_use_ratio", func(p *Policy) *pointvalue.Factor { return &p.Corridor.LowUseRatio }).Rule("CLR-2").
				Default(`"0.5"`).Range("[0, 1]").Doc("r below it flags low-use"),
			factor("surplus_cap", func(p *Policy) *pointvalue.Factor { return &p.Corridor.SurplusCap }).Rule("VAR-6").
				Nullable(func(p *Policy) *bool { return &p.Corridor.HasSurplusCap }).Range("[0, 1]").Example(`"0.03"`).
				Doc("结余留用上限: the surplus kept is at most surplus_cap × S, C = A + min(surplus_keep × (S − A), surplus_cap × S), flag surplus-capped when the cap binds; null: no cap"),
		).Doc("the surplus/overspend corridor (CLR-2)"),
		param.Object("advances",
			factor("advance_ratio", func(p *Policy) *pointvalue.Factor { return &p.Advances.AdvanceRatio }).Rule("CLR-1").
				Default(`"0.90"`).Range("[0, 1]").Doc("share of each month's fund amount advanced (月度预结算)"),
			factor("deposit_ratio", func(p *Policy) *pointvalue.Factor { return &p.Advances.DepositRatio }).Rule("CLR-3").
				Default(`"0.05"`).Range("[0, 1]").Doc("share of the entitlement held as the quality deposit (质量保证金)"),
			param.Enum("assessment_rule", func(p *Policy) *AssessmentRule { return &p.Advances.AssessmentRule }, assessmentWords...).
				Rule("CLR-3").Default(`"deposit"`).
				Doc("deposit: a deposit returned in proportion to the score; coefficient: F(C) × q ÷ 100 before the deductions, no deposit"),
			param.Custom("monthly_point_values", decodeMonthlyPointValues).Rule("VAR-9").Default("{}").
				Shape(`{"<fund>": {"drg" | "dip" | "bedday": {"YYYY-MM": "<value>"}}}`).Check(checkMonthlyPointValues).
				Example(`{"employee": {"dip": {"2025-01": "13.2"}}}`).
				Doc("月度点值: the point value that values a month's cases for that month's advance (CLR-1) in place of the budget point value; keys are months of the policy year, values > 0 with at most point_value_scale decimals, each naming a pool the fund has"),
		).Doc("advances, deposit and assessment (CLR-1, CLR-3)"),
		param.Object("limits",
			param.Int("max_stay_days", func(p *Policy) *int { return &p.Limits.MaxStayDays }).Rule("ERR-5").
				Default("3650").Nullable(func(p *Policy) *bool { return &p.Limits.HasMaxStayDays }).Range("[1, )").
				Doc("a stay longer than this many days is an error naming its admit_date (an admission year typed wrong); null lifts the limit"),
			factor("max_coefficient", func(p *Policy) *pointvalue.Factor { return &p.Limits.MaxCoefficient }).Rule("ERR-5").
				Default(`"10"`).Nullable(func(p *Policy) *bool { return &p.Limits.HasMaxCoefficient }).Range("(0, )").
				Doc("a hospital, level, per-fund, per-group or severity coefficient or factor above this is an error (105 meant as 1.05); null lifts the limit"),
			factor("max_growth_rate", func(p *Policy) *pointvalue.Factor { return &p.Limits.MaxGrowthRate }).Rule("ERR-5").
				Default(`"0.5"`).Nullable(func(p *Policy) *bool { return &p.Limits.HasMaxGrowthRate }).Range("[0, )").
				Doc("a budget growth_rate outside ± this is an error (4 written for 4 %); null lifts the limit"),
			factor("max_unknown_group_share", func(p *Policy) *pointvalue.Factor { return &p.Limits.MaxUnknownGroupShare }).Rule("ERR-5").
				Default(`"0.05"`).Nullable(func(p *Policy) *bool { return &p.Limits.HasMaxUnknownGroupShare }).Range("[0, 1]").
				Doc("in a pool of at least 1,000 cases, more than this share that its weights table or catalog cannot place is an error (the wrong year's table); null lifts the limit"),
		).Doc("plausibility limits (ERR-5): inputs beyond them are errors, never clamped"),
		param.Rule(func(p *Policy, pr *param.Problems) {
			checkLimits(p, pr)
			p.BedDay.CheckPointScale(p.PointScale, pr.Sub("bedday")) // VAR-11
			for _, m := range []param.Method{param.DRG, param.DIP} { // VAR-12: a bed-day category the policy prices
				ex := &p.DRG.Exclude
				if m == param.DIP {
					ex = &p.DIP.Exclude
				}
				if !ex.AsBedDay || !p.Uses(m) {
					continue
				}
				_, rates := p.BedDay.Rates[ex.Category]
				_, points := p.BedDay.Points[ex.Category]
				if !rates && !points {
					pr.Add(m.String()+".exclude.category", ex.Category, pointvalue.ErrPolicy, "no bedday rates or points for this category")
				}
			}
		}),
		param.Custom("monitoring", decodeMonitoring).Rule("MON-C6").Default("{}").Shape(`{"min_cases": 30, …, "limits": {…}}`).
			Nested(param.Rows(monitoringFields, "")).
			Doc("the indicators' minimum counts, windows, factors and flag limits (package monitor, settle -monitor); read and checked only when monitoring is asked for (CheckMonitoring), never by settlement"),
	}
}

func requireText(s string, pr *param.Problems) {
	if s == "" {
		pr.Add("", "", pointvalue.ErrRequired, "")
	}
}

// fundFields is the table of one fund's object, funds.<fund>.
var fundFields = []ff{
	param.Object("budget",
		param.Enum("method", func(f *FundPolicy) *BudgetMethod { return &f.Budget.Method }, budgetMethodWords...).
			Rule("BUD-1").Required().Doc("given: an amount; growth: prior expenditure × (1 + growth rate); revenue: expected revenue × (1 − surplus ratio); min: the smaller of growth and revenue"),
		money("amount", func(f *FundPolicy) *pointvalue.Money { return &f.Budget.Amount }).Rule("BUD-1").Range("[0, )").
			RequiredWhen(func(f *FundPolicy) bool { return f.Budget.Method == BudgetGiven }, "budget method given needs it").
			Doc("the annual budget (年度总额预算), method given"),
		money("prior_expenditure", func(f *FundPolicy) *pointvalue.Money { return &f.Budget.PriorExpenditure }).Rule("BUD-1").Range("[0, )").
			RequiredWhen(func(f *FundPolicy) bool { return f.Budget.Method == BudgetGrowth || f.Budget.Method == BudgetMin }, "budget method growth or min needs it").
			Doc("last year's actual expenditure (上年决算), methods growth and min"),
		factor("growth_rate", func(f *FundPolicy) *pointvalue.Factor { return &f.Budget.GrowthRate }).Rule("BUD-1").Range("[-1, )").
			RequiredWhen(func(f *FundPolicy) bool { return f.Budget.Method == BudgetGrowth || f.Budget.Method == BudgetMin }, "budget method growth or min needs it").
			Doc("the growth rate (0.04 is 4 %), methods growth and min"),
		money("expected_revenue", func(f *FundPolicy) *pointvalue.Money { return &f.Budget.ExpectedRevenue }).Rule("BUD-1").Range("[0, )").
			RequiredWhen(func(f *FundPolicy) bool { return f.Budget.Method == BudgetRevenue || f.Budget.Method == BudgetMin }, "budget method revenue or min needs it").
			Doc("the year's expected revenue, methods revenue and min"),
		factor("surplus_ratio", func(f *FundPolicy) *pointvalue.Factor { return &f.Budget.SurplusRatio }).Rule("BUD-1").
			Default(`"0.03"`).Range("[0, 1]").Doc("略有结余: the share of revenue kept as surplus, methods revenue and min"),
	).Required("a settled fund needs a budget").Doc("the annual budget (BUD-1); each result rounded to the fen"),
	param.Custom("carveouts", decodeCarveouts).Rule("BUD-2").Default("[]").
		Shape(`[{"name": "<name>", "amount": "<yuan>"} | {"name": "<name>", "ratio": "<ratio of the budget>"}, …]`).
		Check(checkCarveouts).Example(`[{"name": "offsite", "amount": "1000000.00"}, {"name": "itemised", "ratio": "0.02"}]`).
		Doc("单列 carve-outs subtracted first, each an amount (≥ 0) or a ratio of the annual budget ([0, 1], ratios summing to at most 1)"),
	factor("reserve_ratio", func(f *FundPolicy) *pointvalue.Factor { return &f.ReserveRatio }).Rule("BUD-3").
		Default(`"0.05"`).Range("[0, 1]").Doc("调剂金/风险金: the share of what remains after carve-outs set aside as the reserve"),
	param.Custom("pools", decodePools).Rule("BUD-4").Default("null").
		Shape(`{"ratios" | "amounts" | "prior_spending": {"drg" | "dip" | "bedday" | "capita": "<value>"}}`).
		Example(`{"ratios": {"drg": "0.9", "capita": "0.1"}}`).
		Doc("the method pools: ratios summing to exactly 1, amounts (the rest goes to the ledger residual) or prior spending (in proportion); null: all to the inpatient method; bedday only with bedday.pool separate"),
	param.Object("point_value",
		param.Enum("formula", func(f *FundPolicy) *pointvalue.Formula { return &f.PointValue.Formula }, formulaWords...).
			Rule("PV-1").Nullable(func(f *FundPolicy) *bool { return &f.PointValue.FormulaGiven }).
			Doc("with-patient-share (DRG default), by-reimbursement-ratio (DIP default), fund-only or fixed-rate; null: the method's default, or fixed-rate when a fixed_rate is given"),
		factor("reimbursement_ratio", func(f *FundPolicy) *pointvalue.Factor { return &f.PointValue.ReimbursementRatio }).
			Rule("PV-1").Nullable(func(f *FundPolicy) *bool { return &f.PointValue.HasReimbursementRatio }).Range("(0, 1]").
			Doc("医保支付比例 of the by-reimbursement-ratio formula (required by it)"),
		param.PointValue("fixed_rate", func(f *FundPolicy) *pointvalue.PointValue { return &f.PointValue.FixedRate }).
			Rule("PV-2").Nullable(func(f *FundPolicy) *bool { return &f.PointValue.HasFixedRate }).Range("(0, )").
			Doc("费率法: yuan per point (a rate per RW unit ÷ 100); selects the fixed-rate formula"),
		param.Custom("budget_point_value", decodeBudgetPV).Rule("PV-3").Default("null").
			Shape(`"<value>" | {"years": [{"total_cost", "total_points", "patient_share"?}, …], "weights": ["<w>", …]}`).
			Example(`{"years": [{"total_cost": "90000000.00", "total_points": "1000000"}], "weights": ["1"]}`).
			Doc("预算点值 for the monthly advances and the band: a value (> 0), or prior years' totals weighted (default 0.1, 0.2, 0.7 for three years); null: the fixed rate in fixed-rate mode, else none"),
		factor("band_down", func(f *FundPolicy) *pointvalue.Factor { return &f.PointValue.BandDown }).Rule("PV-5").
			Nullable(func(f *FundPolicy) *bool { return &f.PointValue.HasBandDown }).Range("[0, 1]").
			Doc("the settlement point value is held at least budget × (1 − band_down), as far as the reserve pays"),
		factor("band_up", func(f *FundPolicy) *pointvalue.Factor { return &f.PointValue.BandUp }).Rule("PV-5").
			Nullable(func(f *FundPolicy) *bool { return &f.PointValue.HasBandUp }).Range("[0, 10]").
			Doc("the settlement point value is held at most budget × (1 + band_up); the money not spent returns to the reserve"),
		param.Custom("elastic", decodeElastic).Rule("VAR-8").Default("null").
			Shape(`{"fixed_value": "<value>" | "base_share": "<ratio>", "float_cap"?: "<value>"} | null`).
			Example(`{"base_share": "0.8", "float_cap": "95"}`).Nested(param.Rows(elasticFields, "")).
			Doc("弹性点值法 for the fund's drg or dip pool: each hospital's base points (hospitals.csv base_points_<fund>) at a fixed value, the points beyond them at a floating value (N − ΣB × PV_fix) ÷ Σ increments; exactly one of fixed_value and base_share; not with a fixed rate, exact-share or a band; null: PV-1 as usual"),
	).Doc("point-value parameters (PV-1..PV-5)"),
	param.Custom("region_avg_cost", decodeRegionAvgCost).Rule("DRG-5").Default("null").Shape(`"<yuan, greater than 0>"`).
		Doc("M, the region's average cost per case (地区次均费用): ungrouped and unstable DRG cases (DRG-5), ungrouped DIP cases (DIP-9) and bed-day rates (BED-1) divide by it; required when such a case occurs"),
	param.Custom("level_coefficients", decodeFundLevels).Rule("VAR-3").Default("{}").Shape(`{"<level>": "<coefficient>"}`).
		Example(`{"secondary": "0.88"}`).
		Doc("the fund's own DIP level coefficients (分险种系数), before dip.level_coefficients; a level left out takes the policy's. Read only when DIP is in use"),
}

func decodeFundLevels(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	param.DecodeLevels(v, pr, pointvalue.ParseFactor, func(l param.Level, f pointvalue.Factor) {
		if f <= 0 {
			pr.Add(l.String(), f.String(), pointvalue.ErrRange, "must be greater than 0")
			return
		}
		fp.LevelCoefficients[l] = f
	})
}

func decodeFunds(p *Policy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	var seen [param.NumFunds]string
	for i, k := range v.Keys {
		f, err := param.ParseFund(k)
		if err != nil {
			pr.Add(k, k, pointvalue.ErrEnum, "a fund is employee (职工) or resident (居民)")
			continue
		}
		if seen[f] != "" {
			pr.Add(k, k, pointvalue.ErrDuplicate, "fund "+f.String()+" given twice (as "+seen[f]+")")
			continue
		}
		seen[f] = k
		fv := v.Vals[i]
		if fv.IsNull() || (fv.Kind == param.JSONObject && len(fv.Keys) == 0) {
			continue // not settled
		}
		fp := DefaultFund()
		param.Decode(fundFields, fp, fv, pr.Sub(f.String()))
		p.Funds[f] = fp
	}
}

// DefaultFund returns a fund's policy with every default set and no budget method
// chosen (BudgetGiven, amount 0).
func DefaultFund() *FundPolicy {
	fp := &FundPolicy{}
	param.Defaults(fundFields, fp, param.NewProblems("default"))
	return fp
}

func checkFunds(p *Policy, pr *param.Problems) {
	settled := false
	for f := range param.Fund(param.NumFunds) {
		fp := p.Funds[f]
		if fp == nil {
			continue
		}
		settled = true
		fpr := pr.Sub(f.String())
		before := pr.Len()
		param.Check(fundFields, fp, fpr)
		checkFund(p, f, fp, fpr)
		if pr.Len() == before {
			// The money that follows from the policy alone: what fails here would
			// otherwise fail only when the year is settled.
			if _, err := p.FundAmounts(f); err != nil {
				re := err.(*pointvalue.RecordError)
				pr.Root().AddError(re.Field, re.Value, re.Err)
			}
			checkBudgetPointValue(p, f, fp, fpr.Sub("point_value"))
		}
	}
	if !settled {
		pr.Add("", "", pointvalue.ErrRequired, "no fund is settled")
	}
}

// checkFund is what a fund's fields must satisfy together and with the rest of
// the policy: BUD-4's pools, PV-1..PV-5's point-value parameters, A60.
func checkFund(p *Policy, f param.Fund, fp *FundPolicy, pr *param.Problems) {
	checkPools(p, &fp.Pools, pr.Sub("pools"))
	pv := &fp.PointValue
	vp := pr.Sub("point_value")
	if pv.FormulaGiven {
		if pv.Formula == pointvalue.FixedRate && !pv.HasFixedRate {
			vp.Add("fixed_rate", "", pointvalue.ErrRequired, "formula fixed-rate needs a fixed_rate")
		}
		if pv.Formula != pointvalue.FixedRate && pv.HasFixedRate {
			vp.Add("fixed_rate", pv.FixedRate.Format(pointvalue.MaxScale), pointvalue.ErrPolicy,
				"a fixed_rate needs formula fixed-rate, not "+pv.Formula.String())
		}
	}
	// The inpatient formula the fund uses: its inpatient pool, or a separate bed-day pool.
	in := p.Inpatient(f)
	if p.HasPool(f, in) || p.HasPool(f, param.BedDay) {
		formula := p.Formula(f, in)
		if formula == pointvalue.ByReimbursementRatio && !pv.HasReimbursementRatio {
			vp.Add("reimbursement_ratio", "", pointvalue.ErrRequired, "a by-reimbursement-ratio pool needs it")
		}
		if p.Distribution == ExactShare && (formula == pointvalue.ByReimbursementRatio || formula == pointvalue.FixedRate) { // A60
			pr.Root().Add("distribution", "exact-share", pointvalue.ErrPolicy,
				"exact-share needs with-patient-share or fund-only pools; funds."+f.String()+" uses "+formula.String())
		}
		if len(pv.BudgetYears) > 0 {
			checkBudgetYears(pv, formula == pointvalue.FundOnly, vp.Sub("budget_point_value"))
		}
	}
	checkElastic(p, f, fp, vp.Sub("elastic"))
	if pv.HasBand() && !pv.HasBudget() {
		key, val := "band_down", pv.BandDown
		if !pv.HasBandDown {
			key, val = "band_up", pv.BandUp
		}
		vp.Add(key, val.String(), pointvalue.ErrPolicy, "a point-value band needs a budget_point_value or a fixed_rate")
	}
}

func checkBudgetYears(pv *PointValueParams, fundOnly bool, pr *param.Problems) {
	for i, y := range pv.BudgetYears {
		yp := pr.Sub(param.Index("years", i))
		if y.TotalCost < 0 {
			yp.Add("total_cost", y.TotalCost.String(), pointvalue.ErrNegative, "")
		}
		if y.TotalPoints < 0 {
			yp.Add("total_points", y.TotalPoints.String(), pointvalue.ErrNegative, "")
		}
		switch {
		case y.HasPatientShare && y.PatientShare < 0:
			yp.Add("patient_share", y.PatientShare.String(), pointvalue.ErrNegative, "")
		case y.HasPatientShare && y.PatientShare > y.TotalCost:
			yp.Add("patient_share", y.PatientShare.String(), pointvalue.ErrShareAboveCost, "")
		case !y.HasPatientShare && fundOnly:
			yp.Add("patient_share", "", pointvalue.ErrRequired, "a fund-only pool needs the fund-paid cost (PV-3)")
		}
	}
	if len(pv.Weights) != len(pv.BudgetYears) {
		pr.Add("weights", strconv.Itoa(len(pv.Weights)), pointvalue.ErrPolicy,
			"needs one weight per year ("+strconv.Itoa(len(pv.BudgetYears))+")")
		return
	}
	bad := false
	var den pointvalue.Exact
	for i, w := range pv.Weights {
		if w < 0 {
			pr.Add(param.Index("weights", i), w.String(), pointvalue.ErrNegative, "")
			bad = true
		}
		den = den.Add(pointvalue.ExactInt(int64(w)).Mul(int64(pv.BudgetYears[i].TotalPoints)))
	}
	if !bad && den.Sign() <= 0 {
		pr.Add("weights", "", pointvalue.ErrPolicy, "weighted points sum to zero: no budget point value")
	}
}

func checkPools(p *Policy, ps *Pools, pr *param.Problems) {
	if ps.Kind == PoolsAll {
		return
	}
	kp := pr.Sub(ps.Kind.String())
	named := 0
	var ratioSum pointvalue.Factor
	var amountSum pointvalue.Money
	for m := range param.Method(param.NumMethods) {
		if !ps.Named[m] {
			continue
		}
		named++
		if m == param.BedDay && p.BedDay.Pool != bedday.Separate {
			kp.Add(m.String(), "", pointvalue.ErrPolicy, `a bedday pool needs "bedday": {"pool": "separate"}`)
		}
		if ps.Kind == PoolsRatios {
			if r := ps.Ratios[m]; r < 0 || r > pointvalue.One {
				kp.Add(m.String(), r.String(), pointvalue.ErrRange, "must be in [0, 1]")
			}
			ratioSum += ps.Ratios[m] // four values of at most 1e8 each: no overflow
		} else {
			if a := ps.Amounts[m]; a < 0 {
				kp.Add(m.String(), a.String(), pointvalue.ErrNegative, "")
			} else if amountSum <= (1<<62)-a {
				amountSum += a
			}
		}
	}
	if ps.Named[param.DRG] && ps.Named[param.DIP] {
		kp.Add("", "drg|dip", pointvalue.ErrPolicy, "a fund has one inpatient method: pools name both drg and dip")
	}
	switch {
	case named == 0:
		kp.Add("", "", pointvalue.ErrRequired, "names no method")
	case ps.Kind == PoolsRatios && ratioSum != pointvalue.One:
		kp.Add("", ratioSum.String(), pointvalue.ErrPolicy, "pool ratios must sum to exactly 1") // BUD-4
	case ps.Kind == PoolsPriorSpending && amountSum == 0:
		kp.Add("", "0.00", pointvalue.ErrPolicy, "prior spending sums to zero: nothing to split by")
	}
}

func decodePools(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	ps := &fp.Pools
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	var given []string
	for _, k := range v.Keys {
		i := slices.Index(poolKindWords, k)
		if i <= 0 {
			pr.Add(k, v.Get(k).Show(), pointvalue.ErrPolicy, "unknown field")
			continue
		}
		if v.Get(k).IsNull() {
			continue // a null split is the same as none
		}
		given = append(given, k)
		if ps.Kind == PoolsAll {
			ps.Kind = PoolKind(i)
		}
	}
	if len(given) > 1 {
		slices.SortFunc(given, func(a, b string) int {
			return slices.Index(poolKindWords, a) - slices.Index(poolKindWords, b)
		})
		pr.Add("", strings.Join(given, "|"), pointvalue.ErrPolicy, "exactly one of ratios, amounts and prior_spending")
	}
	if ps.Kind == PoolsAll {
		return
	}
	m := v.Get(ps.Kind.String())
	mp := pr.Sub(ps.Kind.String())
	if m.Kind != param.JSONObject {
		mp.Add("", m.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		ps.Kind = PoolsAll
		return
	}
	if len(m.Keys) == 0 {
		mp.Add("", "{}", pointvalue.ErrRequired, "names no method")
	}
	for i, k := range m.Keys {
		meth, err := param.ParseMethod(k)
		if err != nil {
			mp.Add(k, k, pointvalue.ErrEnum, "a pool is drg, dip, bedday or capita")
			continue
		}
		var ok bool
		if ps.Kind == PoolsRatios {
			ps.Ratios[meth], ok = param.ReadDecimal(mp.Sub(k), m.Vals[i], pointvalue.ParseFactor)
		} else {
			ps.Amounts[meth], ok = param.ReadDecimal(mp.Sub(k), m.Vals[i], pointvalue.ParseMoney)
		}
		ps.Named[meth] = ps.Named[meth] || ok
	}
}

// carveoutFields is the table of one carve-out object.
var carveoutFields = []param.Field[Carveout]{
	param.String("name", func(c *Carveout) *string { return &c.Name }).Rule("BUD-2").Default(`""`).Doc("a name for the carve-out (reported)"),
	money("amount", func(c *Carveout) *pointvalue.Money { return &c.Amount }).Rule("BUD-2").Range("[0, )").Doc("an amount"),
	factor("ratio", func(c *Carveout) *pointvalue.Factor { return &c.Ratio }).Rule("BUD-2").Range("[0, 1]").Doc("or a ratio of the annual budget"),
}

func decodeCarveouts(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONArray {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON array")
		return
	}
	fp.Carveouts = nil
	for i, e := range v.Elems {
		ep := pr.Sub(param.Index("", i))
		if e.Kind != param.JSONObject {
			ep.Add("", e.Show(), pointvalue.ErrSyntax, "expected a JSON object")
			continue
		}
		var c Carveout
		before := ep.Len()
		param.Decode(carveoutFields, &c, e, ep)
		c.IsRatio = !e.Get("ratio").IsNull()
		if e.Get("amount").IsNull() == !c.IsRatio {
			ep.Add("", e.Show(), pointvalue.ErrPolicy, "a carve-out has exactly one of amount and ratio")
			continue
		}
		if ep.Len() == before {
			fp.Carveouts = append(fp.Carveouts, c)
		}
	}
}

func checkCarveouts(fp *FundPolicy, pr *param.Problems) {
	var ratioSum pointvalue.Factor
	for i := range fp.Carveouts {
		c := &fp.Carveouts[i]
		param.Check(carveoutFields, c, pr.Sub(param.Index("", i)))
		if c.IsRatio && c.Ratio > 0 && c.Ratio <= pointvalue.One {
			ratioSum += c.Ratio
		}
	}
	if ratioSum > pointvalue.One {
		pr.Add("", ratioSum.String(), pointvalue.ErrRange, "carve-out ratios sum to more than 1")
	}
}

func decodeBudgetPV(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	pv := &fp.PointValue
	if v.Kind != param.JSONObject {
		if x, ok := param.ReadDecimal(pr, v, pointvalue.ParsePointValue); ok {
			pv.BudgetPointValue, pv.HasBudgetPointValue = x, true
			if x <= 0 {
				pr.Add("", v.Show(), pointvalue.ErrRange, "must be greater than 0")
			}
		}
		return
	}
	for _, k := range v.Keys {
		if k != "years" && k != "weights" {
			pr.Add(k, v.Get(k).Show(), pointvalue.ErrPolicy, "unknown field")
		}
	}
	years := v.Get("years")
	switch {
	case years.IsNull():
		pr.Add("years", "", pointvalue.ErrRequired, "")
	case years.Kind != param.JSONArray:
		pr.Add("years", years.Show(), pointvalue.ErrSyntax, "expected a JSON array")
	case len(years.Elems) == 0:
		pr.Add("years", "[]", pointvalue.ErrRequired, "at least one year")
	}
	if years != nil && years.Kind == param.JSONArray {
		for i, e := range years.Elems {
			var y YearTotals
			yp := pr.Sub(param.Index("years", i))
			param.Decode(yearFields, &y, e, yp)
			y.HasPatientShare = !e.Get("patient_share").IsNull()
			pv.BudgetYears = append(pv.BudgetYears, y)
		}
	}
	ws := v.Get("weights")
	switch {
	case !ws.IsNull() && ws.Kind != param.JSONArray:
		pr.Add("weights", ws.Show(), pointvalue.ErrSyntax, "expected a JSON array")
	case !ws.IsNull():
		pv.Weights = make([]pointvalue.Factor, len(ws.Elems))
		for i, e := range ws.Elems {
			pv.Weights[i], _ = param.ReadDecimal(pr.Sub(param.Index("weights", i)), e, pointvalue.ParseFactor)
		}
	case len(pv.BudgetYears) == 3:
		pv.Weights = pointvalue.DefaultYearWeights()
	case len(pv.BudgetYears) > 0:
		pr.Add("weights", "", pointvalue.ErrRequired, "default weights are for three years; give one per year")
	}
}

var yearFields = []param.Field[YearTotals]{
	money("total_cost", func(y *YearTotals) *pointvalue.Money { return &y.TotalCost }).Required().Rule("PV-3").Doc("the year's total cost"),
	param.Points("total_points", func(y *YearTotals) *pointvalue.Points { return &y.TotalPoints }).Required().Rule("PV-3").Doc("the year's total points"),
	money("patient_share", func(y *YearTotals) *pointvalue.Money { return &y.PatientShare }).Rule("PV-3").Default("null").
		Doc("the year's patient share, for a fund-only pool's fund-paid cost"),
}

func decodeAgeWeights(p *Policy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	p.Capita.AgeWeights = make(map[string]pointvalue.Factor, len(v.Keys))
	for i, k := range v.Keys {
		if f, ok := param.ReadDecimal(pr.Sub(k), v.Vals[i], pointvalue.ParseFactor); ok {
			p.Capita.AgeWeights[k] = f
		}
	}
}

func checkAgeWeights(p *Policy, pr *param.Problems) {
	keys := make([]string, 0, len(p.Capita.AgeWeights))
	for k := range p.Capita.AgeWeights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w := p.Capita.AgeWeights[k]; w < 0 {
			pr.Add(k, w.String(), pointvalue.ErrNegative, "")
		}
	}
}

// elasticFields is the table of funds.<fund>.point_value.elastic (VAR-8).
var elasticFields = []param.Field[Elastic]{
	param.PointValue("fixed_value", func(e *Elastic) *pointvalue.PointValue { return &e.FixedValue }).Rule("VAR-8").
		Nullable(func(e *Elastic) *bool { return &e.HasFixedValue }).Range("(0, )").Example(`"88"`).
		Doc("PV_fix, the fixed value of a base point"),
	param.Factor("base_share", func(e *Elastic) *pointvalue.Factor { return &e.BaseShare }).Rule("VAR-8").
		Nullable(func(e *Elastic) *bool { return &e.HasBaseShare }).Range("(0, 1)").Example(`"0.8"`).
		Doc("or PV_fix = round_pv(base_share × N ÷ ΣB), N the PV-1 numerator and ΣB the base points of every hospital with a value (8:2 is 0.8)"),
	param.PointValue("float_cap", func(e *Elastic) *pointvalue.PointValue { return &e.FloatCap }).Rule("VAR-8").
		Nullable(func(e *Elastic) *bool { return &e.HasFloatCap }).Range("[0, )").Example(`"95"`).
		Doc("PV_float at most this; the money held back stays in the pool's residual; null: no cap"),
}

// decodeElastic reads funds.<fund>.point_value.elastic (VAR-8).
func decodeElastic(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	e := &fp.PointValue.Elastic
	param.Defaults(elasticFields, e, param.NewProblems("default"))
	before := pr.Len()
	param.Decode(elasticFields, e, v, pr)
	if pr.Len() > before {
		return
	}
	if e.HasFixedValue == e.HasBaseShare {
		pr.Add("", v.Show(), pointvalue.ErrPolicy, "exactly one of fixed_value and base_share")
		return
	}
	fp.PointValue.HasElastic = true
}

// checkElastic is VAR-8's checks with the rest of the fund and the policy: the
// values in range, a drg or dip pool to act on, not with a fixed rate,
// exact-share or a PV-5 band.
func checkElastic(p *Policy, f param.Fund, fp *FundPolicy, pr *param.Problems) {
	pv := &fp.PointValue
	if !pv.HasElastic {
		return
	}
	param.Check(elasticFields, &pv.Elastic, pr)
	in := p.Inpatient(f)
	switch {
	case !p.HasPool(f, in):
		pr.Add("", "", pointvalue.ErrPolicy, "funds."+f.String()+" has no drg or dip pool")
	case p.Formula(f, in) == pointvalue.FixedRate:
		pr.Add("", "fixed-rate", pointvalue.ErrPolicy, "an elastic point value floats: not with a fixed rate")
	case p.Distribution == ExactShare:
		pr.Add("", "exact-share", pointvalue.ErrPolicy, "an elastic point value is not shared by exact-share (distribution)")
	case pv.HasBand():
		pr.Add("", "band", pointvalue.ErrPolicy, "an elastic point value is not held in a point-value band (band_down, band_up)")
	}
}

// decodeMonthlyPointValues reads advances.monthly_point_values: fund → method →
// "YYYY-MM" → value (VAR-9). Whether a key is a month of the policy year, the
// value's decimals and the pool are checked with the whole policy.
func decodeMonthlyPointValues(p *Policy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	a := &p.Advances
	a.MonthlyPointValues = nil
	var seen [param.NumFunds]bool
	for i, fk := range v.Keys {
		f, err := param.ParseFund(fk)
		if err != nil {
			pr.Add(fk, fk, pointvalue.ErrEnum, "a fund is employee (职工) or resident (居民)")
			continue
		}
		if seen[f] {
			pr.Add(fk, fk, pointvalue.ErrDuplicate, "fund "+f.String()+" given twice")
			continue
		}
		seen[f] = true
		fv, fp := v.Vals[i], pr.Sub(f.String())
		if fv.IsNull() {
			continue
		}
		if fv.Kind != param.JSONObject {
			fp.Add("", fv.Show(), pointvalue.ErrSyntax, "expected a JSON object")
			continue
		}
		for j, mk := range fv.Keys {
			m, err := param.ParseMethod(mk)
			if err != nil || m == param.Capita {
				fp.Add(mk, mk, pointvalue.ErrEnum, "a monthly point value is for a drg, dip or bedday pool")
				continue
			}
			mv, mp := fv.Vals[j], fp.Sub(m.String())
			if mv.IsNull() {
				continue
			}
			if mv.Kind != param.JSONObject {
				mp.Add("", mv.Show(), pointvalue.ErrSyntax, "expected a JSON object")
				continue
			}
			for k, key := range mv.Keys {
				x, ok := param.ReadDecimal(mp.Sub(key), mv.Vals[k], pointvalue.ParsePointValue)
				if !ok {
					continue
				}
				e := MonthlyPointValue{Fund: f, Method: m, Key: key, Value: x}
				e.Year, e.Month = parseMonth(key)
				a.MonthlyPointValues = append(a.MonthlyPointValues, e)
			}
		}
	}
	slices.SortStableFunc(a.MonthlyPointValues, func(x, y MonthlyPointValue) int {
		return cmp.Or(cmp.Compare(x.Fund, y.Fund), cmp.Compare(x.Method, y.Method), cmp.Compare(x.Key, y.Key))
	})
}

// parseMonth reads "YYYY-MM" (a four-digit year, a two-digit month 01–12);
// anything else gives 0, 0.
func parseMonth(s string) (year, month int) {
	if len(s) != 7 || s[4] != '-' {
		return 0, 0
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return 0, 0
		}
	}
	year = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	month = int(s[5]-'0')*10 + int(s[6]-'0')
	if month < 1 || month > 12 {
		return 0, 0
	}
	return year, month
}

// checkMonthlyPointValues is VAR-9's checks of advances.monthly_point_values: each
// key a month of the policy year, each value > 0 with at most point_value_scale
// decimals, each (fund, method) a pool the policy has.
func checkMonthlyPointValues(p *Policy, pr *param.Problems) {
	unit := pointvalue.ScaleUnit(min(max(p.PointValueScale, 0), pointvalue.MaxScale))
	var pool [param.NumFunds][param.NumMethods]bool // reported once
	for _, e := range p.Advances.MonthlyPointValues {
		mp := pr.Sub(e.Fund.String()).Sub(e.Method.String())
		if !p.HasPool(e.Fund, e.Method) {
			if !pool[e.Fund][e.Method] {
				pool[e.Fund][e.Method] = true
				mp.Add("", e.Method.String(), pointvalue.ErrPolicy, "funds."+e.Fund.String()+" has no "+e.Method.String()+" pool")
			}
			continue
		}
		kp := mp.Sub(e.Key)
		switch {
		case e.Year != p.Year:
			kp.Add("", e.Key, pointvalue.ErrRange, "not a month (YYYY-MM) of the policy year "+strconv.Itoa(p.Year))
		case e.Value <= 0:
			kp.Add("", pointvalue.Factor(e.Value).String(), pointvalue.ErrRange, "must be greater than 0")
		case int64(e.Value)%unit != 0:
			kp.Add("", pointvalue.Factor(e.Value).String(), pointvalue.ErrPrecision,
				"at most point_value_scale ("+strconv.Itoa(p.PointValueScale)+") decimals")
		}
	}
}

// decodeCarryOver reads capita.carry_over: a fund (employee, resident or an
// alias) to an amount.
func decodeCarryOver(p *Policy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, k := range v.Keys {
		f, err := param.ParseFund(k)
		if err != nil {
			pr.Add(k, k, pointvalue.ErrEnum, "a fund is employee (职工) or resident (居民)")
			continue
		}
		if p.Capita.HasCarryOver[f] {
			pr.Add(k, k, pointvalue.ErrDuplicate, "fund "+f.String()+" given twice")
			continue
		}
		if v.Vals[i].IsNull() {
			continue
		}
		if a, ok := param.ReadDecimal(pr.Sub(f.String()), v.Vals[i], pointvalue.ParseMoney); ok {
			p.Capita.CarryOver[f], p.Capita.HasCarryOver[f] = a, true
		}
	}
}

// checkCarryOver is VAR-10's checks of capita.carry_over.<fund>: not negative,
// not with a given standard, only for a fund with a per-capita pool, and at most
// what the reserve holds when it is drawn: R0 + the held-back parts (section 13's
// order), which follow from the policy alone.
func checkCarryOver(p *Policy, pr *param.Problems) {
	for f := range param.Fund(param.NumFunds) {
		if !p.Capita.HasCarryOver[f] {
			continue
		}
		c, fpr := p.Capita.CarryOver[f], pr.Sub(f.String())
		switch {
		case c < 0:
			fpr.Add("", c.String(), pointvalue.ErrNegative, "")
		case p.Capita.HasStandard:
			fpr.Add("", c.String(), pointvalue.ErrPolicy, "a carry-over needs a derived standard, and capita.standard is given")
		case !p.HasPool(f, param.Capita):
			fpr.Add("", c.String(), pointvalue.ErrPolicy, "funds."+f.String()+" has no capita pool")
		default:
			a, err := p.FundAmounts(f)
			if err != nil {
				continue // reported with the fund
			}
			held := heldBack(a.Pools[param.Capita], p.Capita.RiskRatio, p.Capita.SeriousIllnessRatio, p.Rounding)
			if c > a.Reserve+held {
				fpr.Add("", c.String(), pointvalue.ErrRange, "more than R0 + the held-back parts ("+
					a.Reserve.String()+" + "+held.String()+" = "+(a.Reserve+held).String()+")")
			}
		}
	}
}

// heldBack is CAP-2's held-back parts of a per-capita pool, each rounded to the
// fen, together never more than the pool (as budget.DerivedStandard holds them).
func heldBack(pool pointvalue.Money, risk, serious pointvalue.Factor, r pointvalue.Rounding) pointvalue.Money {
	a, err1 := pool.MulFactor(risk, r)
	b, err2 := pool.MulFactor(serious, r)
	if err1 != nil || err2 != nil {
		return 0
	}
	return min(pool, a+b)
}

// decodeRegionAvgCost reads M: an amount greater than 0 (0, the zero value, is
// "not given").
func decodeRegionAvgCost(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	m, ok := param.ReadDecimal(pr, v, pointvalue.ParseMoney)
	if !ok {
		return
	}
	if m <= 0 {
		pr.Add("", v.Show(), pointvalue.ErrRange, "must be greater than 0")
		return
	}
	fp.RegionAvgCost = m
}

// NewFund returns a settled fund's policy with a given annual budget of amount
// (BUD-1 "given") and every other default.
func NewFund(amount pointvalue.Money) *FundPolicy {
	fp := DefaultFund()
	fp.Budget.Method, fp.Budget.Amount = BudgetGiven, amount
	return fp
}

// checkBudgetPointValue computes the budget point value of the fund's inpatient
// pool (PV-3) and the band's bounds around it (PV-5), which follow from the
// policy alone.
func checkBudgetPointValue(p *Policy, f param.Fund, fp *FundPolicy, pr *param.Problems) {
	in := p.Inpatient(f)
	if !p.HasPool(f, in) {
		return
	}
	v, ok, err := p.BudgetPointValue(f, in)
	if err != nil {
		pr.Add("budget_point_value", "", err, "")
		return
	}
	if ok && p.Formula(f, in).Floating() && fp.PointValue.HasBand() {
		if _, _, err := fp.Band(v).Bounds(p.PointValueScale, p.Rounding); err != nil {
			key, val := "band_up", fp.PointValue.BandUp
			if !fp.PointValue.HasBandUp {
				key, val = "band_down", fp.PointValue.BandDown
			}
			pr.Add(key, val.String(), err, "the band's bound around the budget point value "+v.Format(p.PointValueScale))
		}
	}
}

// checkLimits is ERR-5 over the policy's own values: growth rates within
// ±max_growth_rate, and every coefficient the policy gives within
// max_coefficient (level, per-fund level, primary, severity).
func checkLimits(p *Policy, pr *param.Problems) {
	l := &p.Limits
	for f, fp := range p.Funds {
		if fp == nil {
			continue
		}
		fpath := "funds." + param.Fund(f).String()
		if m := fp.Budget.Method; l.HasMaxGrowthRate && (m == BudgetGrowth || m == BudgetMin) {
			if g := fp.Budget.GrowthRate; g > l.MaxGrowthRate || g < -l.MaxGrowthRate {
				pr.Add(fpath+".budget.growth_rate", g.String(), pointvalue.ErrRange,
					"beyond limits.max_growth_rate "+l.MaxGrowthRate.String()+" (a percent written as a ratio?)")
			}
		}
		if p.Uses(param.DIP) {
			for lv, k := range fp.LevelCoefficients {
				if k > 0 && !l.CoefficientOK(k) {
					pr.Add(fpath+".level_coefficients."+param.Level(lv).String(), k.String(), pointvalue.ErrRange, maxCoefDetail(l))
				}
			}
		}
	}
	if !p.Uses(param.DIP) {
		return
	}
	for lv, k := range p.DIP.LevelCoefficients {
		if !l.CoefficientOK(k) {
			pr.Add("dip.level_coefficients."+param.Level(lv).String(), k.String(), pointvalue.ErrRange, maxCoefDetail(l))
		}
	}
	if !l.CoefficientOK(p.DIP.PrimaryCoefficient) {
		pr.Add("dip.primary_coefficient", p.DIP.PrimaryCoefficient.String(), pointvalue.ErrRange, maxCoefDetail(l))
	}
	keys := make([]string, 0, len(p.DIP.SeverityCoefficients))
	for k := range p.DIP.SeverityCoefficients {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if v := p.DIP.SeverityCoefficients[k]; !l.CoefficientOK(v) {
			pr.Add("dip.severity_coefficients."+k, v.String(), pointvalue.ErrRange, maxCoefDetail(l))
		}
	}
}

func maxCoefDetail(l *Limits) string {
	return "above limits.max_coefficient " + l.MaxCoefficient.String()
}
