package dip

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/param"
	pv "github.com/dipdrg/dipdrg/pointvalue"
	"golang.org/x/text/unicode/norm"
)

// HighRule says how DIP-4 treats a high-cost case.
type HighRule uint8

const (
	// HighFormula scores it (ratio − HighRatio + 1) × base (the 2020 national rule, default).
	HighFormula HighRule = iota
	// HighSpecialReview scores it as normal and flags it special-review-candidate
	// (the DIP 3.0 draft, A15).
	HighSpecialReview
)

var highRuleWords = []string{"formula", "special-review"}

// Coefficient says how the case's coefficient k enters a deviation case's score
// (VAR-1).
type Coefficient uint8

const (
	// Multiply multiplies the deviation score by k (DIP-5, the default).
	Multiply Coefficient = iota
	// Add adds k to the high multiplier: (r − H + k) × base (high cases only).
	Add
	// NoCoefficient leaves k out (low cases only).
	NoCoefficient
)

var coefficientWords = []string{"multiply", "add", "none"}

// String returns the policy.json word.
func (c Coefficient) String() string {
	if int(c) < len(coefficientWords) {
		return coefficientWords[c]
	}
	return "coefficient(?)"
}

// ExtremeRule says how a case above ExtremeRatio is scored (VAR-1).
type ExtremeRule uint8

const (
	ExtremeHigh   ExtremeRule = iota // scored by its class's formula (the default)
	ExtremeNormal                    // scored as normal: base × k·a·t·f, flag expert-review kept
)

var extremeRuleWords = []string{"high", "normal"}

// String returns the policy.json word.
func (e ExtremeRule) String() string {
	if int(e) < len(extremeRuleWords) {
		return extremeRuleWords[e]
	}
	return "extreme-rule(?)"
}

// LowRule says how a low case is scored (VAR-2).
type LowRule uint8

const (
	LowRatio           LowRule = iota // r × base × k·a·t·f (DIP-4, the default)
	LowPaymentStandard                // cost ÷ the budget point value (费用超低病例分值校正)
)

var lowRuleWords = []string{"ratio", "payment-standard"}

// String returns the policy.json word.
func (l LowRule) String() string {
	if int(l) < len(lowRuleWords) {
		return lowRuleWords[l]
	}
	return "low-rule(?)"
}

// String returns the policy.json word: "formula" or "special-review".
func (h HighRule) String() string {
	if int(h) < len(highRuleWords) {
		return highRuleWords[h]
	}
	return "high-rule(?)"
}

// Params is the policy's "dip" section: the parameters of DIP-4, DIP-5, DIP-7,
// DIP-8 and DIP-9. DefaultParams gives the defaults of docs/rules.md; Fields is its
// field table.
type Params struct {
	ScoreScale           int                        // DIP-9, BED-1: scores per M (1000)
	HighRule             HighRule                   // DIP-4 (formula)
	HighRatio            pv.Factor                  // DIP-4 high: ratio > HighRatio (2)
	LowRatio             pv.Factor                  // DIP-4 low: ratio < LowRatio (0.5)
	Inclusive            bool                       // DIP-4: ≥ / ≤ instead of > / < (ExtremeRatio stays strict, A64)
	LowInclusive         bool                       // VAR-1: low is r ≤ LowRatio (default Inclusive)
	HighInclusive        bool                       // VAR-1: high is r ≥ HighRatio (default Inclusive)
	HighCoefficient      Coefficient                // VAR-1: multiply (default) or add
	LowCoefficient       Coefficient                // VAR-1: multiply (default) or none
	ExtremeRule          ExtremeRule                // VAR-1: high (default) or normal
	LowRule              LowRule                    // VAR-2: ratio (default) or payment-standard
	ExtremeRatio         pv.Factor                  // DIP-4: ratio > ExtremeRatio flags expert-review (5)
	LevelCoefficients    [param.NumLevels]pv.Factor // DIP-5 等级系数 by hospital level (1, 1, 1)
	PrimaryCoefficient   pv.Factor                  // DIP-5: coefficient of primary groups (基层病种) at every level (1)
	TCMBonus             pv.Factor                  // DIP-5: 中医 bonus (0)
	TCMShareMin          pv.Factor                  // DIP-5: bonus when tcm_share ≥ TCMShareMin (0.5)
	SeverityCoefficients map[string]pv.Factor       // DIP-5 auxiliary coefficients (辅助目录) by severity key; missing → 1 (A16)
	ReadmitRule          param.ReadmitRule          // DIP-7 (halve-earlier)
	ReadmitDays          int                        // DIP-7 window in days (15)
	ReadmitFactor        pv.Factor                  // DIP-7 factor on the earlier stay (0.5)
	SpecialMaxShare      pv.Factor                  // DIP-8 cap (0.005, 千分之五)
	SpecialScope         param.SpecialScope         // DIP-8 scope (region)
	UngroupedFactor      pv.Factor                  // DIP-9 (1)
	Exclude              param.Exclusion            // VAR-12 (off by default)

	inclusiveSet bool // inclusive was written (policy.json): VAR-1's conflict check
}

