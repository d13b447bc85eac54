package drg

import (
	"fmt"
	"github.com/dipdrg/dipdrg/param"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Errors of Score. They wrap pointvalue sentinels, so errors.Is works; the
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
	Ratio   pointvalue.Factor // cost ÷ reference, 4 decimals half-up, for display only; 0 when no group
	Coef    pointvalue.Factor // hospital coefficient applied (DRG-4); 0 when none is (unstable, ungrouped, special)
	Points  pointvalue.Points // final case points, rounded once to PointScale
	Flags   CaseFlags
	Rules   RuleSet
}

// groupCalc holds what Score needs of a group, worked out once by NewScorer.
type groupCalc struct {
	base    pointvalue.Points // DRG-3, rounded to PointScale
	tn, td  int64             // T(base) as a reduced fraction tn/td
	ti      int               // index of T(base) in Params.HighThresholds
	refMul  int64             // ratio = cost × refMul ÷ refDen
	refDen  int64             // 0: no reference cost (M missing); -1: too large for the fast path
	refCost pointvalue.Money  // display
	weight  pointvalue.Factor
	avg     pointvalue.Money
	stable  bool
}

// Scorer scores DRG cases (DRG-3/4/5/7/8) for one policy and fund. It is
// immutable once built: Score is safe for concurrent use by many goroutines
// (shard a batch freely; per-hospital sums do not depend on the order).
type Scorer struct {
	w      *Weights
	p      Params
	env    Env
	coefs  []pointvalue.Factor
	groups []groupCalc
	unit   int64        // 10^(8−PointScale)
	ln, ld int64        // LowRatio, reduced
	fn, fd int64        // ReadmitFactor, reduced
	bands  []normalBand // per group: the fast path of Points
	kred   [][2]int64   // per hospital: the coefficient as a reduced fraction kn/kd
	kt     [][3]int64   // per (hospital, threshold): k − T as a reduced fraction e/E, and 1 when it fits
}

// NewScorer checks p and env and precomputes each group's base points,
// threshold and reference cost. coefs are the hospital coefficients (差异系数,
// DRG-4, > 0), by the index Case.Hospital refers to. w, p and coefs are copied or
// not modified.
func NewScorer(w *Weights, p Params, env Env, coefs []pointvalue.Factor) (*Scorer, error) {
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
	for i, k := range coefs {
		if k <= 0 {
			return nil, fmt.Errorf("drg: %w: hospital %d: coefficient %s must be > 0", pointvalue.ErrPolicy, i, k)
		}
	}
	s := &Scorer{w: w, p: p, env: env, coefs: append([]pointvalue.Factor(nil), coefs...), unit: pointvalue.ScaleUnit(env.PointScale)}
	s.ln, s.ld = reduce(int64(p.LowRatio), unit)
	s.fn, s.fd = reduce(int64(p.ReadmitFactor), unit)
	M := int64(env.RegionAvgCost)
	s.groups = make([]groupCalc, len(w.Groups))
	for i, g := range w.Groups {
		if g.Weight <= 0 || g.AvgCost < 0 {
			return nil, fmt.Errorf("drg: %w: group %s: weight %s, avg_cost %s", pointvalue.ErrInvalidArgument, g.Code, g.Weight, g.AvgCost)
		}
		gc := groupCalc{weight: g.Weight, avg: g.AvgCost, stable: g.Stable}
		// DRG-3: base = RW × 100, rounded to PointScale. RW in 10⁻⁸ × 100 is the
		// base in 10⁻⁸ point.
		b, err := pointvalue.Mul64(int64(g.Weight), 100).Quo(1, s.unit, env.Rounding)
		if err != nil {
			return nil, fmt.Errorf("drg: group %s: base points: %w", g.Code, err)
		}
		gc.base = pointvalue.Points(b)
		gc.ti = len(p.HighThresholds) - 1
		for j, th := range p.HighThresholds {
			if th.Unbounded || gc.base <= th.UpTo {
				gc.ti = j
				break
			}
		}
		gc.tn, gc.td = reduce(int64(p.HighThresholds[gc.ti].T), unit)
		switch {
		case g.AvgCost > 0:
			gc.refMul, gc.refDen, gc.refCost = 1, int64(g.AvgCost), g.AvgCost
		case M > 0:
			// A09: reference = RW × M = w·M ÷ 10⁸ fen; ratio = cost·(10⁸/d) ÷ ((w/d)·M).
			d := gcd(int64(g.Weight), unit)
			gc.refMul = unit / d
			if den, ok := pointvalue.Mul64(int64(g.Weight)/d, M).Int64(); ok {
				gc.refDen = den
			} else {
				gc.refDen = -1
			}
			rc, err := pointvalue.MulDiv(int64(g.Weight), M, unit, env.Rounding)
			if err != nil {
				return nil, fmt.Errorf("drg: group %s: reference cost RW × M: %w", g.Code, err)
			}
			gc.refCost = pointvalue.Money(rc)
		}
		s.groups[i] = gc
	}
	nt := len(p.HighThresholds)
	s.kt = make([][3]int64, len(s.coefs)*nt)
	s.kred = make([][2]int64, len(s.coefs))
	for i, k := range s.coefs {
		s.kred[i][0], s.kred[i][1] = reduce(int64(k), unit)
		kn, kd := s.kred[i][0], s.kred[i][1]
		for j, th := range p.HighThresholds {
			tn, td := reduce(int64(th.T), unit)
			a, ok1 := pointvalue.Mul64(kn, td).Int64()
			b, ok2 := pointvalue.Mul64(tn, kd).Int64()
			if ok1 && ok2 {
				e, E := reduce(a-b, kd*td) // both ≤ 10⁸
				s.kt[i*nt+j] = [3]int64{e, E, 1}
			}
		}
	}
	s.bands = make([]normalBand, len(s.groups))
	for i := range s.groups {
		s.bands[i] = s.band(&s.groups[i])
	}
	return s, nil
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
	return s.groups[g].base, true
}

