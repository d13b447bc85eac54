package policy

import (
	"strconv"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Distribution is how a floating pool's money reaches the hospitals (NUM-7).
type Distribution uint8

const (
	PointValueDistribution Distribution = iota // "point-value": gross = round_fen(points × PV) (PV-4)
	ExactShare                                 // "exact-share": the largest-remainder split of the pool, residual 0
)

var distributionWords = []string{"point-value", "exact-share"}

// String returns the policy.json word.
func (d Distribution) String() string { return word(distributionWords, int(d)) }

// BudgetMethod is how a fund's annual budget is set (BUD-1).
type BudgetMethod uint8

const (
	BudgetGiven   BudgetMethod = iota // "given": an amount
	BudgetGrowth                      // "growth": prior expenditure × (1 + growth rate)
	BudgetRevenue                     // "revenue": expected revenue × (1 − surplus ratio)
	BudgetMin                         // "min": the smaller of growth and revenue
)

var budgetMethodWords = []string{"given", "growth", "revenue", "min"}

// String returns the policy.json word.
func (m BudgetMethod) String() string { return word(budgetMethodWords, int(m)) }

// PoolKind is how what remains after carve-outs and reserve is split among the
// method pools (BUD-4).
type PoolKind uint8

const (
	PoolsAll           PoolKind = iota // no split given: all to the fund's inpatient method
	PoolsRatios                        // "ratios": summing to exactly 1
	PoolsAmounts                       // "amounts": their sum at most what is there
	PoolsPriorSpending                 // "prior_spending": in proportion to last year's spending per method
)

var poolKindWords = []string{"none", "ratios", "amounts", "prior_spending"}

// String returns the policy.json key of the split ("none" when no split is given).
func (k PoolKind) String() string { return word(poolKindWords, int(k)) }

// CorridorRule is the surplus/overspend corridor in use (CLR-2).
type CorridorRule uint8

const (
	CorridorBands CorridorRule = iota // "bands": the three bands of CLR-2
	CorridorNone                      // "none": C = S
)

var corridorWords = []string{"bands", "none"}

// String returns the policy.json word.
func (c CorridorRule) String() string { return word(corridorWords, int(c)) }

// AssessmentRule is how the quality assessment acts (CLR-3).
type AssessmentRule uint8

const (
	AssessDeposit     AssessmentRule = iota // "deposit": a deposit returned in proportion to the score
	AssessCoefficient                       // "coefficient": F(C) × q ÷ 100 before the deductions, no deposit
)

var assessmentWords = []string{"deposit", "coefficient"}

// String returns the policy.json word.
func (a AssessmentRule) String() string { return word(assessmentWords, int(a)) }

func word(words []string, i int) string {
	if i >= 0 && i < len(words) {
		return words[i]
	}
	return "enum(" + strconv.Itoa(i) + ")"
}

// formulaWords are the policy.json words of pointvalue.Formula, by value.
var formulaWords = []string{"with-patient-share", "by-reimbursement-ratio", "fund-only", "fixed-rate"}

// roundingWords are the policy.json words of pointvalue.Rounding a policy may ask.
var roundingWords = []string{"half-up", "half-even"}

// Policy is one region's settlement rules for one year (结算办法): every parameter
// with its default, read from policy.json (Read) or built in code from Default.
// It is data: the rules live in the packages that apply it. The engine does not
// modify a Policy; share it freely once validated.
type Policy struct {
	Region  string // pooling region (统筹区) code, e.g. "330700"
	Year    int    // the settlement year; cases are those discharged in it (A28)
	Version string // the policy's version, stamped on every result

	InpatientMethod param.Method        // DRG (default) or DIP: cases without a method, funds without pools
	PointScale      int                 // decimals of points, 0–8 (NUM-2, default 4)
	PointValueScale int                 // decimals of point values, 0–8 (NUM-4, default 6)
	Rounding        pointvalue.Rounding // HalfUp (default) or HalfEven (NUM-5)
	Distribution    Distribution        // NUM-7 (default point-value)

	Funds [param.NumFunds]*FundPolicy // nil: the fund is not settled (absent or {} in policy.json)

	DRG      drg.Params
	DIP      dip.Params
	BedDay   bedday.Params
	Capita   Capita
	Corridor Corridor
	Advances Advances
	Limits   Limits

	// Monitoring is the monitoring section (docs/monitoring.md §6), read with the
	// policy over its defaults but checked only by CheckMonitoring; no
	// settlement rule reads it. MonitoringJSON is the section as read (compact
	// JSON; "" when the policy has none), for CheckMonitoring's report.
	Monitoring     Monitoring
	MonitoringJSON string
}

// Limits are ERR-5's plausibility limits (合理性上限): inputs beyond them are
// errors, never clamped. Each is on when its Has flag is set (policy.json's
// defaults set them; null lifts one).
type Limits struct {
	MaxStayDays             int // a stay longer than this (BED-2 days) is an error naming admit_date (3650)
	HasMaxStayDays          bool
	MaxCoefficient          pointvalue.Factor // every coefficient a policy or table gives: above it, an error (10)
	HasMaxCoefficient       bool
	MaxGrowthRate           pointvalue.Factor // a budget growth rate outside ±this is an error (0.5)
	HasMaxGrowthRate        bool
	MaxUnknownGroupShare    pointvalue.Factor // share of a pool's cases its table cannot place (0.05)
	HasMaxUnknownGroupShare bool
}

// CoefficientOK reports whether k is within MaxCoefficient.
func (l *Limits) CoefficientOK(k pointvalue.Factor) bool {
	return !l.HasMaxCoefficient || k <= l.MaxCoefficient
}

// FundPolicy is one settled fund's budget and point-value parameters.
type FundPolicy struct {
	Budget        Budget            // BUD-1
	Carveouts     []Carveout        // BUD-2, in the order given
	ReserveRatio  pointvalue.Factor // BUD-3 (0.05)
	Pools         Pools             // BUD-4
	PointValue    PointValueParams  // PV-1..PV-5
	RegionAvgCost pointvalue.Money  // M (地区次均费用) of DRG-5, DIP-9, BED-1; 0 = not given
	// LevelCoefficients are the fund's own DIP level coefficients (VAR-3), before
	// the policy's dip.level_coefficients; 0 = none for that level.
	LevelCoefficients [param.NumLevels]pointvalue.Factor
}

// Budget is BUD-1's annual budget (年度总额预算). Only the fields its method
// needs are read.
type Budget struct {
	Method           BudgetMethod
	Amount           pointvalue.Money  // given
	PriorExpenditure pointvalue.Money  // growth, min: 上年决算
	GrowthRate       pointvalue.Factor // growth, min
	ExpectedRevenue  pointvalue.Money  // revenue, min
	SurplusRatio     pointvalue.Factor // revenue, min (0.03)
}

// Carveout is one BUD-2 carve-out (单列): an amount, or a ratio of the annual budget.
type Carveout struct {
	Name    string
	Amount  pointvalue.Money  // when !IsRatio
	Ratio   pointvalue.Factor // when IsRatio
	IsRatio bool
}

// Pools is BUD-4's split. Named says which methods it names; Ratios holds the
// ratios of a ratios split, Amounts the amounts of an amounts split or the prior
// spending of a prior_spending split. Arrays are indexed by param.Method.
type Pools struct {
	Kind    PoolKind
	Named   [param.NumMethods]bool
	Ratios  [param.NumMethods]pointvalue.Factor
	Amounts [param.NumMethods]pointvalue.Money
}

// Path returns the JSON path of method m's pool as the policy writes it
// ("pools.ratios.drg"), relative to the fund; "pools.drg" when no split is given.
func (ps *Pools) Path(m param.Method) string {
	if ps.Kind == PoolsAll {
		return "pools." + m.String()
	}
	return "pools." + ps.Kind.String() + "." + m.String()
}

// YearTotals is one prior year of PV-3: its total cost and total points, and
// optionally its patient share (for a fund-only pool's fund-paid cost).
type YearTotals struct {
	TotalCost       pointvalue.Money
	TotalPoints     pointvalue.Points
	PatientShare    pointvalue.Money
	HasPatientShare bool
}

// PointValueParams are a fund's point-value parameters (PV-1..PV-5).
type PointValueParams struct {
	Formula      pointvalue.Formula // when FormulaGiven
	FormulaGiven bool

	ReimbursementRatio    pointvalue.Factor // by-reimbursement-ratio, when HasReimbursementRatio
	HasReimbursementRatio bool

	FixedRate    pointvalue.PointValue // PV-2: yuan per point, when HasFixedRate
	HasFixedRate bool

	// PV-3 budget point value (预算点值): a value, or prior years' totals and weights.
	BudgetPointValue    pointvalue.PointValue
	HasBudgetPointValue bool
	BudgetYears         []YearTotals        // oldest first; nil when a value (or nothing) is given
	Weights             []pointvalue.Factor // one per year; default 0.1, 0.2, 0.7 for three years

	// PV-5 band, each side optional.
	BandDown, BandUp       pointvalue.Factor
	HasBandDown, HasBandUp bool

	// VAR-8's elastic point value of the fund's drg or dip pool, when HasElastic.
	Elastic    Elastic
	HasElastic bool
}

// Elastic is VAR-8's elastic point value (弹性点值法, 基准服务量固定与增量服务量浮动):
// each hospital's base points (hospitals.csv base_points_<fund>) are paid at a
// fixed value PV_fix, the points beyond them at a floating PV_float. Exactly one
// of FixedValue and BaseShare is given; FloatCap is optional.
type Elastic struct {
	FixedValue    pointvalue.PointValue // PV_fix as given, when HasFixedValue
	HasFixedValue bool
	BaseShare     pointvalue.Factor // PV_fix = round_pv(BaseShare × N ÷ ΣB), when HasBaseShare (8:2 is 0.8)
	HasBaseShare  bool
	FloatCap      pointvalue.PointValue // PV_float at most this, when HasFloatCap
	HasFloatCap   bool
}

// Capita holds the per-capita parameters (CAP-1, CAP-2).
type Capita struct {
	Standard            pointvalue.Money // given yuan per head per year, when HasStandard
	HasStandard         bool
	RiskRatio           pointvalue.Factor            // 0.10
	SeriousIllnessRatio pointvalue.Factor            // 0.05
	AgeWeights          map[string]pointvalue.Factor // missing band → 1
	// CarryOver is VAR-10's past years' surplus (历年结余) of each fund, added to a
	// derived standard's numerator and drawn from the reserve; HasCarryOver says
	// which funds give one (default none: 0).
	CarryOver    [param.NumFunds]pointvalue.Money
	HasCarryOver [param.NumFunds]bool
}

// Corridor holds CLR-2's parameters (结余留用/超支分担).
type Corridor struct {
	Rule        CorridorRule
	SurplusKeep pointvalue.Factor // 1
	OverBand    pointvalue.Factor // 0.10
	OverShare   pointvalue.Factor // 0.5
	LowUseRatio pointvalue.Factor // 0.5
	// SurplusCap is VAR-6's cap on the surplus kept, a ratio of S (结余留用上限),
	// when HasSurplusCap.
	SurplusCap    pointvalue.Factor
	HasSurplusCap bool
}

// Advances holds CLR-1 and CLR-3's parameters.
type Advances struct {
	AdvanceRatio   pointvalue.Factor // 0.90
	DepositRatio   pointvalue.Factor // 0.05
	AssessmentRule AssessmentRule
	// MonthlyPointValues are VAR-9's point values (月度点值) that value one month's
	// cases of a (fund, method) pool for its advances in place of the budget point
	// value, sorted by fund, method and month; none by default.
	MonthlyPointValues []MonthlyPointValue
}

// MonthlyPointValue is one entry of advances.monthly_point_values (VAR-9): the
// point value of month Month (1–12) of Year for the advances of a (fund, method) pool.
type MonthlyPointValue struct {
	Fund   param.Fund
	Method param.Method
	Key    string // the "YYYY-MM" key as written
	Year   int    // 0 when the key is not YYYY-MM
	Month  int
	Value  pointvalue.PointValue
}

// MonthValues returns the monthly point values of fund f's pool of method m
// for the months of year (index 0 = January), has telling which are given.
func (a *Advances) MonthValues(f param.Fund, m param.Method, year int) (v [12]pointvalue.PointValue, has [12]bool) {
	for _, e := range a.MonthlyPointValues {
		if e.Fund == f && e.Method == m && e.Year == year && e.Month >= 1 && e.Month <= 12 {
			v[e.Month-1], has[e.Month-1] = e.Value, true
		}
	}
	return v, has
}

// ID returns the policy id "region/year/version" (section 13).
func (p *Policy) ID() string {
	return p.Region + "/" + strconv.Itoa(p.Year) + "/" + p.Version
}

// Fund returns the policy of fund f, or nil when f is not settled.
func (p *Policy) Fund(f param.Fund) *FundPolicy {
	if int(f) >= param.NumFunds {
		return nil
	}
	return p.Funds[f]
}

// Inpatient returns the inpatient method of fund f: the one its pools name
// (drg or dip; a fund has one, section 13), else the policy's InpatientMethod.
func (p *Policy) Inpatient(f param.Fund) param.Method {
	if fp := p.Fund(f); fp != nil && fp.Pools.Kind != PoolsAll {
		if fp.Pools.Named[param.DIP] {
			return param.DIP
		}
		if fp.Pools.Named[param.DRG] {
			return param.DRG
		}
	}
	return p.InpatientMethod
}

// HasPool reports whether fund f has a pool for method m: a method its pools name,
// or, with no split given, the fund's inpatient method (BUD-4).
func (p *Policy) HasPool(f param.Fund, m param.Method) bool {
	fp := p.Fund(f)
	if fp == nil || int(m) >= param.NumMethods {
		return false
	}
	if fp.Pools.Kind == PoolsAll {
		return m == p.Inpatient(f)
	}
	return fp.Pools.Named[m]
}

// Uses reports whether method m is in use: the inpatient method, or named by any
// fund's pools (docs/variants.md: fields only m's rules read matter only then).
func (p *Policy) Uses(m param.Method) bool {
	for f := range param.Fund(param.NumFunds) {
		if p.HasPool(f, m) {
			return true
		}
	}
	return false
}

// Formula returns the point-value formula of fund f's pool for method m (PV-1, PV-2,
// DRG-11, DIP-10): the formula given, else fixed-rate when a fixed rate is given, else
// by-reimbursement-ratio for DIP and with-patient-share for DRG. A separate bed-day
// pool uses the fund's formula (that of its inpatient method); capita pools have no
// formula and get FundOnly (their money is fund money, CAP-4).
func (p *Policy) Formula(f param.Fund, m param.Method) pointvalue.Formula {
	if m == param.Capita {
		return pointvalue.FundOnly
	}
	if m == param.BedDay {
		m = p.Inpatient(f)
	}
	fp := p.Fund(f)
	if fp == nil {
		if m == param.DIP {
			return pointvalue.ByReimbursementRatio
		}
		return pointvalue.WithPatientShare
	}
	return fp.PointValue.FormulaFor(m)
}

// FormulaFor returns the formula for an inpatient pool of method m (DRG or DIP):
// the one given, else fixed-rate with a fixed rate, else DIP by-reimbursement-ratio
// and DRG with-patient-share.
func (pv *PointValueParams) FormulaFor(m param.Method) pointvalue.Formula {
	switch {
	case pv.FormulaGiven:
		return pv.Formula
	case pv.HasFixedRate:
		return pointvalue.FixedRate
	case m == param.DIP:
		return pointvalue.ByReimbursementRatio
	}
	return pointvalue.WithPatientShare
}

// HasBand reports whether a PV-5 band is set.
func (pv *PointValueParams) HasBand() bool { return pv.HasBandDown || pv.HasBandUp }

// HasBudget reports whether a budget point value is available: given as a value, as
// prior years, or (fixed-rate mode) defaulting to the fixed rate.
func (pv *PointValueParams) HasBudget() bool {
	return pv.HasBudgetPointValue || len(pv.BudgetYears) > 0 || pv.HasFixedRate
}

// AgeWeight returns the weight of an age band; 1 when not in the table.
func (c *Capita) AgeWeight(band string) pointvalue.Factor {
	if f, ok := c.AgeWeights[band]; ok {
		return f
	}
	return pointvalue.One
}