// LowBoundInclusive reports whether low is r ≤ LowRatio (VAR-1): LowInclusive,
// or Inclusive, whose value low_inclusive takes when it is left out.
func (p *Params) LowBoundInclusive() bool { return p.LowInclusive || p.Inclusive }

// HighBoundInclusive reports whether high is r ≥ HighRatio (VAR-1).
func (p *Params) HighBoundInclusive() bool { return p.HighInclusive || p.Inclusive }

// maxScoreScale bounds ScoreScale so that ScoreScale points fit the formulas.
const maxScoreScale = 1_000_000_000

func factorRef(f func(*Params) *pv.Factor) func(*Params) *pv.Factor { return f }

// Fields is the field table of the "dip" section (package param).
func Fields() []param.Field[Params] {
	return []param.Field[Params]{
		param.Int("score_scale", func(p *Params) *int { return &p.ScoreScale }).Rule("DIP-9").Default("1000").Range("[1, 1000000000]").
			Doc("scores per region average cost M: an ungrouped case scores cost ÷ M × score_scale (DIP-9), a bed-day stay pooled with DIP rate ÷ M × score_scale a day (BED-1)"),
		param.Enum("high_rule", func(p *Params) *HighRule { return &p.HighRule }, highRuleWords...).Rule("DIP-4").
			Default(`"formula"`).Doc("formula: a high case scores (ratio − high_ratio + 1) × score; special-review: it scores as normal, flagged special-review-candidate (A15)"),
		param.Factor("high_ratio", factorRef(func(p *Params) *pv.Factor { return &p.HighRatio })).Rule("DIP-4").
			Default(`"2"`).Range("(0, )").Doc("费用偏差 high: cost ÷ reference cost > high_ratio"),
		param.Factor("low_ratio", factorRef(func(p *Params) *pv.Factor { return &p.LowRatio })).Rule("DIP-4").
			Default(`"0.5"`).Range("[0, )").Doc("费用偏差 low: cost ÷ reference cost < low_ratio (below high_ratio)"),
		param.Custom("inclusive", decodeInclusive).Rule("DIP-4").Default("false").Shape("<true|false>").
			Doc("true: the high and low bounds are ≥ and ≤ (the extreme bound stays strict, A64); the default of low_inclusive and high_inclusive"),
		param.Custom("low_inclusive", decodeLowInclusive).Rule("VAR-1").Default("null").Shape("<true|false>").
			Doc("true: low is cost ÷ reference ≤ low_ratio; false: <. Left out: inclusive's value; written, it must agree with a written inclusive"),
		param.Custom("high_inclusive", decodeHighInclusive).Rule("VAR-1").Default("null").Shape("<true|false>").
			Doc("true: high is cost ÷ reference ≥ high_ratio; false: >. Left out: inclusive's value; written, it must agree with a written inclusive"),
		param.Enum("high_coefficient", func(p *Params) *Coefficient { return &p.HighCoefficient }, coefficientWords[:2]...).Rule("VAR-1").
			Default(`"multiply"`).Doc("multiply: a high case scores (r − high_ratio + 1) × score × k; add: (r − high_ratio + k) × score (济宁)"),
		param.Custom("low_coefficient", decodeLowCoefficient).Rule("VAR-1").Default(`"multiply"`).Shape(`"multiply" | "none"`).
			Doc("multiply: a low case scores r × score × k; none: r × score, without the coefficient"),
		param.Enum("extreme_rule", func(p *Params) *ExtremeRule { return &p.ExtremeRule }, extremeRuleWords...).Rule("VAR-1").
			Default(`"high"`).Doc("high: a case above extreme_ratio is scored by its class (today); normal: scored as a normal case, flagged expert-review"),
		param.Enum("low_rule", func(p *Params) *LowRule { return &p.LowRule }, lowRuleWords...).Rule("VAR-2").
			Default(`"ratio"`).Doc("ratio: a low case scores r × score (DIP-4); payment-standard: cost ÷ the fund's budget point value (费用超低病例分值校正)"),
		param.Factor("extreme_ratio", factorRef(func(p *Params) *pv.Factor { return &p.ExtremeRatio })).Rule("DIP-4").
			Default(`"5"`).Range("(0, )").Doc("cost ÷ reference cost > extreme_ratio flags expert-review"),
		param.Custom("level_coefficients", decodeLevels).Rule("DIP-5").
			Default(`{"tertiary": "1", "secondary": "1", "primary": "1"}`).Shape(`{"<level>": "<coefficient>"}`).
			Check(checkLevels).Doc("等级系数 by hospital level (> 0); a hospital's own coefficient replaces its level's"),
		param.Factor("primary_coefficient", factorRef(func(p *Params) *pv.Factor { return &p.PrimaryCoefficient })).Rule("DIP-5").
			Default(`"1"`).Range("(0, )").Doc("基层病种: the coefficient of primary groups at every level"),
		param.Factor("tcm_bonus", factorRef(func(p *Params) *pv.Factor { return &p.TCMBonus })).Rule("DIP-5").
			Default(`"0"`).Range("[0, )").Doc("中医 bonus: a case with tcm_share ≥ tcm_share_min scores × (1 + tcm_bonus)"),
		param.Factor("tcm_share_min", factorRef(func(p *Params) *pv.Factor { return &p.TCMShareMin })).Rule("DIP-5").
			Default(`"0.5"`).Range("[0, 1]").Doc("the TCM share from which the bonus applies; an empty tcm_share never does (A63)"),
		param.Custom("severity_coefficients", decodeSeverity).Rule("DIP-5").Default("{}").
			Shape(`{"<severity>": "<coefficient>"}`).Check(checkSeverity).
			Doc("辅助目录 auxiliary coefficients by the case's severity key (≥ 0); a key not in the table is 1 (A16)"),
		param.Enum("readmit_rule", func(p *Params) *param.ReadmitRule { return &p.ReadmitRule }, param.ReadmitRuleWords()...).
			Rule("DIP-7").Default(`"halve-earlier"`).Doc("二次入院: halve-earlier multiplies the earlier stay's score by readmit_factor; none turns the rule off"),
		param.Int("readmit_days", func(p *Params) *int { return &p.ReadmitDays }).Rule("DIP-7").
			Default("15").Range("[0, )").Doc("a later admission at most this many days after the earlier discharge is a readmission"),
		param.Factor("readmit_factor", factorRef(func(p *Params) *pv.Factor { return &p.ReadmitFactor })).Rule("DIP-7").
			Default(`"0.5"`).Range("[0, 1]").Doc("the factor on the earlier stay's exact score (A48)"),
		param.Factor("special_max_share", factorRef(func(p *Params) *pv.Factor { return &p.SpecialMaxShare })).Rule("DIP-8").
			Default(`"0.005"`).Range("[0, 1]").Doc("特例单议: at most floor(share × N) approvals in the scope are kept (A24)"),
		param.Enum("special_scope", func(p *Params) *param.SpecialScope { return &p.SpecialScope }, param.SpecialScopeWords()...).
			Rule("DIP-8").Default(`"region"`).Doc("what N counts: each hospital's DIP cases, or the region's"),
		param.ExclusionField("exclude", func(p *Params) *param.Exclusion { return &p.Exclude }),
		param.Factor("ungrouped_factor", factorRef(func(p *Params) *pv.Factor { return &p.UngroupedFactor })).Rule("DIP-9").
			Default(`"1"`).Range("[0, )").Doc("无法入组: an ungrouped case scores cost ÷ M × score_scale × ungrouped_factor"),
		param.Rule(func(p *Params, pr *param.Problems) {
			if p.LowRatio >= 0 && p.HighRatio > 0 && p.LowRatio >= p.HighRatio {
				pr.Add("low_ratio", p.LowRatio.String(), pv.ErrRange, "must be below high_ratio")
			}
			if p.LowRule == LowPaymentStandard && p.LowCoefficient != Multiply {
				pr.Add("low_coefficient", p.LowCoefficient.String(), pv.ErrPolicy, "conflicts with low_rule payment-standard")
			}
		}),
	}
}

