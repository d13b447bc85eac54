package drg

import (
	"fmt"
	"math/bits"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Errors of scoring. They wrap pointvalue sentinels, so errors.Is works; the
// caller adds the record's location.
var (
	// ErrNoRegionAvgCost: a case needs M (region_avg_cost) and the policy gives none.
	ErrNoRegionAvgCost = fmt.Errorf("%w: region_avg_cost (M) is required: the weights table has no avg_cost for the group, or the case is ungrouped or in an unstable group", pointvalue.ErrPolicy)

	errNegativeCost    = fmt.Errorf("%w: total_cost", pointvalue.ErrNegative)
	errNegativeSpecial = fmt.Errorf("%w: special_points", pointvalue.ErrNegative)
	errSpecialDecimals = fmt.Errorf("%w: special_points has more decimals than the point scale", pointvalue.ErrPrecision)
	errHospital        = fmt.Errorf("%w: hospital index out of range", pointvalue.ErrUnknownHospital)
	errGroupIndex      = fmt.Errorf("%w: group index out of range", pointvalue.ErrInvalidArgument)
)

const unit = pointvalue.FactorUnit // 10⁸: the integer 1 of Factor and Points

// Result is the scoring of one case (EXP-1).
type Result struct {
	Class   Class
	Base    pointvalue.Points // DRG-3 base points (基准点数); 0 when the case has no group
	RefCost pointvalue.Money  // the group's reference cost, to the fen (display); 0 when no group
	Ratio   pointvalue.Factor // cost ÷ reference, 4 decimals (display); 0 when no group
	Coef    pointvalue.Factor // hospital coefficient applied (DRG-4); 0 when none is (unstable, ungrouped, special)
	Points  pointvalue.Points // final case points, rounded once to PointScale
	Flags   CaseFlags
	Rules   RuleSet
}

// groupCalc is what scoring needs of a group, worked out once by NewScorer.
// The loop's fields come first: one cache line serves a normal case.
type groupCalc struct {
	// the fast path's normal band: a case is normal when lo ≤ cost ≤ hi (fen);
	// b is the base in PointScale steps; ok false when the group takes no fast path
	lo, hi, b int64
	ok        bool
	stable    bool
	dOK       bool // d fits 64 bits
	ti        int  // index of T(base) in Params.HighThresholds
	// the outlier classes' integers: ref = refN ÷ refD fen (refD divides 10⁸),
	// d = 10⁸·refN when it fits 64 bits (dOK)
	refN, refD, d uint64

	f            pointvalue.Factor // VAR-4's factor (1 when none)
	coefLevel    [param.NumLevels]pointvalue.Factor
	hasCoefLevel bool

	base    int64            // DRG-3 base points in 10⁻⁸ point, rounded to PointScale
	ref     pointvalue.Exact // reference cost in fen (A09: RW × M when no avg_cost)
	hasRef  bool             // false: no avg_cost and no M
	refCost pointvalue.Money // display
	weight  pointvalue.Factor
}

// Scorer scores DRG cases (DRG-3/4/5, with the DRG-7 and DRG-8 marks the engine
// sets) for one policy and fund. It is immutable once built: ScoreRows and Score
// are safe for concurrent use, and scoring shards of a batch in any order gives
// the same points.
type Scorer struct {
	w      *Weights
	p      Params
	env    Env
	coefs  []pointvalue.Factor // each hospital's coefficient (Hospital.Coef)
	hosp   []Hospital
	groups []groupCalc
	unit   int64              // 10^(8−PointScale)
	t      []pointvalue.Exact // T of each threshold
	low    pointvalue.Exact   // LowRatio
	re     pointvalue.Exact   // ReadmitFactor
	fn, fd int64              // ReadmitFactor, reduced (the loop's integers)
	dM     uint64             // M·unit for the ungrouped and unstable classes (0: not in 64 bits, or no M)
	simple bool               // every hospital's coefficient its own, not per fund: k = coefs[h]
	out    outcomes           // the loop's outcome words
}

// Hospital is what scoring needs of a hospital, in the fund the Scorer scores.
type Hospital struct {
	// Coef is the hospital's coefficient k (差异系数, DRG-4) in VAR-3's order: its
	// own for the fund (coefficient_<fund>), else its own (coefficient) — Own is
	// then true — else 1.
	Coef pointvalue.Factor
	// Own says Coef is the hospital's own: it comes before a group's
	// coef_<level> (VAR-4); without one the group's level coefficient, or 1, applies.
	Own bool
	// PerFund says Coef is coefficient_<fund>: cases it applies to carry VAR-3.
	PerFund bool
	Level   param.Level // picks a group's level coefficient (VAR-4)
}

// Hospitals returns hospitals with their own coefficients coefs (> 0): the
// plain DRG-4 setting, one coefficient per hospital.
func Hospitals(coefs []pointvalue.Factor) []Hospital {
	hs := make([]Hospital, len(coefs))
	for i, k := range coefs {
		hs[i] = Hospital{Coef: k, Own: true}
	}
	return hs
}

// NewScorer checks p and env and precomputes each group's base points,
// threshold, reference cost and normal band. hospitals are indexed as a case's
// Hospital refers to them (a coefficient must be > 0). w, p and hospitals are
// copied or not modified.
func NewScorer(w *Weights, p Params, env Env, hospitals []Hospital) (*Scorer, error) {
	if w == nil {
		return nil, fmt.Errorf("drg: %w: nil weights", pointvalue.ErrInvalidArgument)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := env.validate(); err != nil {
		return nil, err
	}
	p.HighThresholds = append([]Threshold(nil), p.HighThresholds...)
	for i, h := range hospitals {
		if h.Coef <= 0 || h.Level >= param.NumLevels {
			return nil, fmt.Errorf("drg: %w: hospital %d: coefficient %s must be > 0", pointvalue.ErrPolicy, i, h.Coef)
		}
	}
	s := &Scorer{w: w, p: p, env: env, hosp: append([]Hospital(nil), hospitals...), unit: pointvalue.ScaleUnit(env.PointScale)}
	s.coefs = make([]pointvalue.Factor, len(hospitals))
	s.simple = true
	for i, h := range hospitals {
		s.coefs[i] = h.Coef
		s.simple = s.simple && h.Own && !h.PerFund
	}
	s.low = pointvalue.ExactFrac(int64(p.LowRatio), unit)
	s.re = pointvalue.ExactFrac(int64(p.ReadmitFactor), unit)
	s.fn, s.fd = reduce(int64(p.ReadmitFactor), unit)
	for _, th := range p.HighThresholds {
		s.t = append(s.t, pointvalue.ExactFrac(int64(th.T), unit))
	}
	M := int64(env.RegionAvgCost)
	if h, l := bits.Mul64(uint64(M), uint64(s.unit)); M > 0 && h == 0 {
		s.dM = l
	}
	s.out = newOutcomes()
	s.groups = make([]groupCalc, len(w.Groups))
	for i, g := range w.Groups {
		if g.Weight <= 0 || g.AvgCost < 0 {
			return nil, fmt.Errorf("drg: %w: group %s: weight %s, avg_cost %s", pointvalue.ErrInvalidArgument, g.Code, g.Weight, g.AvgCost)
		}
		gc := groupCalc{weight: g.Weight, stable: g.Stable, f: g.Factor, coefLevel: g.CoefByLevel}
		if gc.f == 0 {
			gc.f = pointvalue.One
		}
		if g.Factor < 0 {
			return nil, fmt.Errorf("drg: %w: group %s: factor %s", pointvalue.ErrInvalidArgument, g.Code, g.Factor)
		}
		for _, k := range g.CoefByLevel {
			if k < 0 {
				return nil, fmt.Errorf("drg: %w: group %s: level coefficient %s", pointvalue.ErrInvalidArgument, g.Code, k)
			}
			gc.hasCoefLevel = gc.hasCoefLevel || k > 0
		}
		// DRG-3: base = RW × 100, rounded to PointScale; RW in 10⁻⁸ × 100 is the base in 10⁻⁸ point.
		b, err := pointvalue.ExactInt(int64(g.Weight)).Mul(100).Round(s.unit, env.Rounding)
		if err != nil {
			return nil, fmt.Errorf("drg: group %s: base points: %w", g.Code, err)
		}
		gc.base = b
		gc.ti = len(p.HighThresholds) - 1
		for j, th := range p.HighThresholds {
			if th.Unbounded || pointvalue.Points(gc.base) <= th.UpTo {
				gc.ti = j
				break
			}
		}
		switch {
		case g.AvgCost > 0:
			gc.ref, gc.hasRef, gc.refCost = pointvalue.ExactInt(int64(g.AvgCost)), true, g.AvgCost
			gc.refN, gc.refD = uint64(g.AvgCost), 1
		case M > 0: // A09: reference = RW × M = w·M ÷ 10⁸ fen
			gc.ref, gc.hasRef = pointvalue.ExactFrac(int64(g.Weight), unit).Mul(M), true
			if h, l := bits.Mul64(uint64(g.Weight), uint64(M)); h == 0 && l < 1<<63 {
				n, d := reduce(int64(l), unit)
				gc.refN, gc.refD = uint64(n), uint64(d)
			}
			rc, err := gc.ref.Round(1, env.Rounding)
			if err != nil {
				return nil, fmt.Errorf("drg: group %s: reference cost RW × M: %w", g.Code, err)
			}
			gc.refCost = pointvalue.Money(rc)
		}
		s.band(&gc)
		s.groups[i] = gc
	}
	return s, nil
}

// band works out g's normal band: a case is high when cost ÷ ref > T, i.e. cost >
// floor(T·ref), and low when cost ÷ ref < L, i.e. cost < ceil(L·ref) (cost is a
// whole number of fen). The fast path covers stable groups whose base is a whole
// number of PointScale steps below 2³¹ steps.
func (s *Scorer) band(g *groupCalc) {
	if !g.stable || !g.hasRef || g.base%s.unit != 0 || g.base/s.unit >= 1<<31 || g.f != pointvalue.One {
		return
	}
	ref := g.ref
	hi, err1 := ref.Mul(int64(s.p.HighThresholds[g.ti].T)).Quo(unit).Round(1, pointvalue.Down)
	lowBound := ref.Mul(int64(s.p.LowRatio)).Quo(unit)
	lo, err2 := lowBound.Round(1, pointvalue.Down)
	if err1 != nil || err2 != nil {
		return
	}
	if lowBound.Cmp(pointvalue.ExactInt(lo)) != 0 {
		lo++ // ceil
	}
	g.lo, g.hi, g.b, g.ok = lo, hi, g.base/s.unit, true
	if h, l := bits.Mul64(g.refN, unit); g.refN > 0 && h == 0 {
		g.d, g.dOK = l, true
	}
}

// Weights returns the scorer's weights table.
func (s *Scorer) Weights() *Weights { return s.w }

// Params returns the scorer's parameters (HighThresholds must not be modified).
func (s *Scorer) Params() Params { return s.p }

// Base returns the DRG-3 base points of group g (an index into Weights.Groups).
func (s *Scorer) Base(g int32) (pointvalue.Points, bool) {
	if g < 0 || int(g) >= len(s.groups) {
		return 0, false
	}
	return pointvalue.Points(s.groups[g].base), true
}

// Reference returns group g's reference cost as an exact fraction of fen (its
// avg_cost, or RW × M, A09) and whether it has one.
func (s *Scorer) Reference(g int32) (pointvalue.Exact, bool) {
	if g < 0 || int(g) >= len(s.groups) || !s.groups[g].hasRef {
		return pointvalue.Exact{}, false
	}
	return s.groups[g].ref, true
}

// Ratio is the explanation's cost ÷ reference cost of group g, rounded once to 4
// decimals by r (A65); ok is false when the group has no reference.
func (s *Scorer) Ratio(cost pointvalue.Money, g int32, r pointvalue.Rounding) (pointvalue.Factor, bool) {
	ref, ok := s.Reference(g)
	if !ok || ref.Sign() <= 0 {
		return 0, false
	}
	// cost·refD·10⁴ ÷ refN in integers when they fit (ratios are cost ÷ ref to 4 decimals)
	if gc := &s.groups[g]; gc.refN > 0 && cost >= 0 {
		h, l := bits.Mul64(uint64(cost), gc.refD*10_000)
		if q, ok := pointvalue.QuoRound128(h, l, gc.refN, r); ok && q < 1<<63/10_000 {
			return pointvalue.Factor(q * 10_000), true
		}
	}
	q, err := pointvalue.ExactInt(int64(cost)).Mul(unit).QuoExact(ref).Round(10_000, r)
	return pointvalue.Factor(q), err == nil
}

// Score computes one case's points with its explanation (EXP-1): DRG-3/4/5, with
// the DRG-7 and DRG-8 marks of its flags. It computes the points as ScoreRows
// does, and adds the reference cost, the displayed ratio (half-up) and the
// coefficient applied. Errors: a negative cost, a hospital or group index out of
// range, a needed M missing (ErrNoRegionAvgCost), points beyond int64 (ErrOverflow).
func (s *Scorer) Score(c *Case) (Result, error) {
	o, err := s.eval(c.Cost, c.Hospital, c.Group, c.Flags, c.Special)
	if err != nil {
		return Result{}, err
	}
	res := Result{Class: o.class, Points: o.points, Flags: o.flags, Rules: o.rules}
	if c.Group >= 0 {
		g := &s.groups[c.Group]
		res.Base, res.RefCost = pointvalue.Points(g.base), g.refCost
		res.Ratio, _ = s.Ratio(c.Cost, c.Group, pointvalue.HalfUp)
	}
	if o.rules&RuleDRG4 != 0 {
		res.Coef, _ = s.coef(c.Hospital, &s.groups[c.Group])
	}
	return res, nil
}

// scored is one case's outcome.
type scored struct {
	points pointvalue.Points
	class  Class
	flags  CaseFlags
	rules  RuleSet
}

// eval is DRG-5 (with DRG-3, DRG-4 and the DRG-7/8 marks) for one case as one
// exact fraction rounded once (NUM-2, A48), in the one evaluator
// (pointvalue.Exact). Precedence (section 13): approved special > ungrouped or
// unknown group > unstable > incomplete > high > low > normal.
func (s *Scorer) eval(cost pointvalue.Money, hosp, group int32, flags uint8, special pointvalue.Points) (scored, error) {
	var o scored
	if cost < 0 {
		return o, errNegativeCost
	}
	if hosp < 0 || int(hosp) >= len(s.coefs) {
		return o, errHospital
	}
	var g *groupCalc
	switch {
	case group >= 0 && int(group) < len(s.groups):
		g = &s.groups[group]
	case group == NoGroup:
		o.flags = FlagsUngrouped
	case group == UnknownGroup:
		o.flags = FlagsUngrouped | FlagsUnknownGroup
	default:
		return o, errGroupIndex
	}
	// DRG-8: an approved special case takes its points, nothing else.
	if flags&FlagSpecial != 0 && flags&FlagSpecialRefused == 0 {
		if special < 0 {
			return scored{}, errNegativeSpecial
		}
		if int64(special)%s.unit != 0 {
			return scored{}, errSpecialDecimals
		}
		return scored{points: special, class: Special, rules: RuleDRG8}, nil
	}
	if flags&FlagSpecialRefused != 0 {
		o.flags |= FlagsSpecialRefused
		o.rules |= RuleDRG8
	}
	readmit := flags&FlagReadmitted != 0 && s.p.ReadmitRule != param.ReadmitNone
	if readmit {
		o.flags |= FlagsReadmission
		o.rules |= RuleDRG7
	}
	var x pointvalue.Exact // the points in 10⁻⁸ point, exact
	if flags&FlagExcluded != 0 {
		// VAR-12: an excluded stay length is paid by cost ÷ M × 100, its group kept.
		o.class, o.flags = Ungrouped, o.flags&^(FlagsUngrouped|FlagsUnknownGroup)|FlagsExcludedLOS
		o.rules |= RuleDRG5 | RuleVAR12
		M := int64(s.env.RegionAvgCost)
		if M == 0 {
			return scored{}, ErrNoRegionAvgCost
		}
		x = pointvalue.ExactFrac(int64(cost), M).Mul(100 * unit)
	} else if g == nil || !g.stable {
		// unstable or ungrouped: cost ÷ M × 100, no coefficient
		if g == nil {
			o.class = Ungrouped
		} else {
			o.class = Unstable
			o.flags |= FlagsUnstable
		}
		o.rules |= RuleDRG5
		M := int64(s.env.RegionAvgCost)
		if M == 0 {
			return scored{}, ErrNoRegionAvgCost
		}
		x = pointvalue.ExactFrac(int64(cost), M).Mul(100 * unit)
	} else {
		if !g.hasRef {
			return scored{}, ErrNoRegionAvgCost
		}
		o.rules |= RuleDRG3 | RuleDRG4 | RuleDRG5
		r := pointvalue.ExactInt(int64(cost)).QuoExact(g.ref) // cost ÷ ref (NUM-5: exact)
		kf, kRules := s.coef(hosp, g)
		k := pointvalue.ExactFrac(int64(kf), unit)
		switch {
		case flags&FlagIncomplete != 0:
			o.class = Incomplete // A10: whatever its ratio
		case r.Cmp(s.t[g.ti]) > 0:
			o.class = High
		case r.Cmp(s.low) < 0:
			o.class = Low
		default:
			o.class = Normal
		}
		if o.class == Incomplete && s.p.IncompleteWithoutCoefficient {
			k, kRules = pointvalue.ExactInt(1), RuleVAR7 // VAR-7: no coefficient
			o.rules &^= RuleDRG4
		}
		o.rules |= kRules
		switch o.class {
		case Normal: // base × coef
			x = k.Mul(g.base)
		case High: // base × coef + base × (ratio − T)
			x = k.Add(r).Sub(s.t[g.ti]).Mul(g.base)
		default: // low and incomplete: min(base, base × coef × ratio)
			x = pointvalue.ExactInt(g.base).Min(k.Mul(g.base).MulExact(r))
		}
		if g.f != pointvalue.One { // VAR-4: × the group's factor, before the one rounding
			x = x.MulFrac(int64(g.f), unit)
			o.rules |= RuleVAR4
		}
	}
	if readmit {
		x = x.MulExact(s.re)
	}
	p, err := x.Round(s.unit, s.env.Rounding)
	if err != nil {
		return scored{}, err
	}
	o.points = pointvalue.Points(p)
	return o, nil
}

// reduce returns n/d in lowest terms (d > 0).
func reduce(n, d int64) (int64, int64) {
	g := gcd(n, d)
	if g <= 1 {
		return n, d
	}
	return n / g, d / g
}

// gcd of |a| and b > 0.
func gcd(a, b int64) int64 {
	if a < 0 {
		if a == -1<<63 {
			return 1
		}
		a = -a
	}
	for a != 0 {
		a, b = b%a, a
	}
	return b
}

// mul is x·y and whether it fits int64.
func mul(x, y int64) (int64, bool) {
	if x < 0 || y < 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(x), uint64(y))
	return int64(lo), hi == 0 && lo < 1<<63
}

// coef returns the coefficient k of a case of group g at hospital h (VAR-3,
// VAR-4): the hospital's own; else the group's level coefficient; else 1. rules
// are VAR-3 when a per-fund coefficient was used, VAR-4 when the group's.
func (s *Scorer) coef(h int32, g *groupCalc) (pointvalue.Factor, RuleSet) {
	hs := &s.hosp[h]
	switch {
	case hs.Own && hs.PerFund:
		return hs.Coef, RuleVAR3
	case hs.Own:
		return hs.Coef, 0
	case g.hasCoefLevel && g.coefLevel[hs.Level] > 0:
		return g.coefLevel[hs.Level], RuleVAR4
	}
	return hs.Coef, 0
}
