package bedday

import (
	"slices"
	"strconv"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Pool says where bed-day stays are pooled (DIP-6, DRG-6).
type Pool uint8

const (
	Inpatient Pool = iota // "inpatient": with the fund's DRG or DIP pool
	Separate              // "separate": a pool of their own (method bedday)
)

var poolWords = []string{"inpatient", "separate"}

// String returns the policy.json word: "inpatient" or "separate".
func (p Pool) String() string {
	if int(p) < len(poolWords) {
		return poolWords[p]
	}
	return "pool(" + strconv.Itoa(int(p)) + ")"
}

// Rates are one category's daily rates (yuan per day, BED-1) by hospital level;
// Has says which levels have one.
type Rates struct {
	Rate [param.NumLevels]pointvalue.Money
	Has  [param.NumLevels]bool
}

// DailyPoints are one category's daily standards given in points (VAR-11:
// 床日分值标准) by hospital level, on the scale of the pool the stay joins; Has
// says which levels have one.
type DailyPoints struct {
	Points [param.NumLevels]pointvalue.Points
	Has    [param.NumLevels]bool
}

// Segment is one BED-2 band of a stay's days: days up to UpTo (inclusive) are
// paid × Factor; the last segment is Unbounded.
type Segment struct {
	UpTo      int
	Unbounded bool
	Factor    pointvalue.Factor
}

// Params is the policy's "bedday" section: the rules of per bed-day stays.
type Params struct {
	Rates               map[string]Rates       // category → daily rates; a bed-day stay needs one (A17)
	Points              map[string]DailyPoints // VAR-11: category → daily points, instead of Rates
	Segments            []Segment              // BED-2; default one unbounded segment × 1
	MaxDays             int                    // days paid at most, when HasMaxDays (BED-2)
	HasMaxDays          bool
	Pool                Pool                  // DIP-6, DRG-6
	BudgetPointValue    pointvalue.PointValue // a separate pool's budget point value (both funds), when HasBudgetPointValue
	HasBudgetPointValue bool
}

// Rate returns the daily rate of a category at a level, and whether there is one (A17).
func (p *Params) Rate(category string, l param.Level) (pointvalue.Money, bool) {
	r, ok := p.Rates[category]
	if !ok || int(l) >= param.NumLevels || !r.Has[l] {
		return 0, false
	}
	return r.Rate[l], true
}

// Standard is a category's daily standard at one level: a rate in yuan (BED-1),
// or daily points (VAR-11) when InPoints.
type Standard struct {
	Rate     pointvalue.Money
	Points   pointvalue.Points
	InPoints bool
}

// Standard returns the daily standard of a category at a level — its rate, or
// its points under VAR-11 — and whether there is one (A17).
func (p *Params) Standard(category string, l param.Level) (Standard, bool) {
	if int(l) >= param.NumLevels {
		return Standard{}, false
	}
	if d, ok := p.Points[category]; ok && d.Has[l] {
		return Standard{Points: d.Points[l], InPoints: true}, true
	}
	if r, ok := p.Rate(category, l); ok {
		return Standard{Rate: r}, true
	}
	return Standard{}, false
}

// Daily is a stay's daily base points: BED-1's rate ÷ M × Multiplier, or the
// standard's points as given (VAR-11: no M needed).
func (s Standard) Daily(regionAvg pointvalue.Money, e Env) (pointvalue.Points, error) {
	if s.InPoints {
		if !e.valid() {
			return 0, errEnv
		}
		return s.Points, nil
	}
	return DailyBase(s.Rate, regionAvg, e)
}

// Fields is the field table of the "bedday" section (package param).
func Fields() []param.Field[Params] {
	return []param.Field[Params]{
		param.Custom("rates", decodeRates).Rule("BED-1").Default("{}").
			Shape(`{"<category>": {"<level>": "<yuan per day>" | null}}`).
			Example(`{"psychiatric": {"tertiary": "420", "secondary": "310", "primary": "205"}}`).
			Check(checkRates).
			Doc("daily rates (yuan) by bed-day category and hospital level; a level left out or null has no rate, and a stay there is an error (A17)"),
		param.Custom("points", decodePoints).Rule("VAR-11").Default("{}").
			Shape(`{"<category>": {"<level>": "<daily points>" | null}}`).
			Example(`{"psychiatric": {"tertiary": "3.6175"}}`).Check(checkPoints).
			Doc("床日分值标准: daily base points by category and level, on the scale of the pool the stays join, instead of rates (no BED-1, no region_avg_cost); not with rates"),
		param.Custom("segments", decodeSegments).Rule("BED-2").Default(`[[null, "1"]]`).
			Shape(`[[<upto_day> | null, "<factor>"], …]`).Example(`[[60, "1"], [90, "0.9"], [null, "0.8"]]`).
			Check(checkSegments).
			Doc("days up to each bound (inclusive, increasing; the last null) are paid × its factor (≥ 0)"),
		param.Int("max_days", func(p *Params) *int { return &p.MaxDays }).Rule("BED-2").
			Nullable(func(p *Params) *bool { return &p.HasMaxDays }).Range("[1, )").
			Doc("days paid at most per stay; null: no cap"),
		param.Enum("pool", func(p *Params) *Pool { return &p.Pool }, poolWords...).Rule("DRG-6").Default(`"inpatient"`).
			Doc("inpatient: bed-day stays join the fund's DRG or DIP pool (DRG-6, DIP-6); separate: a pool of their own, valued at ×100 with the fund's formula"),
		param.PointValue("budget_point_value", func(p *Params) *pointvalue.PointValue { return &p.BudgetPointValue }).
			Rule("CLR-1").Nullable(func(p *Params) *bool { return &p.HasBudgetPointValue }).Range("(0, )").
			Doc("a separate bed-day pool's budget point value, for both funds' advances; null: no computed advances"),
	}
}

var fields = Fields()

// DefaultParams returns the bed-day defaults: no rates, one unbounded segment × 1,
// no day cap, pooled with the inpatient method, no budget point value.
func DefaultParams() Params {
	var p Params
	param.Defaults(fields, &p, param.NewProblems("default"))
	return p
}

// Validate checks the parameters: rates > 0 with a named category, segments
// increasing with the last unbounded and factors ≥ 0, max_days ≥ 1, a known pool,
// a budget point value > 0. It returns nil or a *pointvalue.ErrorList whose fields
// are paths within the section ("segments[1]").
func (p *Params) Validate() error { return param.Validate(fields, p, "bedday") }

func decodeRates(p *Params, v *param.Value, pr *param.Problems) {
	p.Rates = map[string]Rates{}
	decodeCategories(v, pr, func(cat string, cv *param.Value, cp *param.Problems) {
		var r Rates
		param.DecodeLevels(cv, cp, pointvalue.ParseMoney, func(l param.Level, m pointvalue.Money) { r.Rate[l], r.Has[l] = m, true })
		p.Rates[cat] = r
	})
}

// decodeCategories reads an object keyed by bed-day category.
func decodeCategories(v *param.Value, pr *param.Problems, each func(cat string, cv *param.Value, cp *param.Problems)) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, cat := range v.Keys {
		each(cat, v.Vals[i], pr.Sub(cat))
	}
}