var fields = Fields()

// DefaultParams returns the defaults of docs/rules.md section 4.
func DefaultParams() Params {
	var p Params
	param.Defaults(fields, &p, param.NewProblems("default"))
	return p
}

// Validate checks the parameters against their field table: ratios and factors in
// range, low_ratio below high_ratio, coefficients > 0, score_scale 1..10⁹, known
// words. It returns nil or a *pointvalue.ErrorList whose errors name the field's
// path within the section ("level_coefficients.primary") and match
// pointvalue.ErrPolicy.
func (p *Params) Validate() error { return param.Validate(fields, p, "dip") }

func decodeLevels(p *Params, v *param.Value, pr *param.Problems) {
	param.DecodeLevels(v, pr, pv.ParseFactor, func(l param.Level, f pv.Factor) { p.LevelCoefficients[l] = f })
}

func checkLevels(p *Params, pr *param.Problems) {
	for l := range param.Level(param.NumLevels) {
		if f := p.LevelCoefficients[l]; f <= 0 {
			pr.Add(l.String(), f.String(), pv.ErrRange, "must be greater than 0")
		}
	}
}

func decodeSeverity(p *Params, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pv.ErrSyntax, "expected a JSON object")
		return
	}
	p.SeverityCoefficients = make(map[string]pv.Factor, len(v.Keys))
	for i, k := range v.Keys {
		if f, ok := param.ReadDecimal(pr.Sub(k), v.Vals[i], pv.ParseFactor); ok {
			p.SeverityCoefficients[k] = f
		}
	}
}