// Score computes one case's points (DRG-3/4/5, with the DRG-7 and DRG-8
// adjustments Prepare marked). Precedence (section 13): approved special >
// ungrouped/unknown group > unstable > incomplete > high > low > normal. Each
// formula is evaluated as one exact fraction — readmission factor included
// (A48) — and rounded once to PointScale. It does not allocate on the usual
// magnitudes (NUM-3); beyond them it takes an exact math/big path with the same
// results. Errors: a negative cost, a hospital or group index out of range, a
// needed M missing (ErrNoRegionAvgCost), points beyond int64 (ErrOverflow).
func (s *Scorer) Score(c *Case) (Result, error) { return s.score(c, true) }

// score is Score; explain false skips what only the explanation needs (the
// displayed ratio), for Points.
func (s *Scorer) score(c *Case, explain bool) (Result, error) {
	var res Result
	if c.Cost < 0 {
		return res, errNegativeCost
	}
	if c.Hospital < 0 || int(c.Hospital) >= len(s.coefs) {
		return res, errHospital
	}
	var g *groupCalc
	switch {
	case c.Group >= 0 && int(c.Group) < len(s.groups):
		g = &s.groups[c.Group]
	case c.Group == NoGroup:
		res.Flags = FlagsUngrouped
	case c.Group == UnknownGroup:
		res.Flags = FlagsUngrouped | FlagsUnknownGroup
	default:
		return res, errGroupIndex
	}

	// The ratio cost ÷ reference as rn/rd (NUM-5: compared by cross-multiplying).
	var rn, rd int64
	fast := true
	if g != nil {
		res.Base, res.RefCost = g.base, g.refCost
		switch g.refDen {
		case 0:
			return Result{}, ErrNoRegionAvgCost
		case -1:
			fast = false
		default:
			var ok bool
			rn, ok = pointvalue.Mul64(int64(c.Cost), g.refMul).Int64()
			rd = g.refDen
			if ok && explain {
				q, err := pointvalue.Mul64(rn, unit).Quo(rd, 10_000, pointvalue.HalfUp)
				res.Ratio, ok = pointvalue.Factor(q), err == nil
			}
			fast = ok
		}
	}

	// DRG-8: an approved special case takes its points, nothing else.
	if c.Flags&FlagSpecial != 0 && c.Flags&FlagSpecialRefused == 0 {
		if c.Special < 0 {
			return Result{}, errNegativeSpecial
		}
		if int64(c.Special)%s.unit != 0 {
			return Result{}, errSpecialDecimals
		}
		res.Class, res.Flags, res.Rules, res.Points = Special, 0, RuleDRG8, c.Special
		if !fast {
			r, err := s.slowRatio(c, g)
			if err != nil {
				return Result{}, err
			}
			res.Ratio = r
		}
		return res, nil
	}
	if c.Flags&FlagSpecialRefused != 0 {
		res.Flags |= FlagsSpecialRefused
		res.Rules |= RuleDRG8
	}
	readmit := c.Flags&FlagReadmitted != 0 && s.p.ReadmitRule != param.ReadmitNone
	if readmit {
		res.Flags |= FlagsReadmission
		res.Rules |= RuleDRG7
	}

	if g == nil || !g.stable {
		// DRG-5 unstable or ungrouped: cost ÷ M × 100, no coefficient.
		// In 10⁻⁸ point: cost(fen)·10¹⁰ ÷ M(fen).
		if g == nil {
			res.Class = Ungrouped
		} else {
			res.Class = Unstable
			res.Flags |= FlagsUnstable
		}
		res.Rules |= RuleDRG5
		M := int64(s.env.RegionAvgCost)
		if M == 0 {
			return Result{}, ErrNoRegionAvgCost
		}
		if fast {
			num := pointvalue.Mul64(int64(c.Cost), 100*unit)
			if p, ok := s.finish(num, M, readmit); ok {
				res.Points = p
				return res, nil
			}
		}
		return s.scoreSlow(c, g, res, readmit)
	}

	res.Rules |= RuleDRG3 | RuleDRG4 | RuleDRG5
	k := s.coefs[c.Hospital]
	res.Coef = k
	switch {
	case c.Flags&FlagIncomplete != 0:
		res.Class = Incomplete // A10: whatever its ratio
	case !fast:
		return s.scoreSlow(c, g, res, readmit)
	case pointvalue.Mul64(rn, g.td).Cmp(pointvalue.Mul64(g.tn, rd)) > 0:
		res.Class = High // ratio > T(base)
	case pointvalue.Mul64(rn, s.ld).Cmp(pointvalue.Mul64(s.ln, rd)) < 0:
		res.Class = Low // ratio < LowRatio
	default:
		res.Class = Normal
	}
	if !fast {
		return s.scoreSlow(c, g, res, readmit)
	}
	kn, kd := s.kred[c.Hospital][0], s.kred[c.Hospital][1]
	B := int64(g.base)
	var num pointvalue.Int128
	var den int64
	ok := true
	switch res.Class {
	case Normal: // base × coef
		num, den = pointvalue.Mul64(B, kn), kd
	case High: // base × coef + base × (ratio − T) = B·(e/E + rn/rd), e/E = k − T
		kt := s.kt[int(c.Hospital)*len(s.p.HighThresholds)+g.ti] // k − T, reduced once by NewScorer
		e, E := kt[0], kt[1]
		den, ok = pointvalue.Mul64(E, rd).Int64()
		ok = ok && kt[2] == 1
		num = pointvalue.Mul64(e, rd).Add(pointvalue.Mul64(rn, E)).Mul(B)
	case Low, Incomplete: // min(base, base × coef × ratio)
		if pointvalue.Mul64(kn, rn).Cmp(pointvalue.Mul64(kd, rd)) >= 0 {
			num, den = pointvalue.I128(B), 1
		} else {
			num = pointvalue.Mul64(B, kn).Mul(rn)
			den, ok = pointvalue.Mul64(kd, rd).Int64()
		}
	}
	if ok {
		if p, ok := s.finish(num, den, readmit); ok {
			res.Points = p
			return res, nil
		}
	}
	return s.scoreSlow(c, g, res, readmit)
}

// finish applies the readmission factor to the exact points num/den (10⁻⁸
// point) and rounds once to PointScale (A48, NUM-2). ok is false when the fast
// path cannot hold the fraction.
func (s *Scorer) finish(num pointvalue.Int128, den int64, readmit bool) (pointvalue.Points, bool) {
	if readmit {
		num = num.Mul(s.fn)
		var ok bool
		if den, ok = pointvalue.Mul64(den, s.fd).Int64(); !ok {
			return 0, false
		}
	}
	p, err := num.Quo(den, s.unit, s.env.Rounding)
	if err != nil {
		return 0, false
	}
	return pointvalue.Points(p), true
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
