package dip

import (
	"cmp"
	"fmt"
	"github.com/dipdrg/dipdrg/param"
	"io"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/internal/calib"
	"github.com/dipdrg/dipdrg/internal/csvio"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// HistoryCase is one discharged case of a history year, as the catalog builder
// needs it (DIP-2). Package budget converts history files (cases.csv columns
// plus `year`, with the hospital's level from hospitals.csv) into these.
type HistoryCase struct {
	Year       int
	Diagnosis  string   // primary diagnosis, ICD-10; cut to 5 characters (the sub-category) when longer
	Procedures []string // ICD-9-CM-3 codes in any order; repeats and empty codes are ignored
	Treatment  Treatment
	Level      param.Level // the hospital's level (per-level reference costs)
	Cost       pv.Money    // total cost 医疗总费用, ≥ 0
	// Line names the case in errors; 0 means its position in the slice, from 1.
	Line int
}

// TrimRule is the optional trimming before averaging (DIP-2).
type TrimRule uint8

const (
	TrimNone       TrimRule = iota // keep every case (the default)
	TrimPercentile                 // drop cases outside the group's [P2.5, P97.5] cost (nearest rank)
)

// BuildOptions are the catalog builder's parameters (DIP-2): options of the
// function, not policy fields. A zero field takes its default.
type BuildOptions struct {
	// YearWeights weigh the history years, oldest first (PV-3's weights): they
	// apply to the len(YearWeights) consecutive years ending with the latest
	// year of the history; a case in an earlier year is an error. nil: 1:2:7
	// (pointvalue.DefaultYearWeights).
	YearWeights []pv.Factor
	// CoreMinCases: a (diagnosis, procedure set) with at least this many raw
	// cases over all years is a core group (核心病种); default 15.
	CoreMinCases int
	Trim         TrimRule
	// ScoreScale (default 1000) and ScoreDecimals (default 4; −1 for 0
	// decimals): score = round(m_g ÷ M × ScoreScale) to ScoreDecimals, half-up.
	ScoreScale    int64
	ScoreDecimals int
	// ScoreBase is the M the scores divide by (VAR-5): the average cost of every
	// case (the zero value, DIP-2), a built group's m_g, or a fixed quota.
	ScoreBase ScoreBase
	// Source names the history in errors (default "history").
	Source string
}

func (o BuildOptions) withDefaults() BuildOptions {
	if o.YearWeights == nil {
		o.YearWeights = pv.DefaultYearWeights()
	}
	if o.CoreMinCases == 0 {
		o.CoreMinCases = 15
	}
	if o.ScoreScale == 0 {
		o.ScoreScale = 1000
	}
	switch o.ScoreDecimals {
	case 0:
		o.ScoreDecimals = 4
	case -1:
		o.ScoreDecimals = 0
	}
	if o.Source == "" {
		o.Source = "history"
	}
	return o
}

// GroupReport is what the builder found for one group.
type GroupReport struct {
	Code  string
	Kind  Kind
	Cases int      // raw cases over all years
	Kept  int      // after trimming
	Mean  pv.Money // m_g, the weighted mean of the kept costs, to the fen (half-up)
	// Dropped: not in the catalog (no kept case in a year of positive weight,
	// or a reference cost of 0).
	Dropped bool
}

// BuildReport explains a built catalog.
type BuildReport struct {
	Years         []int       // the weighted years, oldest first
	YearWeights   []pv.Factor // their weights
	Cases         int         // history cases given
	Ungrouped     int         // no usable diagnosis, or procedures without a treatment type (A14)
	Trimmed       int
	Core          int // core groups in the catalog
	Comprehensive int // comprehensive groups in the catalog
	// M is the score base the scores divide by, to the fen (half-up): under
	// ScoreBase average the weighted mean cost of every kept grouped case, else
	// the base group's m_g or the quota (VAR-5). A region that builds with
	// another base sets its region_avg_cost to it (DIP-9, BED-1).
	M         pv.Money
	Average   pv.Money  // the weighted mean cost of every kept grouped case, to the fen, whatever the base
	ScoreBase ScoreBase // the base used
	Groups    []GroupReport
}

type buildGroup struct {
	g      Group
	costs  []int64
	years  []int8
	levels []param.Level
}

// caseKey returns a case's core key (sub-category, sorted procedure set) and
// its comprehensive key (category, treatment); okComp is false when the case
// has procedures and no treatment type (A14), okCore when it has no diagnosis.
func caseKey(c *HistoryCase) (diag string, procs []string, cat string, t Treatment, okCore, okComp bool) {
	diag = strings.TrimSpace(c.Diagnosis)
	if len(diag) > 5 { // A12: the sub-category
		diag = diag[:5]
	}
	for _, p := range c.Procedures {
		if p = strings.TrimSpace(p); p != "" {
			procs = append(procs, p)
		}
	}
	slices.Sort(procs)
	procs = slices.Compact(procs)
	okCore = diag != ""
	t = c.Treatment
	if t == TreatmentUnset {
		if len(procs) > 0 {
			return diag, procs, "", t, okCore, false
		}
		t = Conservative
	}
	if len(diag) < 3 || t > Surgical {
		return diag, procs, "", t, okCore, false
	}
	return diag, procs, diag[:3], t, okCore, true
}

// BuildCatalog builds a DIP catalog from history (DIP-1, DIP-2, section 13).
// A case's core key is its diagnosis cut to the sub-category (5 characters)
// and its sorted procedure set; a key with at least CoreMinCases raw cases over
// all years is a core group, coded `<diagnosis>` or `<diagnosis>+<proc>+…`.
// The other cases go to the comprehensive group `<category>-<treatment>` of
// their first 3 characters and treatment type (none with no procedures is
// conservative; procedures without a treatment type leave the case ungrouped,
// A14). Each group is trimmed (Trim) over its cases of all years together;
// m_g = Σ w·cost ÷ Σ w·n over its kept cases and M the same over every kept
// grouped case (or, by ScoreBase, a built group's m_g or a fixed quota, VAR-5);
// score = round(m_g ÷ M × ScoreScale) to ScoreDecimals, half-up, from the exact
// m_g and M.
// avg_cost is the mean of the group's kept cases of the latest year (to the
// fen, half-up), or m_g when it has none there; avg_cost_<level> the same at
// each level, none (0) when the level has no kept case in the latest year.
// Groups are sorted by code; the cases' group codes are not used. Multiplying
// every cost by k leaves the scores unchanged (section 11 item 6), except under
// a fixed quota. A score base the history cannot give (a base group not built,
// or with no kept case or a zero mean) is a *ScoreBaseError.
func BuildCatalog(h []HistoryCase, opt BuildOptions) (*Catalog, *BuildReport, error) {
	opt = opt.withDefaults()
	if opt.CoreMinCases < 0 || opt.ScoreScale < 0 || opt.ScoreDecimals < 0 || opt.ScoreDecimals > pv.MaxScale || opt.Trim > TrimPercentile {
		return nil, nil, fmt.Errorf("dip: %w: build options", pv.ErrInvalidArgument)
	}
	if b := opt.ScoreBase; b.Kind > BaseQuota || b.Kind == BaseQuota && b.Quota <= 0 {
		return nil, nil, &ScoreBaseError{Base: b.String(), Reason: "the quota is an amount > 0 with at most 2 decimals", Err: pv.ErrRange}
	}
	if len(h) == 0 {
		return nil, nil, fmt.Errorf("dip: %w: empty history", pv.ErrInvalidArgument)
	}
	line := func(i int) int {
		if h[i].Line != 0 {
			return h[i].Line
		}
		return i + 1
	}
	first, yidx, err := calib.Window(len(h), func(i int) (int, int) { return h[i].Year, line(i) }, opt.YearWeights, "dip", opt.Source)
	if err != nil {
		return nil, nil, err
	}
	rep := &BuildReport{Cases: len(h), Years: calib.Years(first, len(opt.YearWeights)), YearWeights: slices.Clone(opt.YearWeights)}
	// Pass 1: raw counts of the core keys.
	var errs pv.ErrorList
	coreCount := map[string]int{}
	keys := make([]string, len(h))
	for i := range h {
		c := &h[i]
		if c.Cost < 0 {
			errs.Addf(opt.Source, line(i), "total_cost", c.Cost.String(), pv.ErrNegative)
			continue
		}
		if c.Level >= param.NumLevels {
			errs.Addf(opt.Source, line(i), "level", c.Level.String(), pv.ErrEnum)
			continue
		}
		diag, procs, _, _, okCore, _ := caseKey(c)
		if okCore {
			keys[i] = diag + "\x00" + strings.Join(procs, "|")
			coreCount[keys[i]]++
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	// Pass 2: each case to its group.
	index := map[string]*buildGroup{}
	var groups []*buildGroup
	for i := range h {
		c := &h[i]
		diag, procs, cat, t, okCore, okComp := caseKey(c)
		var code string
		var g Group
		switch {
		case okCore && coreCount[keys[i]] >= opt.CoreMinCases:
			code = diag
			if len(procs) > 0 {
				code += "+" + strings.Join(procs, "+")
			}
			g = Group{Code: code, Kind: Core, Diagnosis: diag, Procedures: procs}
		case okComp:
			code = cat + "-" + t.String()
			g = Group{Code: code, Kind: Comprehensive, Diagnosis: cat, Treatment: t}
		default:
			rep.Ungrouped++
			continue
		}
		bg := index[code]
		if bg == nil {
			bg = &buildGroup{g: g}
			index[code] = bg
			groups = append(groups, bg)
		}
		bg.costs = append(bg.costs, int64(c.Cost))
		bg.years = append(bg.years, yidx[i])
		bg.levels = append(bg.levels, c.Level)
	}
	slices.SortFunc(groups, func(a, b *buildGroup) int { return cmp.Compare(a.g.Code, b.g.Code) })

	ss := make([]groupSums, len(groups))
	allNum, allDen := new(big.Int), new(big.Int)
	for i, bg := range groups {
		s := &ss[i]
		s.lo, s.hi = math.MinInt64, math.MaxInt64
		if opt.Trim == TrimPercentile {
			s.lo, s.hi = calib.PercentileBounds(bg.costs)
		}
		s.num, s.den, s.kept = calib.WeightedSums(bg.costs, bg.years, s.lo, s.hi, opt.YearWeights)
		rep.Trimmed += len(bg.costs) - s.kept
		allNum.Add(allNum, s.num)
		allDen.Add(allDen, s.den)
	}
	if allNum.Sign() == 0 {
		return nil, nil, fmt.Errorf("dip: %w: the mean cost M is zero (no kept grouped case with a cost in a weighted year)", pv.ErrRange)
	}
	rep.Average = pv.Money(calib.Clamp64(calib.HalfUp(allNum, allDen)))
	// M = mNum ÷ mDen fen (VAR-5).
	mNum, mDen, err := scoreBase(opt.ScoreBase, groups, ss, allNum, allDen)
	if err != nil {
		return nil, nil, err
	}
	rep.M, rep.ScoreBase = pv.Money(calib.Clamp64(calib.HalfUp(mNum, mDen))), opt.ScoreBase
	last := int8(len(opt.YearWeights) - 1)
	unit := big.NewInt(pv.ScaleUnit(opt.ScoreDecimals))
	var out []Group
	for i, bg := range groups {
		s := &ss[i]
		gr := GroupReport{Code: bg.g.Code, Kind: bg.g.Kind, Cases: len(bg.costs), Kept: s.kept}
		if s.den.Sign() == 0 {
			gr.Dropped = true
			rep.Groups = append(rep.Groups, gr)
			continue
		}
		gr.Mean = pv.Money(calib.Clamp64(calib.HalfUp(s.num, s.den)))
		// score in 10⁻⁸ point: round(num_g·mDen·ScoreScale·10⁸ ÷ (den_g·mNum·unit)) × unit.
		n := new(big.Int).Mul(s.num, mDen)
		n.Mul(n, big.NewInt(opt.ScoreScale))
		n.Mul(n, big.NewInt(pv.FactorUnit))
		d := new(big.Int).Mul(s.den, mNum)
		d.Mul(d, unit)
		sc := calib.HalfUp(n, d)
		sc.Mul(sc, unit)
		if !sc.IsInt64() {
			gr.Dropped = true
			rep.Groups = append(rep.Groups, gr)
			continue
		}
		g := bg.g
		g.Score = pv.Points(sc.Int64())
		// reference costs: the latest year's kept mean, overall and per level.
		var tot big.Int
		var n0 int64
		var lsum [param.NumLevels]big.Int
		var ln [param.NumLevels]int64
		for j, c := range bg.costs {
			if bg.years[j] != last || c < s.lo || c > s.hi {
				continue
			}
			tot.Add(&tot, big.NewInt(c))
			n0++
			lsum[bg.levels[j]].Add(&lsum[bg.levels[j]], big.NewInt(c))
			ln[bg.levels[j]]++
		}
		if n0 > 0 {
			g.AvgCost = pv.Money(calib.Clamp64(calib.HalfUp(&tot, big.NewInt(n0))))
			for l := range param.NumLevels {
				if ln[l] > 0 {
					g.AvgCostByLevel[l] = pv.Money(calib.Clamp64(calib.HalfUp(&lsum[l], big.NewInt(ln[l]))))
				}
			}
		} else {
			g.AvgCost = gr.Mean
		}
		if g.AvgCost <= 0 {
			gr.Dropped = true
			rep.Groups = append(rep.Groups, gr)
			continue
		}
		rep.Groups = append(rep.Groups, gr)
		if g.Kind == Core {
			rep.Core++
		} else {
			rep.Comprehensive++
		}
		out = append(out, g)
	}
	c, err := NewCatalog(out)
	if err != nil {
		return nil, nil, err
	}
	return c, rep, nil
}

// groupSums are a built group's weighted sums over its kept cases (m_g = num ÷
// den fen) and its trimming bounds.
type groupSums struct {
	num, den *big.Int
	lo, hi   int64
	kept     int
}

// scoreBase returns VAR-5's M as mNum ÷ mDen fen: the average of every kept
// grouped case (allNum ÷ allDen), the base group's m_g, or the quota.
func scoreBase(b ScoreBase, groups []*buildGroup, ss []groupSums, allNum, allDen *big.Int) (mNum, mDen *big.Int, err error) {
	switch b.Kind {
	case BaseGroup:
		want, _ := param.NormalizeCode(b.Group) // compared as codes are (ERR-6)
		for i, bg := range groups {
			if code, _ := param.NormalizeCode(bg.g.Code); code != want {
				continue
			}
			if ss[i].den.Sign() == 0 || ss[i].num.Sign() <= 0 {
				return nil, nil, &ScoreBaseError{Base: b.String(), Reason: "the base group has no kept case with a cost in a weighted year"}
			}
			return ss[i].num, ss[i].den, nil
		}
		return nil, nil, &ScoreBaseError{Base: b.String(), Reason: "no group " + b.Group + " was built from the history"}
	case BaseQuota:
		return big.NewInt(int64(b.Quota)), big.NewInt(1), nil
	}
	return allNum, allDen, nil
}

// Write writes the catalog as catalog.csv (docs/formats.md): group_code, kind,
// diagnosis, procedures (|-joined), treatment, score (4 decimals, 8 when it has
// more), avg_cost, avg_cost_tertiary, avg_cost_secondary, avg_cost_primary
// (empty when none), primary (0/1), in the catalog's order. ReadCatalog reads
// it back to an equal catalog (at a PointScale that holds the scores).
func (c *Catalog) Write(out io.Writer) error {
	cw := csvio.NewWriter(out)
	head := []string{"group_code", "kind", "diagnosis", "procedures", "treatment", "score", "avg_cost"}
	head = append(head, levelColumns[:]...)
	head = append(head, "primary")
	varied := false // VAR-4's columns are written when a group has them
	for _, g := range c.Groups {
		varied = varied || g.Factor != 0 || g.CoefByLevel != [param.NumLevels]pv.Factor{}
	}
	if varied {
		head = append(append(head, "factor"), coefColumns[:]...)
	}
	if err := cw.Write(head...); err != nil {
		return err
	}
	rec := make([]string, len(head))
	for _, g := range c.Groups {
		rec = append(rec[:0], g.Code, g.Kind.String(), g.Diagnosis, strings.Join(g.Procedures, "|"),
			g.Treatment.String(), g.Score.String(), g.AvgCost.String())
		for _, m := range g.AvgCostByLevel {
			s := ""
			if m != 0 {
				s = m.String()
			}
			rec = append(rec, s)
		}
		p := "0"
		if g.Primary {
			p = "1"
		}
		rec = append(rec, p)
		if varied {
			for _, f := range append([]pv.Factor{g.Factor}, g.CoefByLevel[:]...) {
				s := ""
				if f != 0 {
					s = f.String()
				}
				rec = append(rec, s)
			}
		}
		if err := cw.Write(rec...); err != nil {
			return err
		}
	}
	return cw.Flush()
}
