package policy

import (
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Monitoring is the policy's monitoring section (docs/monitoring.md §6): the minimum
// counts, windows, factors and flag limits of the indicators package monitor
// computes (智能监控). It never affects settlement: Read decodes it but reports
// its problems only through CheckMonitoring, which a run that monitors calls,
// and Validate does not look at it.
type Monitoring struct {
	MinCases      int // MON-C5: rows with fewer cases get no flag (30)
	GroupMinCases int // MON-C3, MON-12, MON-14: a group's own reference (5)
	ADRGMinCases  int // MON-C5, MON-6: ADRG rows (10)
	// SplitDays is MON-7's window when HasSplitDays; else the method's readmit_days.
	SplitDays        int
	HasSplitDays     bool
	LowStandardDays  int               // MON-8 (2)
	LowStandardCost  pointvalue.Factor // MON-8: share of the reference cost (0.3)
	OverlongFactor   pointvalue.Factor // MON-11: times the reference LOS (3)
	HeavyWeight      pointvalue.Factor // MON-9: RW (DIP: score ÷ score scale) of a heavy case (2)
	LowRiskRule      LowRiskRule       // MON-12 (weight)
	LowRiskWeight    pointvalue.Factor // MON-12 rule weight (0.5)
	LowRiskDeathRate pointvalue.Factor // MON-12 rule death-rate (0.001)
	// Limits are the flags' limits (MON-C6), indexed as FlagWords.
	Limits [NumFlags]FlagLimit
}

// FlagLimit is one flag's limit (MON-C6); a flag whose limit is off is never raised.
type FlagLimit struct {
	Value pointvalue.Factor
	On    bool
}

// LowRiskRule is how MON-12 tells the low-risk groups.
type LowRiskRule uint8

const (
	LowRiskByWeight    LowRiskRule = iota // "weight": RW < low_risk_weight
	LowRiskByDeathRate                    // "death-rate": the group's region death rate < low_risk_death_rate
)

var lowRiskWords = []string{"weight", "death-rate"}

// String returns the policy.json word.
func (r LowRiskRule) String() string { return word(lowRiskWords, int(r)) }

// The flag words of docs/monitoring.md §3, each with its default limit and rule.
var limitDefs = [...]struct{ word, def, rule, test string }{
	{"cmi-jump", "0.10", "MON-1", "cmi-change value above it"},
	{"cost-index-high", "1.2", "MON-2", "cost-index value above it"},
	{"time-index-high", "1.2", "MON-3", "time-index value above it"},
	{"high-share-high", "2", "MON-4", "high-share ratio above it"},
	{"low-share-high", "2", "MON-4", "low-share ratio above it"},
	{"grouping-rate-low", "0.95", "MON-5", "grouping-rate value below it"},
	{"upcoding-high", "1.5", "MON-6", "upcoding ratio above it (hospital and ADRG rows)"},
	{"secondary-dx-high", "1.5", "MON-6", "secondary-dx ratio above it"},
	{"split-admission-high", "2", "MON-7", "split-admission-rate ratio above it"},
	{"low-standard-high", "2", "MON-8", "low-standard-rate ratio above it"},
	{"transfer-out-high", "2", "MON-9", "transfer-out-rate ratio above it"},
	{"heavy-share-low", "0.5", "MON-9", "heavy-share ratio below it"},
	{"ownpay-high", "1.5", "MON-10", "ownpay-ratio ratio above it"},
	{"selfpay-high", "1.5", "MON-10", "selfpay-ratio ratio above it"},
	{"overlong-high", "2", "MON-11", "overlong-rate ratio above it"},
	{"low-risk-death", "0", "MON-12", "low-risk-death-rate value above it"},
	{"special-share-high", "2", "MON-13", "special-share ratio above it"},
	{"group-cv-high", "1", "MON-14", "group-cv value above it"},
	{"surplus-high", "0.2", "MON-15", "surplus-rate value above it"},
	{"deficit-high", "-0.2", "MON-15", "surplus-rate value below it"},
}

// NumFlags is the number of flag words.
const NumFlags = len(limitDefs)

// FlagWords returns the flag words, in the order of Monitoring.Limits.
func FlagWords() []string {
	out := make([]string, NumFlags)
	for i, d := range limitDefs {
		out[i] = d.word
	}
	return out
}

// FlagIndex returns the index of a flag word in Monitoring.Limits, or −1.
func FlagIndex(word string) int {
	for i, d := range limitDefs {
		if d.word == word {
			return i
		}
	}
	return -1
}

// Limit returns the limit of a flag word (off for a word that is none).
func (m *Monitoring) Limit(word string) FlagLimit {
	if i := FlagIndex(word); i >= 0 {
		return m.Limits[i]
	}
	return FlagLimit{}
}

type mf = param.Field[Monitoring]

// monitoringFields is the table of the monitoring section.
var monitoringFields = []mf{
	param.Int("min_cases", func(m *Monitoring) *int { return &m.MinCases }).Rule("MON-C5").Default("30").Range("[1, )").
		Doc("a row with fewer cases (its denominator) gets no flag; its values are still written"),
	param.Int("group_min_cases", func(m *Monitoring) *int { return &m.GroupMinCases }).Rule("MON-C3").Default("5").Range("[1, )").
		Doc("cases a group needs for its own reference (else its ADRG's, DRG), for MON-12's death-rate rule and for a MON-14 row"),
	param.Int("adrg_min_cases", func(m *Monitoring) *int { return &m.ADRGMinCases }).Rule("MON-6").Default("10").Range("[1, )").
		Doc("cases of a split ADRG a hospital needs for its upcoding row"),
	param.Int("split_days", func(m *Monitoring) *int { return &m.SplitDays }).Rule("MON-7").
		Nullable(func(m *Monitoring) *bool { return &m.HasSplitDays }).Range("[0, )").
		Doc("the split-admission window, days from the earlier discharge to the later admission; null: the method's readmit_days"),
	param.Int("low_standard_days", func(m *Monitoring) *int { return &m.LowStandardDays }).Rule("MON-8").Default("2").Range("[0, )").
		Doc("a low-standard admission stays at most this many days"),
	param.Factor("low_standard_cost", func(m *Monitoring) *pointvalue.Factor { return &m.LowStandardCost }).Rule("MON-8").
		Default(`"0.3"`).Range("(0, )").Doc("and costs less than this share of its reference cost"),
	param.Factor("overlong_factor", func(m *Monitoring) *pointvalue.Factor { return &m.OverlongFactor }).Rule("MON-11").
		Default(`"3"`).Range("(0, )").Doc("an overlong stay is longer than this many times its reference LOS"),
	param.Factor("heavy_weight", func(m *Monitoring) *pointvalue.Factor { return &m.HeavyWeight }).Rule("MON-9").
		Default(`"2"`).Range("(0, )").Doc("a heavy case has at least this RW (DIP: score ≥ it × score_scale)"),
	param.Enum("low_risk_rule", func(m *Monitoring) *LowRiskRule { return &m.LowRiskRule }, lowRiskWords...).Rule("MON-12").
		Default(`"weight"`).Doc("weight: groups of RW below low_risk_weight are low-risk; death-rate: groups whose region death rate is below low_risk_death_rate"),
	param.Factor("low_risk_weight", func(m *Monitoring) *pointvalue.Factor { return &m.LowRiskWeight }).Rule("MON-12").
		Default(`"0.5"`).Range("(0, )").Doc("RW (DIP: score ÷ score_scale) below which a group is low-risk, rule weight"),
	param.Factor("low_risk_death_rate", func(m *Monitoring) *pointvalue.Factor { return &m.LowRiskDeathRate }).Rule("MON-12").
		Default(`"0.001"`).Range("(0, 1]").Doc("region death rate below which a group is low-risk, rule death-rate"),
	param.Custom("limits", decodeLimits).Rule("MON-C6").Default("{}").Shape(`{"<flag word>": "<limit>" | null, …}`).
		Nested(limitRows()).Example(`{"cost-index-high": "1.3", "cmi-jump": null}`).
		Doc("a limit per flag word; a key given replaces only its default, null turns the flag off; an unknown word is an error"),
}

// limitRows documents the flag words, nested under limits.
func limitRows() []param.Row {
	rows := make([]param.Row, NumFlags)
	for i, d := range limitDefs {
		rows[i] = param.Row{Path: d.word, Kind: param.KindFactor, Default: `"` + d.def + `"`, Range: "any", Rule: d.rule,
			Doc: "flag " + d.word + ": " + d.test + " (null: never raised)"}
	}
	return rows
}

func decodeLimits(m *Monitoring, v *param.Value, pr *param.Problems) {
	if v.Kind != param.JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, k := range v.Keys {
		li := FlagIndex(k)
		if li < 0 {
			pr.Add(k, v.Vals[i].Show(), pointvalue.ErrPolicy, "unknown flag word (one of "+strings.Join(FlagWords(), ", ")+")")
			continue
		}
		if v.Vals[i].IsNull() {
			m.Limits[li] = FlagLimit{}
			continue
		}
		if x, ok := param.ReadDecimal(pr.Sub(k), v.Vals[i], pointvalue.ParseFactor); ok {
			m.Limits[li] = FlagLimit{Value: x, On: true}
		}
	}
}

// DefaultMonitoring returns the monitoring section's defaults.
func DefaultMonitoring() Monitoring {
	var m Monitoring
	for i, d := range limitDefs {
		f, err := pointvalue.ParseFactor(d.def)
		if err != nil {
			panic("policy: limit " + d.word + ": " + err.Error())
		}
		m.Limits[i] = FlagLimit{Value: f, On: true}
	}
	param.Defaults(monitoringFields, &m, param.NewProblems("default"))
	return m
}

// decodeMonitoring reads the monitoring section over its defaults and keeps
// its text; its problems wait for CheckMonitoring (docs/monitoring.md §6: read and
// validated only when monitoring is asked for).
func decodeMonitoring(p *Policy, v *param.Value, pr *param.Problems) {
	p.Monitoring, p.MonitoringJSON = DefaultMonitoring(), ""
	if v.Kind == param.JSONObject && len(v.Keys) == 0 {
		return
	}
	p.MonitoringJSON = v.JSON()
	param.Decode(monitoringFields, &p.Monitoring, v, param.NewProblems(pr.Source()))
}

// CheckMonitoring validates the monitoring section as the rest of the policy
// is validated (ranges, words, unknown fields and flag words) and returns nil or
// a *pointvalue.ErrorList of its problems, each naming source (the policy
// file's base name; "policy" when empty) and the JSON path
// (monitoring.min_cases). A run that monitors calls it; settlement never does.
func (p *Policy) CheckMonitoring(source string) error {
	if source == "" {
		source = "policy"
	}
	pr := param.NewProblems(source)
	if p.MonitoringJSON != "" {
		v, err := param.ParseJSON([]byte(p.MonitoringJSON), source)
		if err != nil {
			return err
		}
		m := DefaultMonitoring()
		param.Decode(monitoringFields, &m, v, pr.Sub("monitoring"))
	}
	read := slices.Clone(pr.List().Errors)
	checked := param.NewProblems(source)
	param.Check(monitoringFields, &p.Monitoring, checked.Sub("monitoring"))
	for _, e := range checked.List().Errors {
		if !coveredBy(e.Field, read) {
			pr.List().Add(e)
		}
	}
	sortProblems(pr.List())
	return pr.Err()
}
