package drg

import (
	"fmt"
	"strconv"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Threshold is one high-multiplier (高倍率) band of DRG-5: cases whose base points
// are at most UpTo (inclusive, section 13) are high when their ratio is strictly
// above T. The last band is Unbounded.
type Threshold struct {
	UpTo      pointvalue.Points
	Unbounded bool
	T         pointvalue.Factor
}

// Params is the policy's "drg" section: the parameters of DRG-5, DRG-7 and
// DRG-8. DefaultParams gives the defaults of docs/rules.md; Fields is its field table.
type Params struct {
	HighThresholds  []Threshold        // DRG-5: ≤100 → 3, ≤300 → 2, above → 1.5
	LowRatio        pointvalue.Factor  // DRG-5 低倍率: ratio < LowRatio (0.4)
	ReadmitRule     param.ReadmitRule  // DRG-7 (halve-earlier)
	ReadmitDays     int                // DRG-7 window in days (15)
	ReadmitFactor   pointvalue.Factor  // DRG-7 factor on the earlier stay (0.5)
	SpecialMaxShare pointvalue.Factor  // DRG-8 cap (0.05)
	SpecialScope    param.SpecialScope // DRG-8 scope (hospital)
	// IncompleteWithoutCoefficient scores an incomplete stay min(base, base ×
	// ratio), without the hospital coefficient (VAR-7; policy.json
	// incomplete_coefficient false). The zero value is DRG-5's rule.
	IncompleteWithoutCoefficient bool
	// Exclude is VAR-12's stay-length exclusion (off by default).
	Exclude param.Exclusion
}

// Fields is the field table of the "drg" section (package param).
func Fields() []param.Field[Params] {
	return []param.Field[Params]{
		param.Custom("high_thresholds", decodeThresholds).Rule("DRG-5").
			Default(`[["100", "3"], ["300", "2"], [null, "1.5"]]`).Shape(`[["<upto base points>" | null, "<T>"], …]`).
			Check(checkThresholds).
			Doc("高倍率: a case whose base points are at most upto (inclusive, increasing, the last null) is high when cost ÷ reference > T (> 0)"),
		param.Factor("low_ratio", func(p *Params) *pointvalue.Factor { return &p.LowRatio }).Rule("DRG-5").
			Default(`"0.4"`).Range("[0, 1]").Doc("低倍率: a case is low when cost ÷ reference < low_ratio"),
		param.Enum("readmit_rule", func(p *Params) *param.ReadmitRule { return &p.ReadmitRule }, param.ReadmitRuleWords()...).
			Rule("DRG-7").Default(`"halve-earlier"`).Doc("二次入院: halve-earlier multiplies the earlier stay's points by readmit_factor; none turns the rule off"),
		param.Int("readmit_days", func(p *Params) *int { return &p.ReadmitDays }).Rule("DRG-7").
			Default("15").Range("[0, )").Doc("a later admission at most this many days after the earlier discharge is a readmission"),
		param.Factor("readmit_factor", func(p *Params) *pointvalue.Factor { return &p.ReadmitFactor }).Rule("DRG-7").
			Default(`"0.5"`).Range("[0, 1]").Doc("the factor on the earlier stay's exact points (A48)"),
		param.Factor("special_max_share", func(p *Params) *pointvalue.Factor { return &p.SpecialMaxShare }).Rule("DRG-8").
			Default(`"0.05"`).Range("[0, 1]").Doc("特例单议: at most floor(share × N) approvals in the scope are kept (A24)"),
		param.Enum("special_scope", func(p *Params) *param.SpecialScope { return &p.SpecialScope }, param.SpecialScopeWords()...).
			Rule("DRG-8").Default(`"hospital"`).Doc("what N counts: each hospital's DRG cases, or the region's"),
		param.ExclusionField("exclude", func(p *Params) *param.Exclusion { return &p.Exclude }),
		param.Custom("incomplete_coefficient", decodeIncompleteCoefficient).Rule("VAR-7").Default("true").Shape("<true|false>").
			Example("false").Doc("true: an incomplete stay scores min(base, base × k × ratio); false: min(base, base × ratio), without the coefficient (未完整治疗不乘差异系数)"),
	}
}

var fields = Fields()

// DefaultParams returns the defaults of docs/rules.md section 5.
func DefaultParams() Params {
	var p Params
	param.Defaults(fields, &p, param.NewProblems("default"))
	return p
}

// Validate checks the parameters against their field table: thresholds with
// bounds > 0 increasing to an unbounded last band and T > 0, ratios and factors in
// [0, 1], days ≥ 0, known words. It returns nil or a *pointvalue.ErrorList whose
// errors name the field's path within the section ("high_thresholds[1]") and
// match pointvalue.ErrPolicy.
func (p *Params) Validate() error { return param.Validate(fields, p, "drg") }

func decodeThresholds(p *Params, v *param.Value, pr *param.Problems) {
	p.HighThresholds = p.HighThresholds[:0:0]
	param.DecodeLadder(v, pr, "[upto, T]",
		func(pr *param.Problems, v *param.Value) (pointvalue.Points, bool) {
			return param.ReadDecimal(pr, v, param.ParsePoints8)
		},
		func(pr *param.Problems, v *param.Value) (pointvalue.Factor, bool) {
			return param.ReadDecimal(pr, v, pointvalue.ParseFactor)
		},
		func(upTo pointvalue.Points, unbounded bool, t pointvalue.Factor) {
			p.HighThresholds = append(p.HighThresholds, Threshold{UpTo: upTo, Unbounded: unbounded, T: t})
		})
}

func checkThresholds(p *Params, pr *param.Problems) {
	th := p.HighThresholds
	param.CheckLadder(len(th), func(i int) (pointvalue.Points, bool) { return th[i].UpTo, th[i].Unbounded }, pr,
		"threshold", 1, "must be greater than 0", pointvalue.Points.String)
	for i, t := range th {
		if t.T <= 0 {
			pr.Add(param.Index("", i)+"[1]", t.T.String(), pointvalue.ErrRange, "must be greater than 0")
		}
	}
}

// Env is what DRG scoring depends on besides Params: the policy's PointScale
// (0..8) and Rounding, and the fund's region average cost M (region_avg_cost; 0
// when the policy gives none, and then a case that needs it is an error).
type Env struct {
	PointScale    int
	Rounding      pointvalue.Rounding
	RegionAvgCost pointvalue.Money
}

func (e *Env) validate() error {
	switch {
	case e.PointScale < 0 || e.PointScale > pointvalue.MaxScale:
		return fmt.Errorf("drg: %w: point scale %s not in 0..8", pointvalue.ErrPolicy, strconv.Itoa(e.PointScale))
	case e.Rounding > pointvalue.Down:
		return fmt.Errorf("drg: %w: unknown rounding %d", pointvalue.ErrPolicy, e.Rounding)
	case e.RegionAvgCost < 0:
		return fmt.Errorf("drg: %w: region_avg_cost %s is negative", pointvalue.ErrPolicy, e.RegionAvgCost)
	}
	return nil
}

func decodeIncompleteCoefficient(p *Params, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONBool {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected true or false")
		return
	}
	p.IncompleteWithoutCoefficient = !v.Bool
}
