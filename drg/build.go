package drg

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"

	"github.com/dipdrg/dipdrg/internal/calib"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// HistoryCase is one discharged case of a history year, as the builders need it
// (DRG-2, DRG-4). Package budget converts history files (cases.csv columns plus
// `year`) into these.
type HistoryCase struct {
	Year     int
	Group    string           // DRG code; "" = ungrouped (left out of every average)
	Hospital string           // hospital_id (DRG-4)
	Cost     pointvalue.Money // total cost 医疗总费用, ≥ 0
	// Line names the case in errors (its physical line in the history file);
	// 0 means its position in the slice, counting from 1.
	Line int
}

// TrimRule is how a group's history costs are trimmed before averaging (DRG-2).
type TrimRule uint8

const (
	// TrimDefault is the zero value: DRG-2's default, TrimSD.
	TrimDefault TrimRule = iota
	// TrimNone keeps every case.
	TrimNone
	// TrimSD drops cases outside mean ± K·SD of their group (population SD, one
	// pass); a case exactly on a bound is kept.
	TrimSD
	// TrimPercentile drops cases outside the group's [P2.5, P97.5] cost
	// (nearest-rank percentiles); a case equal to a bound is kept.
	TrimPercentile
)

// String returns "none", "sd" or "percentile" ("sd" for TrimDefault).
func (t TrimRule) String() string {
	switch t {
	case TrimNone:
		return "none"
	case TrimDefault, TrimSD:
		return "sd"
	case TrimPercentile:
		return "percentile"
	}
	return "trim(" + strconv.Itoa(int(t)) + ")"
}

// BuildOptions are the builder's parameters (DRG-2). They are options of the
// function, not policy fields; a zero field takes its default.
type BuildOptions struct {
	// YearWeights weigh the history years, oldest first (PV-3's weights). They
	// apply to the len(YearWeights) consecutive years ending with the latest
	// year of the history; a case in an earlier year is an error. nil: 1:2:7
	// (pointvalue.DefaultYearWeights) over three years.
	YearWeights []pointvalue.Factor
	// Trim is the trimming rule (default TrimSD); K the number of standard
	// deviations of TrimSD (default 3).
	Trim TrimRule
	K    pointvalue.Factor
	// StableMinCases (default 5) and StableMaxCV (default 1): a group is
	// stable (稳定病组) with at least StableMinCases raw cases over all years and
	// a coefficient of variation of its kept costs ≤ StableMaxCV.
	StableMinCases int
	StableMaxCV    pointvalue.Factor
	// Source names the history in errors (default "history").
	Source string
}

func (o BuildOptions) withDefaults() BuildOptions {
	if o.YearWeights == nil {
		o.YearWeights = pointvalue.DefaultYearWeights()
	}
	if o.Trim == TrimDefault {
		o.Trim = TrimSD
	}
	if o.K == 0 {
		o.K = 3 * pointvalue.One
	}
	if o.StableMinCases == 0 {
		o.StableMinCases = 5
	}
	if o.StableMaxCV == 0 {
		o.StableMaxCV = pointvalue.One
	}
	if o.Source == "" {
		o.Source = "history"
	}
	return o
}

// GroupReport is what the builder found for one DRG.
type GroupReport struct {
	Code   string
	Cases  int               // raw cases over all years, before trimming
	Kept   int               // cases left after trimming
	Mean   pointvalue.Money  // m_g, the weighted mean of the kept costs, to the fen (half-up)
	CV     pointvalue.Factor // coefficient of variation of the kept costs, truncated to 8 decimals
	Stable bool
	// Dropped: the group is not in the table, because it has no kept case in a
	// year of positive weight or its RW rounds to 0.
	Dropped bool
}

// BuildReport explains a built table.
type BuildReport struct {
	Years       []int               // the weighted years, oldest first
	YearWeights []pointvalue.Factor // their weights
	Cases       int                 // history cases given
	Ungrouped   int                 // cases without a group (in no average)
	Trimmed     int                 // cases dropped by trimming
	M           pointvalue.Money    // the weighted mean cost of every kept grouped case, to the fen
	Groups      []GroupReport       // by code, byte order
}

// groupStats accumulates one group's costs.
type groupStats struct {
	code  string
	costs []int64 // fen, in history order
	years []int8  // the case's index in the year window
}

// trimBounds returns the kept cost range of a group under rule t.
func trimBounds(costs []int64, t TrimRule, k pointvalue.Factor) (lo, hi int64) {
	switch t {
	case TrimSD:
		return calib.SDBounds(costs, k)
	case TrimPercentile:
		return calib.PercentileBounds(costs)
	}
	return math.MinInt64, math.MaxInt64
}

