package budget

import (
	"slices"
	"strconv"

	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Fund is one of the two basic medical insurance funds, accounted separately (PV-6).
type Fund uint8

const (
	Employee Fund = iota // 职工医保, "employee"
	Resident             // 居民医保, "resident"
)

// NumFunds is the number of funds; Fund values index arrays of this length.
const NumFunds = 2

// String returns the English word: "employee" or "resident".
func (f Fund) String() string {
	switch f {
	case Employee:
		return "employee"
	case Resident:
		return "resident"
	}
	return "fund(" + strconv.Itoa(int(f)) + ")"
}

// ParseFund reads "employee"/"职工" or "resident"/"居民" (English case ignored); anything else is ErrEnum.
func ParseFund(s string) (Fund, error) {
	if v, ok := fundEnum.Lookup(s); ok {
		return Fund(v), nil
	}
	return 0, pointvalue.ErrEnum
}

// Method is a payment method, each with its own pool per fund (PV-6, BUD-4).
type Method uint8

const (
	DRG    Method = iota // DRG point method or fixed rate (DRG 点数法/费率法)
	DIP                  // 按病种分值付费
	BedDay               // 按床日付费, only as a pool of its own (bedday.pool = separate)
	Capita               // 按人头付费, per-capita outpatient pool
)

// NumMethods is the number of methods; Method values index arrays of this length.
const NumMethods = 4

var methodNames = [NumMethods]string{"drg", "dip", "bedday", "capita"}

// String returns the policy and CSV spelling: "drg", "dip", "bedday", "capita".
// Ties broken "by method name in byte order" use these strings: bedday < capita < dip < drg.
func (m Method) String() string {
	if int(m) < NumMethods {
		return methodNames[m]
	}
	return "method(" + strconv.Itoa(int(m)) + ")"
}

// ParseMethod reads "drg", "dip", "bedday" or "capita"; anything else is ErrEnum.
func ParseMethod(s string) (Method, error) {
	if v, ok := methodEnum.Lookup(s); ok {
		return Method(v), nil
	}
	return 0, pointvalue.ErrEnum
}

// Level is a hospital's grade (医院等级).
type Level uint8

const (
	Tertiary  Level = iota // 三级
	Secondary              // 二级
	Primary                // 一级及以下
)

// NumLevels is the number of levels; Level values index arrays of this length.
const NumLevels = 3

var levelNames = [NumLevels]string{"tertiary", "secondary", "primary"}

// String returns "tertiary", "secondary" or "primary".
func (l Level) String() string {
	if int(l) < NumLevels {
		return levelNames[l]
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// ParseLevel reads the English word or the Chinese term (三级/二级/一级及以下).
func ParseLevel(s string) (Level, error) {
	if v, ok := levelEnum.Lookup(s); ok {
		return Level(v), nil
	}
	return 0, pointvalue.ErrEnum
}

// Formula is how a floating pool's point value is computed and how point money
// becomes fund money (PV-1, PV-2): pointvalue.Formula, named here where the policy uses it.
type Formula = pointvalue.Formula

const (
	WithPatientShare     = pointvalue.WithPatientShare     // (pool + Σ patient share) ÷ Σ points; default for DRG
	ByReimbursementRatio = pointvalue.ByReimbursementRatio // pool ÷ ReimbursementRatio ÷ Σ points; default for DIP
	FundOnly             = pointvalue.FundOnly             // pool ÷ Σ points
	FixedRate            = pointvalue.FixedRate            // a given yuan rate per point (费率法, PV-2)
)

var formulaNames = [...]string{"with-patient-share", "by-reimbursement-ratio", "fund-only", "fixed-rate"}

// BudgetMethod is how a fund's annual budget is set (BUD-1).
type BudgetMethod uint8

const (
	BudgetGiven   BudgetMethod = iota // "given": an amount
	BudgetGrowth                      // "growth": prior expenditure × (1 + growth rate)
	BudgetRevenue                     // "revenue": expected revenue × (1 − surplus ratio)
	BudgetMin                         // "min": the smaller of growth and revenue
)

var budgetMethodNames = [...]string{"given", "growth", "revenue", "min"}

func (m BudgetMethod) String() string {
	if int(m) < len(budgetMethodNames) {
		return budgetMethodNames[m]
	}
	return "budget-method(" + strconv.Itoa(int(m)) + ")"
}

// PoolKind is how what remains after carve-outs and reserve is split among the
// method pools (BUD-4).
type PoolKind uint8

const (
	PoolsAll           PoolKind = iota // no split given: all to the fund's inpatient method
	PoolsRatios                        // ratios summing to exactly 1
	PoolsAmounts                       // amounts, their sum at most what is there
	PoolsPriorSpending                 // in proportion to last year's spending per method
)

var poolKindNames = [...]string{"none", "ratios", "amounts", "prior_spending"}

func (k PoolKind) String() string {
	if int(k) < len(poolKindNames) {
		return poolKindNames[k]
	}
	return "pool-kind(" + strconv.Itoa(int(k)) + ")"
}

// ReadmitRule says whether readmissions reduce the earlier stay (DRG-7, DIP-7).
type ReadmitRule = readmit.Rule

const (
	HalveEarlier = readmit.HalveEarlier // "halve-earlier": the earlier stay × ReadmitFactor
	ReadmitNone  = readmit.Off          // "none": disabled
)

var readmitNames = readmit.RuleNames

// SpecialScope is the population SpecialMaxShare counts (DRG-8, DIP-8).
type SpecialScope = special.Scope

const (
	ScopeHospital = special.Hospital // each hospital's cases
	ScopeRegion   = special.Region   // the region's cases
)

var scopeNames = special.ScopeNames

// HighRule is how DIP high-deviation cases are scored (DIP-4).
type HighRule uint8

const (
	HighFormula       HighRule = iota // "formula": (ratio − HighRatio + 1) × base
	HighSpecialReview                 // "special-review": normal score, flagged
)

var highRuleNames = [...]string{"formula", "special-review"}

func (h HighRule) String() string { return enumString(highRuleNames[:], int(h)) }

// BedDayPool says where bed-day stays are pooled (DIP-6, DRG-6).
type BedDayPool uint8

const (
	BedDayInpatient BedDayPool = iota // with the fund's inpatient (DRG or DIP) pool
	BedDaySeparate                    // a pool of their own (method bedday)
)

var bedDayPoolNames = [...]string{"inpatient", "separate"}

func (b BedDayPool) String() string { return enumString(bedDayPoolNames[:], int(b)) }

// CorridorRule is the surplus/overspend corridor in use (CLR-2).
type CorridorRule uint8

const (
	CorridorBands CorridorRule = iota // "bands": the three bands of CLR-2
	CorridorNone                      // "none": C = S
)

var corridorNames = [...]string{"bands", "none"}

func (c CorridorRule) String() string { return enumString(corridorNames[:], int(c)) }

// AssessmentRule is how the quality assessment acts (CLR-3).
type AssessmentRule uint8

const (
	AssessDeposit     AssessmentRule = iota // "deposit": a deposit returned in proportion to the score
	AssessCoefficient                       // "coefficient": E × q ÷ 100, no deposit
)

var assessmentNames = [...]string{"deposit", "coefficient"}

func (a AssessmentRule) String() string { return enumString(assessmentNames[:], int(a)) }

func enumString(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return "enum(" + strconv.Itoa(i) + ")"
}

// Policy is one region's settlement rules for one year (结算办法): every parameter of
// SETTLEMENT.md with its default, read from policy.json (ReadPolicy) or built in code
// from DefaultPolicy. It is data: the rules live in the packages that apply it. A
// Policy is not modified by the engine; share it freely once validated.
type Policy struct {
	Region  string // pooling region (统筹区) code, e.g. "330700"
	Year    int    // the settlement year; cases are those discharged in it (A28)
	Version string // the policy's version, stamped on every result

	InpatientMethod Method              // DRG (default) or DIP, for cases without a method and funds without pools
	PointScale      int                 // decimals of points, 0–8 (NUM-2, default 4)
	PointValueScale int                 // decimals of point values, 0–8 (NUM-4, default 6)
	Rounding        pointvalue.Rounding // HalfUp (default) or HalfEven (NUM-5)
	ExactShare      bool                // distribution "exact-share" (NUM-7); false: "point-value"

	Funds [NumFunds]*FundPolicy // nil: the fund is not settled (absent or {} in policy.json)

	DRG      DRGPolicy
	DIP      DIPPolicy
	BedDay   BedDayPolicy
	Capita   CapitaPolicy
	Corridor CorridorPolicy
	Advances AdvancePolicy
}

// ID returns the policy id "region/year/version" (section 13).
func (p *Policy) ID() string {
	return p.Region + "/" + strconv.Itoa(p.Year) + "/" + p.Version
}

// Fund returns the policy of fund f, or nil when f is not settled.
func (p *Policy) Fund(f Fund) *FundPolicy {
	if int(f) >= NumFunds {
		return nil
	}
	return p.Funds[f]
}

// Inpatient returns the inpatient method of fund f: the one its pools name
// (drg or dip; a fund has one, section 13), else the policy's InpatientMethod.
func (p *Policy) Inpatient(f Fund) Method {
	if fp := p.Fund(f); fp != nil && fp.Pools.Kind != PoolsAll {
		if fp.Pools.Named[DIP] {
			return DIP
		}
		if fp.Pools.Named[DRG] {
			return DRG
		}
	}
	return p.InpatientMethod
}

// HasPool reports whether fund f has a pool for method m: a method its pools name,
// or, with no split given, the fund's inpatient method (BUD-4).
func (p *Policy) HasPool(f Fund, m Method) bool {
	fp := p.Fund(f)
	if fp == nil || int(m) >= NumMethods {
		return false
	}
	if fp.Pools.Kind == PoolsAll {
		return m == p.Inpatient(f)
	}
	return fp.Pools.Named[m]
}

// Formula returns the point-value formula of fund f's pool for method m (PV-1, PV-2,
// DRG-11, DIP-10): the formula given, else fixed-rate when a fixed rate is given, else
// by-reimbursement-ratio for DIP and with-patient-share for DRG. A separate bed-day
// pool uses the fund's formula (that of its inpatient method); capita pools have no
// formula and get FundOnly (their money is fund money, CAP-4).
func (p *Policy) Formula(f Fund, m Method) Formula {
	fp := p.Fund(f)
	if m == Capita {
		return FundOnly
	}
	if m == BedDay {
		m = p.Inpatient(f)
	}
	if fp == nil {
		if m == DIP {
			return ByReimbursementRatio
		}
		return WithPatientShare
	}
	return fp.PointValue.FormulaFor(m)
}

// FundPolicy is one settled fund's budget and point-value parameters.
type FundPolicy struct {
	Budget        BudgetRule        // BUD-1
	Carveouts     []Carveout        // BUD-2, in the order given
	ReserveRatio  pointvalue.Factor // BUD-3, default 0.05, in [0, 1]
	Pools         PoolSplit         // BUD-4
	PointValue    PointValuePolicy  // PV-1..PV-5
	RegionAvgCost pointvalue.Money  // M (地区次均费用) of DRG-5, DIP-9, BED-1; 0 = not given
}

// BudgetRule is BUD-1's annual budget (年度总额预算). Only the fields its method needs
// are meaningful.
type BudgetRule struct {
	Method           BudgetMethod
	Amount           pointvalue.Money  // given
	PriorExpenditure pointvalue.Money  // growth, min: 上年决算
	GrowthRate       pointvalue.Factor // growth, min; may be negative, at least −1
	ExpectedRevenue  pointvalue.Money  // revenue, min
	SurplusRatio     pointvalue.Factor // revenue, min; default 0.03, in [0, 1]
}

// Carveout is one BUD-2 carve-out (单列): an amount, or a ratio of the annual budget.
type Carveout struct {
	Name    string
	Amount  pointvalue.Money  // when !IsRatio
	Ratio   pointvalue.Factor // when IsRatio, in [0, 1]
	IsRatio bool
}

// PoolSplit is BUD-4's split. Named says which methods it names; Ratios holds the
// ratios of a PoolsRatios split, Amounts the amounts of a PoolsAmounts split or the
// prior-year spending of a PoolsPriorSpending split. Arrays are indexed by Method.
type PoolSplit struct {
	Kind    PoolKind
	Named   [NumMethods]bool
	Ratios  [NumMethods]pointvalue.Factor
	Amounts [NumMethods]pointvalue.Money
}

// YearTotals is one prior year of PV-3: its total cost and total points, and
// optionally its patient share (for a fund-only pool's fund-paid cost).
type YearTotals struct {
	TotalCost       pointvalue.Money
	TotalPoints     pointvalue.Points
	PatientShare    pointvalue.Money
	HasPatientShare bool
}

// PointValuePolicy is a fund's point-value parameters (PV-1..PV-5).
type PointValuePolicy struct {
	Formula      Formula // meaningful when FormulaGiven
	FormulaGiven bool

	ReimbursementRatio    pointvalue.Factor // by-reimbursement-ratio, in (0, 1]
	HasReimbursementRatio bool

	FixedRate    pointvalue.PointValue // PV-2: yuan per point
	HasFixedRate bool

	// PV-3 budget point value (预算点值): a value, or prior years' totals and weights.
	BudgetPointValue    pointvalue.PointValue
	HasBudgetPointValue bool
	BudgetYears         []YearTotals        // oldest first; nil when a value (or nothing) is given
	Weights             []pointvalue.Factor // one per year; default 0.1, 0.2, 0.7 for three years

	// PV-5 band, each side optional.
	BandDown, BandUp       pointvalue.Factor
	HasBandDown, HasBandUp bool
}

// DefaultYearWeights are PV-3's default weights for three prior years, oldest first.
var DefaultYearWeights = []pointvalue.Factor{10_000_000, 20_000_000, 70_000_000}

// FormulaFor returns the formula for an inpatient pool of method m (DRG or DIP):
// the one given, else fixed-rate with a fixed rate, else DIP by-reimbursement-ratio
// and DRG with-patient-share.
func (pv *PointValuePolicy) FormulaFor(m Method) Formula {
	switch {
	case pv.FormulaGiven:
		return pv.Formula
	case pv.HasFixedRate:
		return FixedRate
	case m == DIP:
		return ByReimbursementRatio
	}
	return WithPatientShare
}

// HasBand reports whether a PV-5 band is set.
func (pv *PointValuePolicy) HasBand() bool { return pv.HasBandDown || pv.HasBandUp }

// HasBudget reports whether a budget point value is available: given as a value, as
// prior years, or (fixed-rate mode) defaulting to the fixed rate.
func (pv *PointValuePolicy) HasBudget() bool {
	return pv.HasBudgetPointValue || len(pv.BudgetYears) > 0 || pv.HasFixedRate
}

// Threshold is one DRG-5 high-multiplier threshold: cases of base points ≤ UpTo
// (inclusive, section 13) use T; the last one has no bound (Unbounded).
type Threshold struct {
	UpTo      pointvalue.Points
	Unbounded bool
	T         pointvalue.Factor
}

// DRGPolicy holds the DRG rules' parameters (DRG-5, DRG-7, DRG-8).
type DRGPolicy struct {
	HighThresholds  []Threshold       // default ≤100 → 3, ≤300 → 2, above → 1.5
	LowRatio        pointvalue.Factor // 0.4
	ReadmitRule     ReadmitRule
	ReadmitDays     int               // 15
	ReadmitFactor   pointvalue.Factor // 0.5
	SpecialMaxShare pointvalue.Factor // 0.05
	SpecialScope    SpecialScope      // hospital
}

// DIPPolicy holds the DIP rules' parameters (DIP-4..DIP-9).
type DIPPolicy struct {
	ScoreScale           int // 1000
	HighRule             HighRule
	HighRatio            pointvalue.Factor            // 2
	LowRatio             pointvalue.Factor            // 0.5
	Inclusive            bool                         // ≥/≤ instead of strict bounds
	ExtremeRatio         pointvalue.Factor            // 5
	LevelCoefficients    [NumLevels]pointvalue.Factor // 等级系数, all 1 by default
	PrimaryCoefficient   pointvalue.Factor            // 基层病种, 1
	TCMBonus             pointvalue.Factor            // 0
	TCMShareMin          pointvalue.Factor            // 0.5
	SeverityCoefficients map[string]pointvalue.Factor // missing band → 1 (A16)
	ReadmitRule          ReadmitRule
	ReadmitDays          int               // 15
	ReadmitFactor        pointvalue.Factor // 0.5
	SpecialMaxShare      pointvalue.Factor // 0.005 (千分之五)
	SpecialScope         SpecialScope      // region
	UngroupedFactor      pointvalue.Factor // 1
}

// Severity returns the auxiliary coefficient of a severity band; 1 when not in the table (A16).
func (d *DIPPolicy) Severity(band string) pointvalue.Factor {
	if f, ok := d.SeverityCoefficients[band]; ok {
		return f
	}
	return pointvalue.One
}

// BedDayRates are one category's daily rates (yuan per day) by level; Has says which are set.
type BedDayRates struct {
	Rate [NumLevels]pointvalue.Money
	Has  [NumLevels]bool
}

// Segment is one BED-2 segment: days up to UpTo (inclusive) paid × Factor; the last
// segment is Unbounded.
type Segment struct {
	UpTo      int
	Unbounded bool
	Factor    pointvalue.Factor
}

// BedDayPolicy holds the bed-day rules' parameters (BED-1, BED-2).
type BedDayPolicy struct {
	Rates               map[string]BedDayRates // category → rates; required by bed-day cases
	Segments            []Segment              // default one unbounded segment × 1
	MaxDays             int                    // days paid at most, when HasMaxDays
	HasMaxDays          bool
	Pool                BedDayPool
	BudgetPointValue    pointvalue.PointValue // separate pool's budget point value, both funds
	HasBudgetPointValue bool
}

// Rate returns the daily rate of a category at a level, and whether there is one (A17).
func (b *BedDayPolicy) Rate(category string, l Level) (pointvalue.Money, bool) {
	r, ok := b.Rates[category]
	if !ok || int(l) >= NumLevels || !r.Has[l] {
		return 0, false
	}
	return r.Rate[l], true
}

// CapitaPolicy holds the per-capita parameters (CAP-1, CAP-2).
type CapitaPolicy struct {
	Standard            pointvalue.Money // given yuan per head per year, when HasStandard
	HasStandard         bool
	RiskRatio           pointvalue.Factor            // 0.10
	SeriousIllnessRatio pointvalue.Factor            // 0.05
	AgeWeights          map[string]pointvalue.Factor // missing band → 1
}

// AgeWeight returns the weight of an age band; 1 when not in the table.
func (c *CapitaPolicy) AgeWeight(band string) pointvalue.Factor {
	if f, ok := c.AgeWeights[band]; ok {
		return f
	}
	return pointvalue.One
}

// CorridorPolicy holds CLR-2's parameters (结余留用/超支分担).
type CorridorPolicy struct {
	Rule        CorridorRule
	SurplusKeep pointvalue.Factor // 1
	OverBand    pointvalue.Factor // 0.10
	OverShare   pointvalue.Factor // 0.5
	LowUseRatio pointvalue.Factor // 0.5
}

// AdvancePolicy holds CLR-1 and CLR-3's parameters.
type AdvancePolicy struct {
	AdvanceRatio   pointvalue.Factor // 0.90
	DepositRatio   pointvalue.Factor // 0.05
	AssessmentRule AssessmentRule
}

// pct is the factor 0.01, for the defaults below.
const pct = pointvalue.One / 100

// DefaultHighThresholds returns DRG-5's default thresholds: ≤100 → 3, ≤300 → 2, above → 1.5.
func DefaultHighThresholds() []Threshold {
	return []Threshold{
		{UpTo: pointvalue.PointsFromInt(100), T: 3 * pointvalue.One},
		{UpTo: pointvalue.PointsFromInt(300), T: 2 * pointvalue.One},
		{Unbounded: true, T: 150 * pct},
	}
}

// DefaultFundPolicy returns a fund policy with every default set and a given budget of amount.
func DefaultFundPolicy(amount pointvalue.Money) *FundPolicy {
	return &FundPolicy{
		Budget:       BudgetRule{Method: BudgetGiven, Amount: amount, SurplusRatio: 3 * pct},
		ReserveRatio: 5 * pct,
	}
}

// DefaultPolicy returns a policy with every default of SETTLEMENT.md set and no fund
// settled: a back-end building a policy in code sets Funds (DefaultFundPolicy) and
// whatever differs, then calls Validate.
func DefaultPolicy(region string, year int, version string) *Policy {
	return &Policy{
		Region: region, Year: year, Version: version,
		InpatientMethod: DRG,
		PointScale:      4,
		PointValueScale: 6,
		Rounding:        pointvalue.HalfUp,
		DRG: DRGPolicy{
			HighThresholds:  DefaultHighThresholds(),
			LowRatio:        40 * pct,
			ReadmitRule:     HalveEarlier,
			ReadmitDays:     15,
			ReadmitFactor:   50 * pct,
			SpecialMaxShare: 5 * pct,
			SpecialScope:    ScopeHospital,
		},
		DIP: DIPPolicy{
			ScoreScale:         1000,
			HighRule:           HighFormula,
			HighRatio:          2 * pointvalue.One,
			LowRatio:           50 * pct,
			ExtremeRatio:       5 * pointvalue.One,
			LevelCoefficients:  [NumLevels]pointvalue.Factor{pointvalue.One, pointvalue.One, pointvalue.One},
			PrimaryCoefficient: pointvalue.One,
			TCMShareMin:        50 * pct,
			ReadmitRule:        HalveEarlier,
			ReadmitDays:        15,
			ReadmitFactor:      50 * pct,
			SpecialMaxShare:    pct / 2,
			SpecialScope:       ScopeRegion,
			UngroupedFactor:    pointvalue.One,
		},
		BedDay: BedDayPolicy{
			Segments: []Segment{{Unbounded: true, Factor: pointvalue.One}},
			Pool:     BedDayInpatient,
		},
		Capita: CapitaPolicy{
			RiskRatio:           10 * pct,
			SeriousIllnessRatio: 5 * pct,
		},
		Corridor: CorridorPolicy{
			Rule:        CorridorBands,
			SurplusKeep: pointvalue.One,
			OverBand:    10 * pct,
			OverShare:   50 * pct,
			LowUseRatio: 50 * pct,
		},
		Advances: AdvancePolicy{
			AdvanceRatio:   90 * pct,
			DepositRatio:   5 * pct,
			AssessmentRule: AssessDeposit,
		},
	}
}

// policyError is the cause of a policy problem: it matches both ErrPolicy and the
// specific sentinel (ErrRange, ErrRequired, ErrPrecision…) under errors.Is.
type policyError struct {
	cause  error
	detail string
}

func (e *policyError) Error() string {
	if e.detail == "" {
		return e.cause.Error()
	}
	return e.cause.Error() + ": " + e.detail
}

func (e *policyError) Unwrap() []error { return []error{pointvalue.ErrPolicy, e.cause} }

// policyErr returns an error matching ErrPolicy and cause, with detail appended.
func policyErr(cause error, detail string) error {
	return &policyError{cause: cause, detail: detail}
}

// checker collects validation errors with their JSON paths.
type checker struct {
	src  string
	errs *pointvalue.ErrorList
}

func (c *checker) add(path, value string, cause error, detail string) {
	c.errs.Add(&pointvalue.RecordError{Source: c.src, Field: path, Value: value, Err: policyErr(cause, detail)})
}

// ratio checks 0 ≤ f ≤ 1.
func (c *checker) ratio(path string, f pointvalue.Factor) {
	if f < 0 || f > pointvalue.One {
		c.add(path, f.String(), pointvalue.ErrRange, "must be in [0, 1]")
	}
}

// positive checks f > 0.
func (c *checker) positive(path string, f pointvalue.Factor) {
	if f <= 0 {
		c.add(path, f.String(), pointvalue.ErrRange, "must be greater than 0")
	}
}

// nonNegative checks f ≥ 0.
func (c *checker) nonNegative(path string, f pointvalue.Factor) {
	if f < 0 {
		c.add(path, f.String(), pointvalue.ErrNegative, "")
	}
}

func (c *checker) money(path string, m pointvalue.Money) {
	if m < 0 {
		c.add(path, m.String(), pointvalue.ErrNegative, "")
	}
}

func (c *checker) enum(path string, v, n int) {
	if v < 0 || v >= n {
		c.add(path, strconv.Itoa(v), pointvalue.ErrEnum, "")
	}
}

// Validate checks the policy as SETTLEMENT.md asks (ERR-3, section 13): ratios in
// range, scales 0–8, pools adding up, one inpatient method per fund, thresholds and
// segments increasing, exact-share only with pools that allow it, a band only with a
// budget point value, the fields a configured rule needs. It returns nil or a
// *pointvalue.ErrorList of every problem, each a *pointvalue.RecordError with Source
// "policy", Line 0 and the JSON path as Field, its cause matching ErrPolicy.
// ReadPolicy calls it; call it on a Policy built in code. Amounts of an "amounts"
// pool split need the budget: the engine checks them with CheckPoolAmounts.
func (p *Policy) Validate() error {
	var l pointvalue.ErrorList
	p.validate(&checker{src: "policy", errs: &l})
	return l.Err()
}

func (p *Policy) validate(c *checker) {
	if p.Region == "" {
		c.add("region", "", pointvalue.ErrRequired, "")
	}
	if p.Year < 1 || p.Year > 9999 {
		c.add("year", strconv.Itoa(p.Year), pointvalue.ErrRange, "must be a year 1–9999")
	}
	if p.Version == "" {
		c.add("version", "", pointvalue.ErrRequired, "")
	}
	if p.InpatientMethod != DRG && p.InpatientMethod != DIP {
		c.add("inpatient_method", p.InpatientMethod.String(), pointvalue.ErrEnum, "must be drg or dip")
	}
	if p.PointScale < 0 || p.PointScale > pointvalue.MaxScale {
		c.add("point_scale", strconv.Itoa(p.PointScale), pointvalue.ErrRange, "must be 0–8")
	}
	if p.PointValueScale < 0 || p.PointValueScale > pointvalue.MaxScale {
		c.add("point_value_scale", strconv.Itoa(p.PointValueScale), pointvalue.ErrRange, "must be 0–8")
	}
	if p.Rounding != pointvalue.HalfUp && p.Rounding != pointvalue.HalfEven {
		c.add("rounding", p.Rounding.String(), pointvalue.ErrEnum, "must be half-up or half-even")
	}
	settled := false
	for f := range Fund(NumFunds) {
		if fp := p.Funds[f]; fp != nil {
			settled = true
			p.validateFund(c, f, fp)
		}
	}
	if !settled {
		c.add("funds", "", pointvalue.ErrRequired, "no fund is settled")
	}
	p.validateDRG(c)
	p.validateDIP(c)
	p.validateBedDay(c)
	p.validateCapita(c)
	p.validateCorridor(c)
}

func (p *Policy) validateFund(c *checker, f Fund, fp *FundPolicy) {
	base := "funds." + f.String() + "."
	// BUD-1
	b := &fp.Budget
	bp := base + "budget."
	switch b.Method {
	case BudgetGiven:
		c.money(bp+"amount", b.Amount)
	case BudgetGrowth, BudgetRevenue, BudgetMin:
		if b.Method != BudgetRevenue {
			c.money(bp+"prior_expenditure", b.PriorExpenditure)
			if b.GrowthRate < -pointvalue.One {
				c.add(bp+"growth_rate", b.GrowthRate.String(), pointvalue.ErrRange, "must be at least -1")
			}
		}
		if b.Method != BudgetGrowth {
			c.money(bp+"expected_revenue", b.ExpectedRevenue)
			c.ratio(bp+"surplus_ratio", b.SurplusRatio)
		}
	default:
		c.enum(bp+"method", int(b.Method), len(budgetMethodNames))
	}
	// BUD-2
	var ratioSum pointvalue.Factor
	for i, co := range fp.Carveouts {
		cp := base + "carveouts[" + strconv.Itoa(i) + "]."
		if co.IsRatio {
			c.ratio(cp+"ratio", co.Ratio)
			if co.Ratio > 0 && co.Ratio <= pointvalue.One {
				ratioSum += co.Ratio
			}
		} else {
			c.money(cp+"amount", co.Amount)
		}
	}
	if ratioSum > pointvalue.One {
		c.add(base+"carveouts", ratioSum.String(), pointvalue.ErrRange, "carve-out ratios sum to more than 1")
	}
	// BUD-3
	c.ratio(base+"reserve_ratio", fp.ReserveRatio)
	// BUD-4
	p.validatePools(c, base+"pools", &fp.Pools)
	// PV-1..PV-5
	p.validatePointValue(c, f, base+"point_value.", &fp.PointValue)
	c.money(base+"region_avg_cost", fp.RegionAvgCost)
}

func (p *Policy) validatePools(c *checker, path string, ps *PoolSplit) {
	if ps.Kind == PoolsAll {
		return
	}
	if int(ps.Kind) >= len(poolKindNames) {
		c.enum(path, int(ps.Kind), len(poolKindNames))
		return
	}
	kp := path + "." + ps.Kind.String()
	named := 0
	var ratioSum pointvalue.Factor
	var amountSum pointvalue.Money
	for m := range Method(NumMethods) {
		if !ps.Named[m] {
			continue
		}
		named++
		mp := kp + "." + m.String()
		if m == BedDay && p.BedDay.Pool != BedDaySeparate {
			c.add(mp, "", pointvalue.ErrPolicy, `a bedday pool needs "bedday": {"pool": "separate"}`)
		}
		if ps.Kind == PoolsRatios {
			c.ratio(mp, ps.Ratios[m])
			ratioSum += ps.Ratios[m] // four values of at most 1e8 each: no overflow
		} else {
			c.money(mp, ps.Amounts[m])
			if ps.Amounts[m] > 0 && amountSum <= (1<<62)-ps.Amounts[m] {
				amountSum += ps.Amounts[m]
			}
		}
	}
	if ps.Named[DRG] && ps.Named[DIP] {
		c.add(kp, "drg|dip", pointvalue.ErrPolicy, "a fund has one inpatient method: pools name both drg and dip")
	}
	switch {
	case named == 0:
		c.add(kp, "", pointvalue.ErrRequired, "names no method")
	case ps.Kind == PoolsRatios && ratioSum != pointvalue.One:
		c.add(kp, ratioSum.String(), pointvalue.ErrPolicy, "pool ratios must sum to exactly 1") // BUD-4
	case ps.Kind == PoolsPriorSpending && amountSum == 0:
		c.add(kp, "0.00", pointvalue.ErrPolicy, "prior spending sums to zero: nothing to split by")
	}
}

func (p *Policy) validatePointValue(c *checker, f Fund, path string, pv *PointValuePolicy) {
	if pv.FormulaGiven {
		if int(pv.Formula) >= len(formulaNames) {
			c.enum(path+"formula", int(pv.Formula), len(formulaNames))
		}
		if pv.Formula == FixedRate && !pv.HasFixedRate {
			c.add(path+"fixed_rate", "", pointvalue.ErrRequired, "formula fixed-rate needs a fixed_rate")
		}
		if pv.Formula != FixedRate && pv.HasFixedRate {
			c.add(path+"fixed_rate", pv.FixedRate.Format(pointvalue.MaxScale), pointvalue.ErrPolicy,
				"a fixed_rate needs formula fixed-rate, not "+pv.Formula.String())
		}
	}
	if pv.HasFixedRate && pv.FixedRate <= 0 {
		c.add(path+"fixed_rate", pv.FixedRate.Format(pointvalue.MaxScale), pointvalue.ErrRange, "must be greater than 0")
	}
	if pv.HasReimbursementRatio && (pv.ReimbursementRatio <= 0 || pv.ReimbursementRatio > pointvalue.One) {
		c.add(path+"reimbursement_ratio", pv.ReimbursementRatio.String(), pointvalue.ErrRange, "must be in (0, 1]")
	}
	// Which inpatient formulas the fund uses: its inpatient pool, and a separate bed-day pool.
	in := p.Inpatient(f)
	uses := [len(formulaNames)]bool{}
	if p.HasPool(f, in) || p.HasPool(f, BedDay) {
		uses[p.Formula(f, in)] = true
	}
	if uses[ByReimbursementRatio] && !pv.HasReimbursementRatio {
		c.add(path+"reimbursement_ratio", "", pointvalue.ErrRequired, "a by-reimbursement-ratio pool needs it")
	}
	if p.ExactShare && (uses[ByReimbursementRatio] || uses[FixedRate]) { // A60
		c.add("distribution", "exact-share", pointvalue.ErrPolicy,
			"exact-share needs with-patient-share or fund-only pools; funds."+f.String()+" uses "+p.Formula(f, in).String())
	}
	// PV-3
	if pv.HasBudgetPointValue && pv.BudgetPointValue <= 0 {
		c.add(path+"budget_point_value", pv.BudgetPointValue.Format(pointvalue.MaxScale), pointvalue.ErrRange, "must be greater than 0")
	}
	if len(pv.BudgetYears) > 0 {
		bp := path + "budget_point_value."
		fundOnly := uses[FundOnly]
		for i, y := range pv.BudgetYears {
			yp := bp + "years[" + strconv.Itoa(i) + "]."
			c.money(yp+"total_cost", y.TotalCost)
			if y.TotalPoints < 0 {
				c.add(yp+"total_points", y.TotalPoints.String(), pointvalue.ErrNegative, "")
			}
			if y.HasPatientShare {
				c.money(yp+"patient_share", y.PatientShare)
				if y.PatientShare > y.TotalCost {
					c.add(yp+"patient_share", y.PatientShare.String(), pointvalue.ErrShareAboveCost, "")
				}
			} else if fundOnly {
				c.add(yp+"patient_share", "", pointvalue.ErrRequired, "a fund-only pool needs the fund-paid cost (PV-3)")
			}
		}
		switch {
		case len(pv.Weights) != len(pv.BudgetYears):
			c.add(bp+"weights", strconv.Itoa(len(pv.Weights)), pointvalue.ErrPolicy,
				"needs one weight per year ("+strconv.Itoa(len(pv.BudgetYears))+")")
		default:
			var den pointvalue.Int128
			bad := false
			for i, w := range pv.Weights {
				if w < 0 {
					c.add(bp+"weights["+strconv.Itoa(i)+"]", w.String(), pointvalue.ErrNegative, "")
					bad = true
				}
				den = den.Add(pointvalue.Mul64(int64(w), int64(pv.BudgetYears[i].TotalPoints)))
			}
			if !bad && den.Sign() <= 0 {
				c.add(bp+"weights", "", pointvalue.ErrPolicy, "weighted points sum to zero: no budget point value")
			}
		}
	}
	// PV-5
	if pv.HasBandDown {
		c.ratio(path+"band_down", pv.BandDown)
	}
	if pv.HasBandUp {
		c.nonNegative(path+"band_up", pv.BandUp)
	}
	if pv.HasBand() && !pv.HasBudget() {
		bp := path + "band_down"
		v := pv.BandDown
		if !pv.HasBandDown {
			bp, v = path+"band_up", pv.BandUp
		}
		c.add(bp, v.String(), pointvalue.ErrPolicy, "a point-value band needs a budget_point_value or a fixed_rate")
	}
}

func (p *Policy) validateDRG(c *checker) {
	d := &p.DRG
	th := d.HighThresholds
	if len(th) == 0 {
		c.add("drg.high_thresholds", "", pointvalue.ErrRequired, "")
	}
	for i, t := range th {
		tp := "drg.high_thresholds[" + strconv.Itoa(i) + "]"
		last := i == len(th)-1
		switch {
		case t.Unbounded && !last:
			c.add(tp, "null", pointvalue.ErrPolicy, "only the last threshold may be unbounded")
		case !t.Unbounded && last:
			c.add(tp, t.UpTo.String(), pointvalue.ErrPolicy, "the last threshold must be null (unbounded)")
		case !t.Unbounded && t.UpTo < 0:
			c.add(tp, t.UpTo.String(), pointvalue.ErrNegative, "")
		case !t.Unbounded && i > 0 && !th[i-1].Unbounded && t.UpTo <= th[i-1].UpTo:
			c.add(tp, t.UpTo.String(), pointvalue.ErrPolicy, "bounds must increase")
		}
		c.positive(tp+".T", t.T)
	}
	c.ratio("drg.low_ratio", d.LowRatio)
	c.enum("drg.readmit_rule", int(d.ReadmitRule), len(readmitNames))
	if d.ReadmitDays < 0 {
		c.add("drg.readmit_days", strconv.Itoa(d.ReadmitDays), pointvalue.ErrNegative, "")
	}
	c.ratio("drg.readmit_factor", d.ReadmitFactor)
	c.ratio("drg.special_max_share", d.SpecialMaxShare)
	c.enum("drg.special_scope", int(d.SpecialScope), len(scopeNames))
}

func (p *Policy) validateDIP(c *checker) {
	d := &p.DIP
	if d.ScoreScale <= 0 {
		c.add("dip.score_scale", strconv.Itoa(d.ScoreScale), pointvalue.ErrRange, "must be greater than 0")
	}
	c.enum("dip.high_rule", int(d.HighRule), len(highRuleNames))
	c.positive("dip.high_ratio", d.HighRatio)
	c.nonNegative("dip.low_ratio", d.LowRatio)
	if d.LowRatio >= 0 && d.HighRatio > 0 && d.LowRatio >= d.HighRatio {
		c.add("dip.low_ratio", d.LowRatio.String(), pointvalue.ErrRange, "must be below high_ratio")
	}
	c.positive("dip.extreme_ratio", d.ExtremeRatio)
	for l := range Level(NumLevels) {
		c.positive("dip.level_coefficients."+l.String(), d.LevelCoefficients[l])
	}
	c.positive("dip.primary_coefficient", d.PrimaryCoefficient)
	c.nonNegative("dip.tcm_bonus", d.TCMBonus)
	c.ratio("dip.tcm_share_min", d.TCMShareMin)
	for _, k := range sortedKeys(d.SeverityCoefficients) {
		c.positive("dip.severity_coefficients."+k, d.SeverityCoefficients[k])
	}
	c.enum("dip.readmit_rule", int(d.ReadmitRule), len(readmitNames))
	if d.ReadmitDays < 0 {
		c.add("dip.readmit_days", strconv.Itoa(d.ReadmitDays), pointvalue.ErrNegative, "")
	}
	c.ratio("dip.readmit_factor", d.ReadmitFactor)
	c.ratio("dip.special_max_share", d.SpecialMaxShare)
	c.enum("dip.special_scope", int(d.SpecialScope), len(scopeNames))
	c.nonNegative("dip.ungrouped_factor", d.UngroupedFactor)
}

func (p *Policy) validateBedDay(c *checker) {
	b := &p.BedDay
	for _, cat := range sortedKeys(b.Rates) {
		r := b.Rates[cat]
		if cat == "" {
			c.add("bedday.rates", "", pointvalue.ErrRequired, "a category needs a name")
		}
		for l := range Level(NumLevels) {
			if r.Has[l] && r.Rate[l] <= 0 {
				c.add("bedday.rates."+cat+"."+l.String(), r.Rate[l].String(), pointvalue.ErrRange, "must be greater than 0")
			}
		}
	}
	sg := b.Segments
	if len(sg) == 0 {
		c.add("bedday.segments", "", pointvalue.ErrRequired, "")
	}
	for i, s := range sg {
		sp := "bedday.segments[" + strconv.Itoa(i) + "]"
		last := i == len(sg)-1
		switch {
		case s.Unbounded && !last:
			c.add(sp, "null", pointvalue.ErrPolicy, "only the last segment may be unbounded")
		case !s.Unbounded && last:
			c.add(sp, strconv.Itoa(s.UpTo), pointvalue.ErrPolicy, "the last segment must be null (unbounded)")
		case !s.Unbounded && s.UpTo < 1:
			c.add(sp, strconv.Itoa(s.UpTo), pointvalue.ErrRange, "must be at least 1 day")
		case !s.Unbounded && i > 0 && !sg[i-1].Unbounded && s.UpTo <= sg[i-1].UpTo:
			c.add(sp, strconv.Itoa(s.UpTo), pointvalue.ErrPolicy, "bounds must increase")
		}
		c.nonNegative(sp+".factor", s.Factor)
	}
	if b.HasMaxDays && b.MaxDays < 1 {
		c.add("bedday.max_days", strconv.Itoa(b.MaxDays), pointvalue.ErrRange, "must be at least 1")
	}
	c.enum("bedday.pool", int(b.Pool), len(bedDayPoolNames))
	if b.HasBudgetPointValue && b.BudgetPointValue <= 0 {
		c.add("bedday.budget_point_value", b.BudgetPointValue.Format(pointvalue.MaxScale), pointvalue.ErrRange, "must be greater than 0")
	}
}

func (p *Policy) validateCapita(c *checker) {
	k := &p.Capita
	if k.HasStandard {
		c.money("capita.standard", k.Standard)
	}
	c.ratio("capita.risk_ratio", k.RiskRatio)
	c.ratio("capita.serious_illness_ratio", k.SeriousIllnessRatio)
	if k.RiskRatio >= 0 && k.SeriousIllnessRatio >= 0 && k.RiskRatio <= pointvalue.One &&
		k.SeriousIllnessRatio <= pointvalue.One && k.RiskRatio+k.SeriousIllnessRatio > pointvalue.One {
		c.add("capita.serious_illness_ratio", k.SeriousIllnessRatio.String(), pointvalue.ErrRange,
			"risk_ratio + serious_illness_ratio must not exceed 1")
	}
	for _, band := range sortedKeys(k.AgeWeights) {
		c.nonNegative("capita.age_weights."+band, k.AgeWeights[band])
	}
}

func (p *Policy) validateCorridor(c *checker) {
	k := &p.Corridor
	c.enum("corridor.rule", int(k.Rule), len(corridorNames))
	c.ratio("corridor.surplus_keep", k.SurplusKeep)
	c.ratio("corridor.over_band", k.OverBand)
	c.ratio("corridor.over_share", k.OverShare)
	c.ratio("corridor.low_use_ratio", k.LowUseRatio)
	a := &p.Advances
	c.ratio("advances.advance_ratio", a.AdvanceRatio)
	c.ratio("advances.deposit_ratio", a.DepositRatio)
	c.enum("advances.assessment_rule", int(a.AssessmentRule), len(assessmentNames))
}

// CheckPoolAmounts is BUD-4's "amounts must not exceed what is there": with an
// "amounts" split, the amounts must sum to at most available (the budget less
// carve-outs and reserve, which the engine computes). It returns nil for other
// splits, else an error matching ErrPolicy whose text gives both sums.
func (f *FundPolicy) CheckPoolAmounts(available pointvalue.Money) error {
	if f == nil || f.Pools.Kind != PoolsAmounts {
		return nil
	}
	sum := pointvalue.I128(0)
	for m := range Method(NumMethods) {
		if f.Pools.Named[m] {
			sum = sum.Add(pointvalue.I128(int64(f.Pools.Amounts[m])))
		}
	}
	if sum.Cmp(pointvalue.I128(int64(available))) > 0 {
		s, _ := sum.Int64()
		return policyErr(pointvalue.ErrRange, "pool amounts sum to "+pointvalue.Money(s).String()+
			", more than the "+available.String()+" left after carve-outs and reserve")
	}
	return nil
}

// CheckPoolAmounts is FundPolicy.CheckPoolAmounts for fund f, located as a policy
// error: a *pointvalue.RecordError{Source: source, Field: "funds.<fund>.pools.amounts"}.
func (p *Policy) CheckPoolAmounts(source string, f Fund, available pointvalue.Money) error {
	fp := p.Fund(f)
	err := fp.CheckPoolAmounts(available)
	if err == nil {
		return nil
	}
	var sum pointvalue.Money
	for m := range Method(NumMethods) {
		if fp.Pools.Named[m] {
			sum += fp.Pools.Amounts[m]
		}
	}
	return &pointvalue.RecordError{Source: source, Field: "funds." + f.String() + ".pools.amounts", Value: sum.String(), Err: err}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