func checkSeverity(p *Params, pr *param.Problems) {
	keys := make([]string, 0, len(p.SeverityCoefficients))
	for k := range p.SeverityCoefficients {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := map[int]string{}
	for _, k := range keys {
		if f := p.SeverityCoefficients[k]; f < 0 {
			pr.Add(k, f.String(), pv.ErrNegative, "")
		}
		n, ok := ParseSeverity(k)
		switch {
		case !ok:
			pr.Add(k, k, pv.ErrPolicy, "a severity key is an integer 0–99 (A81)")
		case seen[n] != "":
			pr.Add(k, k, pv.ErrDuplicate, "the same severity as "+seen[n])
		default:
			seen[n] = k
		}
	}
}

// ParseSeverity reads a severity: after NFKC, an integer 0–99 in ASCII digits
// ("03" and "３" are 3; "3.0" and "3级" are not), as cases and the policy's table
// are compared (A81). ok is false for anything else ("" included).
func ParseSeverity(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			s = norm.NFKC.String(s)
			break
		}
	}
	if len(s) > 2 {
		s = strings.TrimLeft(s, "0")
		if s == "" {
			return 0, true
		}
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// Severity returns the auxiliary coefficient of a severity key; 1 when the table lacks it (A16).
func (p *Params) Severity(key string) pv.Factor {
	if f, ok := p.SeverityCoefficients[key]; ok {
		return f
	}
	return pv.One
}

// Env is what DIP scoring depends on besides Params: the policy's PointScale
// (0..8) and Rounding, and the fund's region average cost M (region_avg_cost; 0
// when the policy gives none, and then an ungrouped case is an error).
type Env struct {
	PointScale    int
	Rounding      pv.Rounding
	RegionAvgCost pv.Money
	// BudgetPointValue is the fund's budget point value (PV-3, or the fixed rate):
	// VAR-2's low cases score cost ÷ it. 0: none (such a case is then an error).
	BudgetPointValue pv.PointValue
	// NetOfShare says the pool pays fund money only: VAR-2's cost is the total
	// less the patient share.
	NetOfShare bool
}

func (e *Env) validate() error {
	switch {
	case e.PointScale < 0 || e.PointScale > pv.MaxScale:
		return fmt.Errorf("dip: %w: point scale %d not in 0..8", pv.ErrPolicy, e.PointScale)
	case e.Rounding > pv.Down:
		return fmt.Errorf("dip: %w: unknown rounding %d", pv.ErrPolicy, e.Rounding)
	case e.RegionAvgCost < 0:
		return fmt.Errorf("dip: %w: region_avg_cost %s is negative", pv.ErrPolicy, e.RegionAvgCost)
	}
	return nil
}

// The inclusivity fields (VAR-1) default to inclusive's value: decoding keeps
// what was written, and a written value that disagrees with a written inclusive
// is an error (an inclusive left out is only their default).
func decodeInclusive(p *Params, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONBool {
		pr.Add("", v.Show(), pv.ErrSyntax, "expected true or false")
		return
	}
	p.Inclusive, p.inclusiveSet = v.Bool, !v.Default
}

func decodeLowInclusive(p *Params, v *param.Value, pr *param.Problems) {
	decodeBound(p, v, pr, &p.LowInclusive)
}

func decodeHighInclusive(p *Params, v *param.Value, pr *param.Problems) {
	decodeBound(p, v, pr, &p.HighInclusive)
}

func decodeBound(p *Params, v *param.Value, pr *param.Problems, dst *bool) {
	if v.Kind != param.JSONBool {
		pr.Add("", v.Show(), pv.ErrSyntax, "expected true or false")
		return
	}
	if p.inclusiveSet && v.Bool != p.Inclusive {
		pr.Add("", strconv.FormatBool(v.Bool), pv.ErrPolicy, "conflicts with dip.inclusive "+strconv.FormatBool(p.Inclusive))
		return
	}
	*dst = v.Bool
}

func decodeLowCoefficient(p *Params, v *param.Value, pr *param.Problems) {
	s := v.Text
	if v.Kind != param.JSONString || (s != "multiply" && s != "none") {
		pr.Add("", v.Show(), pv.ErrEnum, "one of: multiply, none")
		return
	}
	p.LowCoefficient = Multiply
	if s == "none" {
		p.LowCoefficient = NoCoefficient
	}
}
