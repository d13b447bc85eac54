package policy

import (
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
		).Doc("the surplus/overspend corridor (CLR-2)"),
		param.Object("advances",
			factor("advance_ratio", func(p *Policy) *pointvalue.Factor { return &p.Advances.AdvanceRatio }).Rule("CLR-1").
				Default(`"0.90"`).Range("[0, 1]").Doc("share of each month's fund amount advanced (月度预结算)"),
			factor("deposit_ratio", func(p *Policy) *pointvalue.Factor { return &p.Advances.DepositRatio }).Rule("CLR-3").
				Default(`"0.05"`).Range("[0, 1]").Doc("share of the entitlement held as the quality deposit (质量保证金)"),
			param.Enum("assessment_rule", func(p *Policy) *AssessmentRule { return &p.Advances.AssessmentRule }, assessmentWords...).
				Rule("CLR-3").Default(`"deposit"`).
				Doc("deposit: a deposit returned in proportion to the score; coefficient: F(C) × q ÷ 100 before the deductions, no deposit"),
		).Doc("advances, deposit and assessment (CLR-1, CLR-3)"),
		param.Rule(func(p *Policy, pr *param.Problems) {
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
	).Doc("point-value parameters (PV-1..PV-5)"),
	param.Custom("region_avg_cost", decodeRegionAvgCost).Rule("DRG-5").Default("null").Shape(`"<yuan, greater than 0>"`).
		Doc("M, the region's average cost per case (地区次均费用): ungrouped and unstable DRG cases (DRG-5), ungrouped DIP cases (DIP-9) and bed-day rates (BED-1) divide by it; required when such a case occurs"),
	param.Custom("level_coefficients", decodeFundLevels).Rule("VAR-3").Default("{}").Shape(`{"<level>": "<coefficient>"}`).
		Example(`{"secondary": "0.88"}`).
		Doc("the fund's own DIP level coefficients (分险种系数), before dip.level_coefficients; a level left out takes the policy's. Read only when DIP is in use"),
}

func decodeFundLevels(fp *FundPolicy, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, k := range v.Keys {
		l, err := param.ParseLevel(k)
		if err != nil {
			pr.Add(k, k, pointvalue.ErrEnum, "a level is tertiary, secondary or primary")
			continue
		}
		f, ok := param.ReadDecimal(pr.Sub(k), v.Vals[i], pointvalue.ParseFactor)
		if !ok {
			continue
		}
		if f <= 0 {
			pr.Sub(k).Add("", v.Vals[i].Show(), pointvalue.ErrRange, "must be greater than 0")
			continue
		}
		fp.LevelCoefficients[l] = f
	}
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