func checkRates(p *Params, pr *param.Problems) {
	checkCategories(p.Rates, pr, func(r Rates, l param.Level) (string, bool) { return r.Rate[l].String(), r.Has[l] && r.Rate[l] <= 0 })
}

// checkCategories checks a table by category and level: every category named,
// every value given greater than 0 (bad reports one's text and whether it is ≤ 0).
func checkCategories[V any](table map[string]V, pr *param.Problems, bad func(V, param.Level) (string, bool)) {
	cats := make([]string, 0, len(table))
	for c := range table {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		if c == "" {
			pr.Add("", "", pointvalue.ErrRequired, "a category needs a name")
		}
		for l := range param.Level(param.NumLevels) {
			if text, isBad := bad(table[c], l); isBad {
				pr.Add(c+"."+l.String(), text, pointvalue.ErrRange, "must be greater than 0")
			}
		}
	}
}

func decodeSegments(p *Params, v *param.Value, pr *param.Problems) {
	p.Segments = p.Segments[:0:0]
	param.DecodeLadder(v, pr, "[upto_day, factor]",
		func(pr *param.Problems, v *param.Value) (int, bool) {
			n, err := param.ParseInt(v)
			if err != nil {
				pr.AddError("", v.Show(), err)
			}
			return n, err == nil
		},
		func(pr *param.Problems, v *param.Value) (pointvalue.Factor, bool) {
			return param.ReadDecimal(pr, v, pointvalue.ParseFactor)
		},
		func(upTo int, unbounded bool, f pointvalue.Factor) {
			p.Segments = append(p.Segments, Segment{UpTo: upTo, Unbounded: unbounded, Factor: f})
		})
}

func checkSegments(p *Params, pr *param.Problems) {
	sg := p.Segments
	param.CheckLadder(len(sg), func(i int) (int, bool) { return sg[i].UpTo, sg[i].Unbounded }, pr,
		"segment", 1, "must be at least 1 day", strconv.Itoa)
	for i, s := range sg {
		if s.Factor < 0 {
			pr.Add(param.Index("", i)+"[1]", s.Factor.String(), pointvalue.ErrNegative, "")
		}
	}
}

func decodePoints(p *Params, v *param.Value, pr *param.Problems) {
	p.Points = map[string]DailyPoints{}
	decodeCategories(v, pr, func(cat string, cv *param.Value, cp *param.Problems) {
		var d DailyPoints
		param.DecodeLevels(cv, cp, param.ParsePoints8, func(l param.Level, x pointvalue.Points) { d.Points[l], d.Has[l] = x, true })
		p.Points[cat] = d
	})
}

func checkPoints(p *Params, pr *param.Problems) {
	if len(p.Points) > 0 && len(p.Rates) > 0 {
		pr.Add("", "", pointvalue.ErrPolicy, "give rates or points, not both (VAR-11)")
	}
	checkCategories(p.Points, pr, func(d DailyPoints, l param.Level) (string, bool) {
		return d.Points[l].String(), d.Has[l] && d.Points[l] <= 0
	})
}

// CheckPointScale reports daily points with more decimals than the policy's
// PointScale (VAR-11), at paths within the section.
func (p *Params) CheckPointScale(scale int, pr *param.Problems) {
	cats := make([]string, 0, len(p.Points))
	for c := range p.Points {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		d := p.Points[c]
		for l := range param.Level(param.NumLevels) {
			if d.Has[l] && d.Points[l].Round(scale, pointvalue.Down) != d.Points[l] {
				pr.Add("points."+c+"."+l.String(), d.Points[l].String(), pointvalue.ErrPrecision, "point_scale allows "+strconv.Itoa(scale))
			}
		}
	}
}
