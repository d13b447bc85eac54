package budget

import (
	"iter"
	"sync/atomic"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/explain"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// caseTable is a settled year's cases as columns: what Result.Case reads.
type caseTable struct {
	b       *Batch
	rows    []uint32 // the settled rows in case-id order
	route   []route
	grp     []int32
	cflags  []uint8
	points  []pointvalue.Points
	outcome []uint32
	sc      scorers
	p       *policy.Policy
	hosp    []Hospital
	hmap    []int32
	cat     *dip.Catalog
	pv      [param.NumFunds][param.NumMethods]pointvalue.PointValue
	hasPV   [param.NumFunds][param.NumMethods]bool
	// elastic holds, for an elastic pool (VAR-8), each run hospital's gross and
	// points: a case's amount is its share of its hospital's gross.
	elastic [param.NumFunds][param.NumMethods][]elasticRow
	words   *words
	// excluded: VAR-12's rows ("": as ungrouped; else the bed-day category paid)
	excluded map[uint32]string
	later    map[uint32]string // a readmission's earlier row → the later stay's case id
}

// elasticRow is a hospital's gross and points in an elastic pool (VAR-8).
type elasticRow struct {
	gross  pointvalue.Money
	points pointvalue.Points
}

// words are the flags and rules columns' texts of every outcome of a method,
// made once per result (a handful of distinct values for millions of cases).
type words struct {
	flags [3][256]string
	rules [3][]string // by rule bits (explain.OutcomeRules): the sets that occur
}

var drgClass = [...]Class{drg.Normal: ClassNormal, drg.High: ClassHigh, drg.Low: ClassLow, drg.Incomplete: ClassIncomplete,
	drg.Unstable: ClassUnstable, drg.Ungrouped: ClassUngrouped, drg.Special: ClassSpecial}

var dipClass = [...]Class{dip.Normal: ClassNormal, dip.High: ClassHigh, dip.Low: ClassLow, dip.Ungrouped: ClassUngrouped,
	dip.Special: ClassSpecial}

var bedDayRuleWords = []string{"BED-1", "BED-2", "VAR-11", "VAR-12"}

// newWords makes the words of every outcome of the accepted rows (read in row
// order: sequentially).
func newWords(outcomes []uint32, route []route) *words {
	w := &words{}
	for f := range 256 {
		w.flags[param.DRG][f] = drg.CaseFlags(f).String()
		w.flags[param.DIP][f] = dip.CaseFlags(f).String()
	}
	w.flags[param.BedDay][flagBedDayExcluded] = "excluded-los" // VAR-12
	var seen [3]map[uint32]bool
	for m := range seen {
		seen[m] = map[uint32]bool{}
	}
	var last [3]uint32
	var has [3]bool
	for i, rt := range route {
		if !rt.ok() {
			continue
		}
		m, r := rt.scoring(), explain.OutcomeRules(outcomes[i])
		if has[m] && last[m] == r {
			continue
		}
		last[m], has[m] = r, true
		seen[m][r] = true
	}
	for m := range seen {
		top := uint32(0)
		for r := range seen[m] {
			top = max(top, r)
		}
		w.rules[m] = make([]string, top+1)
		for r := range seen[m] {
			switch param.Method(m) {
			case param.DRG:
				w.rules[m][r] = drg.RuleSet(r).String()
			case param.DIP:
				w.rules[m][r] = dip.RuleSet(r).String()
			default:
				w.rules[m][r] = string(explain.AppendWords(nil, uint(r), bedDayRuleWords))
			}
		}
	}
	return w
}

// caseTable keeps the run's columns for Result.Case, with the point values of
// res's pools (and the hospital amounts of its elastic pools, VAR-8).
func (r *run) caseTable(res *Result) *caseTable {
	t := &caseTable{b: r.b, rows: r.settled, route: r.route, grp: r.grp, cflags: r.cflags, points: r.points,
		outcome: r.outcome, sc: r.sc, p: r.p, hosp: r.hosp, hmap: r.hmap, cat: r.in.Catalog,
		words: newWords(r.outcome, r.route), excluded: r.excluded, later: r.later}
	for _, pr := range res.Pools {
		t.pv[pr.Fund][pr.Method], t.hasPV[pr.Fund][pr.Method] = pr.PointValue, pr.HasPointValue
		if pr.HasElastic {
			t.elastic[pr.Fund][pr.Method] = make([]elasticRow, len(r.hosp))
		}
	}
	for _, h := range res.Hospitals {
		if e := t.elastic[h.Fund][h.Method]; e != nil {
			e[r.hidx[h.HospitalID]] = elasticRow{gross: h.Gross, points: h.Points}
		}
	}
	return t
}

// NumCases is the number of settled cases Case gives: 0 for a streamed year,
// whose cases only Cases gives (it reads them from the stream's runs).
func (r *Result) NumCases() int {
	if r.cases == nil {
		return 0
	}
	return len(r.cases.rows)
}

// Cases iterates the settled cases in case-id order. For a streamed year it
// reads the stream's runs and scores them again, window by window: a
// CaseResult's strings then stay valid only until the iteration moves on
// (strings.Clone what you keep). An error stops it early and CasesErr returns it.
func (r *Result) Cases() iter.Seq[CaseResult] {
	return func(yield func(CaseResult) bool) {
		if r.stream != nil {
			r.casesErr = nil
			r.stream.cases(r, yield, false)
			return
		}
		for k := range r.NumCases() {
			if !yield(r.Case(k)) {
				return
			}
		}
	}
}

// Close releases what a streamed year keeps on disk for Cases (its runs); a
// no-op for a year settled in memory.
func (r *Result) Close() error {
	if r.stream == nil {
		return nil
	}
	return r.stream.Close()
}

// CasesErr returns the error that stopped the last Cases iteration of a
// streamed year early (an unreadable run, a closed stream); nil otherwise.
func (r *Result) CasesErr() error { return r.casesErr }

// Case returns the k-th settled case in case-id order (0 ≤ k < NumCases), with the
// columns of cases.csv: identity, group, class, base points, ratio, points,
// amount at its pool's point value (PV-4), flags and rules. Its strings view the
// batch's memory; it allocates nothing. Explain adds the reference cost and the
// coefficients applied.
func (r *Result) Case(k int) CaseResult {
	t := r.cases
	i := t.rows[k]
	b := t.b
	rt := t.route[i]
	m := rt.scoring()
	o := t.outcome[i]
	c := CaseResult{CaseID: b.id(i), HospitalID: b.hosps.get(b.hosp[i]), Fund: rt.fund(), Method: m,
		Points: t.points[i], Flags: t.words.flags[m][explain.OutcomeFlags(o)], Rules: t.words.rules[m][explain.OutcomeRules(o)]}
	if e := t.elastic[rt.fund()][rt.pool()]; e != nil { // VAR-8: the case's share of its hospital's gross
		h := e[t.hmap[b.hosp[i]]]
		c.Amount, _ = ElasticCaseAmount(c.Points, h.gross, h.points, t.p.Rounding)
		c.HasAmount = true
	} else if v := t.pv[rt.fund()][rt.pool()]; t.hasPV[rt.fund()][rt.pool()] {
		c.Amount, _ = pointvalue.Amount(c.Points, v, t.p.Rounding)
		c.HasAmount = true
	}
	g := t.grp[i]
	switch m {
	case param.DRG:
		c.Class = drgClass[drg.Outcome(o).Class()]
		c.Group = b.groups.get(b.group[i]) // an unknown code as given; a known one as the table spells it (ERR-6)
		if s := t.sc.drg[rt.fund()]; s != nil && g >= 0 {
			c.Group = s.Weights().Groups[g].Code
			c.Base, c.HasBase = s.Base(g)
			c.Ratio, c.HasRatio = s.Ratio(b.cost[i], g, t.p.Rounding) // once, by the policy's rounding (A65)
		}
	case param.DIP:
		c.Class = dipClass[dip.Outcome(o).Class()]
		c.Group = b.groups.get(b.group[i])
		if g >= 0 {
			gr := &t.cat.Groups[g]
			c.Group = gr.Code // grouped by the engine (DIP-3), or the given code as the catalog spells it (ERR-6)
			c.Base, c.HasBase = gr.Score, true
			if s := t.sc.dip[rt.fund()]; s != nil {
				c.Ratio, c.HasRatio = s.Ratio(b.cost[i], g, int32(b.hosp[i]), t.p.Rounding) // once (A65)
			}
		}
	default:
		c.Class = ClassBedDay
		c.Group = b.categories.get(b.bedDay(i))
		if cat, ok := t.excluded[i]; ok && c.Group == "" { // VAR-12: an excluded stay as bed-day
			c.Group = cat
		}
		std, _ := t.p.BedDay.Standard(c.Group, t.hosp[t.hmap[b.hosp[i]]].Level)
		c.Base, _ = std.Daily(regionAvg(t.p, rt.fund()), bedDayEnv(t.p, rt.pool()))
		c.HasBase = true
		c.Days = bedday.Days(b.admit[i], b.discharge[i])
	}
	return c
}

// CaseRange fills dst with the settled cases k, k+1, … in case-id order, as Case
// gives them, and returns how many it filled (fewer at the end). It is Case in
// bulk for writers: the columns of the whole range are loaded first, so that
// their memory is fetched in parallel (a year's rows are in no particular id
// order: one case at a time would wait for each).
func (r *Result) CaseRange(dst []CaseResult, k int) int {
	n := min(len(dst), r.NumCases()-k)
	if n <= 0 || k < 0 {
		return 0
	}
	t := r.cases
	b := t.b
	var touch uint64
	for _, i := range t.rows[k : k+n] {
		end := b.idEnd[i]
		touch += uint64(t.points[i]) + uint64(t.outcome[i]) + uint64(t.grp[i]) + uint64(t.route[i]) +
			uint64(b.cost[i]) + uint64(b.hosp[i]) + uint64(b.group[i])
		if end > 0 {
			touch += uint64(b.ids[end-1])
		}
	}
	touched.Add(touch & 1)
	for j := range n {
		dst[j] = r.Case(k + j)
	}
	return n
}

// touched keeps CaseRange's loads from being optimised away.
var touched atomic.Uint64

// Explain returns the k-th settled case as Case does, with the reference cost and
// the coefficients its formula applied (EXP-1): the DRG hospital coefficient, the
// DIP level, severity and TCM factors, the group factor (VAR-4); and, for an
// earlier stay reduced by DRG-7/DIP-7, the later stay that readmitted it.
func (r *Result) Explain(k int) CaseResult {
	c := r.Case(k)
	t := r.cases
	i := t.rows[k]
	b := t.b
	rt := t.route[i]
	switch rt.scoring() {
	case param.DRG:
		if s := t.sc.drg[rt.fund()]; s != nil {
			res, err := s.Score(&drg.Case{Cost: b.cost[i], Hospital: int32(b.hosp[i]), Group: t.grp[i], Flags: t.cflags[i], Special: b.special[i]})
			if err == nil {
				c.RefCost, c.Coef = res.RefCost, res.Coef
			}
		}
	case param.DIP:
		if s := t.sc.dip[rt.fund()]; s != nil {
			dc := dip.Case{Cost: b.cost[i], Hospital: int32(b.hosp[i]), Group: t.grp[i], Flags: t.cflags[i], Special: b.special[i]}
			if b.tcm != nil {
				dc.TCMShare = pointvalue.Factor(b.tcm[i])
			}
			if b.severity != nil {
				dc.Severity = t.sc.sev[b.severity[i]]
			}
			if res, err := s.Score(&dc); err == nil {
				c.RefCost, c.Coef, c.Aux, c.TCM = res.RefCost, res.Coef, res.Aux, res.TCM
			}
		}
	}
	t.explainMore(&c, i)
	return c
}