// BuildWeights builds a CHS-DRG weights table from history (DRG-2, section 13):
// RW_g = m_g ÷ M to 4 decimals half-up, where m_g is the group's weighted mean
// cost Σ w·cost ÷ Σ w·n over its kept cases (trimmed per group, over all years
// together, unweighted) and M the same over every kept case with a group.
// A group is stable with at least StableMinCases raw cases and a CV of its
// kept costs ≤ StableMaxCV (compared exactly). avg_cost is the mean of the
// group's kept cases of the latest year, to the fen half-up, or m_g when it has
// none there. names gives each code's name (a code without one is named by
// itself: weights.csv requires a name). Groups are sorted by code. Ungrouped
// cases are left out; negative costs and years before the window are errors
// (*pointvalue.ErrorList naming the case). Multiplying every cost by k leaves
// every RW and stable flag unchanged (section 11 item 6).
func BuildWeights(h []HistoryCase, names map[string]string, opt BuildOptions) (*Weights, *BuildReport, error) {
	opt = opt.withDefaults()
	if opt.K <= 0 || opt.StableMinCases < 0 || opt.StableMaxCV < 0 || opt.Trim > TrimPercentile {
		return nil, nil, fmt.Errorf("drg: %w: build options", pointvalue.ErrInvalidArgument)
	}
	if len(h) == 0 {
		return nil, nil, fmt.Errorf("drg: %w: empty history", pointvalue.ErrInvalidArgument)
	}
	line := func(i int) int {
		if h[i].Line != 0 {
			return h[i].Line
		}
		return i + 1
	}
	first, yidx, err := calib.Window(len(h), func(i int) (int, int) { return h[i].Year, line(i) }, opt.YearWeights, "drg", opt.Source)
	if err != nil {
		return nil, nil, err
	}
	rep := &BuildReport{Cases: len(h), Years: calib.Years(first, len(opt.YearWeights)), YearWeights: slices.Clone(opt.YearWeights)}
	var errs pointvalue.ErrorList
	index := map[string]int{}
	var groups []*groupStats
	for i := range h {
		c := &h[i]
		if c.Cost < 0 {
			errs.Addf(opt.Source, line(i), "total_cost", c.Cost.String(), pointvalue.ErrNegative)
			continue
		}
		if c.Group == "" {
			rep.Ungrouped++
			continue
		}
		gi, ok := index[c.Group]
		if !ok {
			gi = len(groups)
			index[c.Group] = gi
			groups = append(groups, &groupStats{code: c.Group})
		}
		g := groups[gi]
		g.costs = append(g.costs, int64(c.Cost))
		g.years = append(g.years, yidx[i])
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(groups, func(a, b *groupStats) int { return cmp.Compare(a.code, b.code) })

	type built struct {
		num, den *big.Int
		lo, hi   int64
		kept     int
		stable   bool
		cv       pointvalue.Factor
		avg      pointvalue.Money
	}
	last := int8(len(opt.YearWeights) - 1)
	bs := make([]built, len(groups))
	allNum, allDen := new(big.Int), new(big.Int)
	for i, g := range groups {
		b := &bs[i]
		b.lo, b.hi = trimBounds(g.costs, opt.Trim, opt.K)
		b.num, b.den, b.kept = calib.WeightedSums(g.costs, g.years, b.lo, b.hi, opt.YearWeights)
		rep.Trimmed += len(g.costs) - b.kept
		allNum.Add(allNum, b.num)
		allDen.Add(allDen, b.den)
		keep := func(c int64) bool { return c >= b.lo && c <= b.hi }
		m := calib.MomentsOf(g.costs, keep)
		b.cv = calib.CV(m)
		// CV ≤ MaxCV ⇔ (nQ − S²)·10¹⁶ ≤ MaxCV²·S² (MaxCV in 10⁻⁸).
		v := new(big.Int).Mul(m.Variance(), big.NewInt(1e16))
		mc := new(big.Int).Mul(big.NewInt(int64(opt.StableMaxCV)), m.S)
		b.stable = len(g.costs) >= opt.StableMinCases && m.S.Sign() > 0 && v.Cmp(mc.Mul(mc, mc)) <= 0
		// avg_cost: the latest year's kept mean, or m_g.
		ls, ln := new(big.Int), int64(0)
		for j, c := range g.costs {
			if g.years[j] == last && keep(c) {
				ls.Add(ls, big.NewInt(c))
				ln++
			}
		}
		if ln > 0 {
			b.avg = pointvalue.Money(calib.HalfUp(ls, big.NewInt(ln)).Int64())
		} else if b.den.Sign() > 0 {
			b.avg = pointvalue.Money(calib.Clamp64(calib.HalfUp(b.num, b.den)))
		}
	}
	if allNum.Sign() == 0 {
		return nil, nil, fmt.Errorf("drg: %w: the region mean cost M is zero (no kept grouped case with a cost in a weighted year)", pointvalue.ErrRange)
	}
	rep.M = pointvalue.Money(calib.Clamp64(calib.HalfUp(allNum, allDen)))
	var out []Group
	for i, g := range groups {
		b := &bs[i]
		gr := GroupReport{Code: g.code, Cases: len(g.costs), Kept: b.kept, CV: b.cv, Stable: b.stable}
		if b.den.Sign() == 0 {
			gr.Dropped = true
			rep.Groups = append(rep.Groups, gr)
			continue
		}
		gr.Mean = pointvalue.Money(calib.Clamp64(calib.HalfUp(b.num, b.den)))
		// RW = (num_g ÷ den_g) ÷ (num ÷ den), to 4 decimals: in 10⁻⁸ units
		// round(num_g·den·10⁴ ÷ (den_g·num)) × 10⁴.
		n := new(big.Int).Mul(b.num, allDen)
		n.Mul(n, big.NewInt(1e4))
		d := new(big.Int).Mul(b.den, allNum)
		rw := calib.HalfUp(n, d)
		if rw.Sign() == 0 || !rw.IsInt64() || rw.Int64() > math.MaxInt64/10_000 {
			gr.Dropped = true
			rep.Groups = append(rep.Groups, gr)
			continue
		}
		rep.Groups = append(rep.Groups, gr)
		name := names[g.code]
		if name == "" {
			name = g.code
		}
		out = append(out, Group{Code: g.code, Name: name, Weight: pointvalue.Factor(rw.Int64() * 1e4),
			AvgCost: b.avg, Stable: b.stable})
	}
	w, err := NewWeights(out)
	if err != nil {
		return nil, nil, err
	}
	return w, rep, nil
}

// formatWeight writes a factor with 4 decimals, or 8 when it has more.
func formatWeight(f pointvalue.Factor) string {
	if int64(f)%1e4 != 0 {
		return f.Format(8)
	}
	return f.Format(4)
}

// Write writes the table as weights.csv (docs/formats.md): drg_code,weight,name,
// avg_cost,stable in the table's order; weight with 4 decimals (8 when it has
// more), avg_cost with 2 (empty when 0: not given), stable 0/1. ReadWeights
// reads it back to an equal table.
func (w *Weights) Write(out io.Writer) error {
	cw := csvio.NewWriter(out)
	head := []string{"drg_code", "weight", "name", "avg_cost", "stable"}
	varied := false // VAR-4's columns are written when a group has them
	for _, g := range w.Groups {
		varied = varied || g.Factor != 0 || g.CoefByLevel != [param.NumLevels]pointvalue.Factor{}
	}
	if varied {
		head = append(append(head, "factor"), coefColumns[:]...)
	}
	if err := cw.Write(head...); err != nil {
		return err
	}
	for _, g := range w.Groups {
		avg, stable := "", "0"
		if g.AvgCost != 0 {
			avg = g.AvgCost.String()
		}
		if g.Stable {
			stable = "1"
		}
		rec := []string{g.Code, formatWeight(g.Weight), g.Name, avg, stable}
		if varied {
			for _, f := range append([]pointvalue.Factor{g.Factor}, g.CoefByLevel[:]...) {
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

// HospitalCoefficients computes DRG-4's hospital coefficients (差异系数) from
// history: raw_h = Σ w·cost ÷ Σ w·m_g over the hospital's cases of the weighted
// years, where m_g is the group's weighted mean cost over all hospitals' cases
// of the same history (untrimmed: the coefficient measures all the money the
// hospital spent), so that the case-weighted mean of raw over the region is 1.
// Only cases of stable groups of w count: unstable and ungrouped cases are paid
// without a coefficient (DRG-5). coef = 1 + blend × (raw − 1), blend in [0, 1]
// (CoefBlend, 1 = raw), rounded once to 4 decimals half-up. yearWeights as
// BuildOptions.YearWeights (nil: 1:2:7). A hospital with no counted case gets
// no coefficient; one whose coefficient rounds to 0 is an error (hospitals.csv
// needs a coefficient > 0).
func HospitalCoefficients(h []HistoryCase, w *Weights, yearWeights []pointvalue.Factor, blend pointvalue.Factor) (map[string]pointvalue.Factor, error) {
	if w == nil || blend < 0 || blend > pointvalue.One {
		return nil, fmt.Errorf("drg: %w: nil weights or blend outside [0, 1]", pointvalue.ErrInvalidArgument)
	}
	if yearWeights == nil {
		yearWeights = pointvalue.DefaultYearWeights()
	}
	if len(h) == 0 {
		return map[string]pointvalue.Factor{}, nil
	}
	line := func(i int) int {
		if h[i].Line != 0 {
			return h[i].Line
		}
		return i + 1
	}
	_, yidx, err := calib.Window(len(h), func(i int) (int, int) { return h[i].Year, line(i) }, yearWeights, "drg", "history")
	if err != nil {
		return nil, err
	}
	ny := len(yearWeights)
	// per group: Σ cost and n per year; per (hospital, group): n per year; per hospital: Σ cost per year.
	type gsum struct {
		s []*big.Int
		n []int64
	}
	gs := make([]gsum, w.Len())
	type hsum struct {
		s  []*big.Int
		gn map[int32][]int64
	}
	hs := map[string]*hsum{}
	for i := range h {
		c := &h[i]
		if c.Cost < 0 {
			return nil, fmt.Errorf("drg: history case %d: total_cost %s: %w", line(i), c.Cost, pointvalue.ErrNegative)
		}
		g, ok := w.Lookup(c.Group)
		if !ok || !w.Groups[g].Stable {
			continue
		}
		y := yidx[i]
		if gs[g].s == nil {
			gs[g] = gsum{s: calib.Zeros(ny), n: make([]int64, ny)}
		}
		gs[g].s[y].Add(gs[g].s[y], big.NewInt(int64(c.Cost)))
		gs[g].n[y]++
		hh := hs[c.Hospital]
		if hh == nil {
			hh = &hsum{s: calib.Zeros(ny), gn: map[int32][]int64{}}
			hs[c.Hospital] = hh
		}
		hh.s[y].Add(hh.s[y], big.NewInt(int64(c.Cost)))
		if hh.gn[g] == nil {
			hh.gn[g] = make([]int64, ny)
		}
		hh.gn[g][y]++
	}
	out := map[string]pointvalue.Factor{}
	for id, hh := range hs {
		// actual = Σ_y w_y·S_hy; expected = Σ_g m_g·Σ_y w_y·n_hgy, m_g = A_g ÷ B_g.
		act, _ := calib.Weigh(yearWeights, hh.s, nil)
		actual := new(big.Rat).SetInt(act)
		expected := new(big.Rat)
		for g, n := range hh.gn {
			a, b := calib.Weigh(yearWeights, gs[g].s, gs[g].n)
			_, wnb := calib.Weigh(yearWeights, nil, n)
			if b.Sign() == 0 {
				continue
			}
			expected.Add(expected, new(big.Rat).SetFrac(new(big.Int).Mul(a, wnb), b))
		}
		if expected.Sign() == 0 {
			continue // no counted case in a year of positive weight (or all costs 0)
		}
		raw := new(big.Rat).Quo(actual, expected)
		// coef = 1 + blend·(raw − 1), then ×10⁴ rounded half-up, ×10⁴ to 10⁻⁸ units.
		bl := big.NewRat(int64(blend), pointvalue.FactorUnit)
		coef := new(big.Rat).Sub(raw, big.NewRat(1, 1))
		coef.Mul(coef, bl).Add(coef, big.NewRat(1, 1))
		coef.Mul(coef, big.NewRat(1e4, 1))
		q := calib.HalfUp(new(big.Int).Set(coef.Num()), new(big.Int).Set(coef.Denom()))
		if q.Sign() <= 0 || !q.IsInt64() || q.Int64() > math.MaxInt64/10_000 {
			return nil, fmt.Errorf("drg: hospital %s: %w: coefficient %s rounds outside (0, 9·10¹⁰)", id, pointvalue.ErrRange, coef.FloatString(4))
		}
		out[id] = pointvalue.Factor(q.Int64() * 1e4)
	}
	return out, nil
}

// WriteCoefficients writes hospital coefficients as a CSV of hospital_id,
// coefficient (4 decimals, 8 when more), sorted by hospital_id: the values of
// hospitals.csv's coefficient column.
func WriteCoefficients(out io.Writer, coefs map[string]pointvalue.Factor) error {
	ids := make([]string, 0, len(coefs))
	for id := range coefs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cw := csvio.NewWriter(out)
	if err := cw.Write("hospital_id", "coefficient"); err != nil {
		return err
	}
	for _, id := range ids {
		if err := cw.Write(id, formatWeight(coefs[id])); err != nil {
			return err
		}
	}
	return cw.Flush()
}
