package drg

import (
	"github.com/dipdrg/dipdrg/param"
	"math/bits"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// normalBand is the fast path's view of a group: the costs, in fen, for which a
// case of the group is normal (DRG-5), precomputed exactly by NewScorer so that
// the hot loop compares integers instead of ratios. A case is high when cost > hi
// and low when cost < lo; ok is false when the group cannot take the fast path
// (unstable, no reference cost, or bounds beyond int64).
type normalBand struct {
	lo, hi int64
	b      int64 // base points in units of the PointScale step (base ÷ 10^(8−PointScale))
	ok     bool
}

// band works out g's normal band: high ⇔ cost·refMul·td > tn·refDen, so
// hi = floor(tn·refDen ÷ (refMul·td)); low ⇔ cost·refMul·ld < ln·refDen, so
// lo = ceil(ln·refDen ÷ (refMul·ld)) (cost is a whole number of fen).
func (s *Scorer) band(g *groupCalc) normalBand {
	if !g.stable || g.refDen <= 0 || int64(g.base)%s.unit != 0 {
		return normalBand{}
	}
	hd, ok1 := pointvalue.Mul64(g.refMul, g.td).Int64()
	ld, ok2 := pointvalue.Mul64(g.refMul, s.ld).Int64()
	if !ok1 || !ok2 {
		return normalBand{}
	}
	hi, err1 := pointvalue.Mul64(g.tn, g.refDen).Quo(hd, 1, pointvalue.Down)
	lo, err2 := pointvalue.Mul64(s.ln, g.refDen).Add(pointvalue.I128(ld-1)).Quo(ld, 1, pointvalue.Down)
	if err1 != nil || err2 != nil {
		return normalBand{}
	}
	b := int64(g.base) / s.unit
	return normalBand{lo: lo, hi: hi, b: b, ok: b < maxFastBase}
}

// maxFastBase and maxFastCoef bound the fast path: b·k < 2³¹·2³² fits int64.
const (
	maxFastBase = 1 << 31
	maxFastCoef = 1 << 32
)

// Points is the hot loop's half of Score: the case's final points only, for
// aggregation (PV-4, PV-7). It returns exactly Score(c).Points — a normal case of
// a stable group, or the reduced earlier stay of a readmission (DRG-7), is
// computed with integer multiplies and one division; every other case goes
// through Score. It does not allocate.
func (s *Scorer) Points(c *Case) (pointvalue.Points, error) {
	if p, ok := s.fast(c); ok {
		return p, nil
	}
	if p, ok := s.direct(c); ok {
		return p, nil
	}
	res, err := s.score(c, false)
	return res.Points, err
}

// direct computes the other classes of DRG-5 as one exact fraction, without
// building a Result: high, low and incomplete stays of a stable group, and
// cost ÷ M × 100 for unstable groups and ungrouped cases (which take no
// coefficient). The fraction and its single rounding are Score's, so the
// points are too. ok is false for what it leaves to Score: special review,
// readmission with these classes, magnitudes beyond 64-bit denominators.
func (s *Scorer) direct(c *Case) (pointvalue.Points, bool) {
	if c.Flags&^FlagIncomplete != 0 || uint(c.Hospital) >= uint(len(s.coefs)) || c.Cost < 0 {
		return 0, false
	}
	cost := int64(c.Cost)
	if c.Group == NoGroup || c.Group == UnknownGroup || (uint(c.Group) < uint(len(s.groups)) && !s.groups[c.Group].stable) {
		// ungrouped or unstable (DRG-5, which precede incomplete): cost(fen)·10¹⁰ ÷ M(fen) in 10⁻⁸ point
		M := int64(s.env.RegionAvgCost)
		if M <= 0 {
			return 0, false
		}
		v, err := pointvalue.Mul64(cost, 100*unit).Quo(M, s.unit, s.env.Rounding)
		return pointvalue.Points(v), err == nil
	}
	if uint(c.Group) >= uint(len(s.groups)) {
		return 0, false
	}
	g, nb := &s.groups[c.Group], &s.bands[c.Group]
	k := int64(s.coefs[c.Hospital])
	if !nb.ok || k >= maxFastCoef || g.refDen <= 0 {
		return 0, false
	}
	rh, rl := bits.Mul64(uint64(cost), uint64(g.refMul)) // ratio = cost·refMul ÷ refDen
	if rh != 0 || rl >= 1<<63 {
		return 0, false
	}
	cr := int64(rl)
	x := nb.b * k // base × coef in scale steps × 10⁸
	var num pointvalue.Int128
	var den int64
	switch {
	case c.Flags == FlagIncomplete || cost < nb.lo:
		// low or incomplete (A10): min(base, base × coef × ratio)
		dh, dl := bits.Mul64(unit, uint64(g.refDen))
		if dh != 0 || dl >= 1<<63 {
			return 0, false
		}
		den = int64(dl)
		if h, l := bits.Mul64(uint64(k), uint64(cr)); h != 0 || l >= dl { // coef × ratio ≥ 1
			return pointvalue.Points(nb.b * s.unit), true
		}
		num = pointvalue.Mul64(x, cr)
	case cost > nb.hi:
		// high: base × coef + base × (ratio − T) = b·(k·refDen·td + 10⁸·(cost·refMul·td − tn·refDen)) ÷ (10⁸·refDen·td)
		e, ok := pointvalue.Mul64(g.refDen, g.td).Int64()
		if !ok {
			return 0, false
		}
		dh, dl := bits.Mul64(unit, uint64(e))
		if dh != 0 || dl >= 1<<63 {
			return 0, false
		}
		den = int64(dl)
		num = pointvalue.Mul64(x, e).Add(pointvalue.Mul64(cr, g.td).Sub(pointvalue.Mul64(g.tn, g.refDen)).Mul(unit * nb.b))
	default:
		return 0, false
	}
	q, err := num.Quo(den, 1, s.env.Rounding)
	if err != nil || q >= 1<<62/s.unit {
		return 0, false
	}
	return pointvalue.Points(q * s.unit), true
}

// fast is the normal class of DRG-5 (base × coef, DRG-4) without division by a
// variable: the cost is compared with the group's precomputed normal band and
// the points are round(b·k ÷ 10⁸) — times the readmission factor fn/fd for a
// reduced earlier stay (A48: the factor applies to the exact points). ok is
// false when the case needs Score.
func (s *Scorer) fast(c *Case) (pointvalue.Points, bool) {
	readmit := c.Flags == FlagReadmitted && s.p.ReadmitRule != param.ReadmitNone
	if (c.Flags != 0 && !readmit) || uint(c.Group) >= uint(len(s.bands)) || uint(c.Hospital) >= uint(len(s.coefs)) {
		return 0, false
	}
	nb := &s.bands[c.Group]
	k := int64(s.coefs[c.Hospital])
	if cost := int64(c.Cost); !nb.ok || cost < nb.lo || cost > nb.hi || k >= maxFastCoef {
		return 0, false
	}
	x := uint64(nb.b * k) // b < 2³¹, k < 2³²: fits
	d := uint64(unit)
	var q, r uint64
	if readmit {
		var hi uint64
		hi, x = bits.Mul64(x, uint64(s.fn))
		d *= uint64(s.fd) // fd divides 10⁸: d ≤ 10¹⁶
		if hi >= d {
			return 0, false
		}
		q, r = bits.Div64(hi, x, d)
	} else {
		q, r = x/unit, x%unit // by a constant: a multiply, not a division
	}
	switch s.env.Rounding {
	case pointvalue.HalfUp:
		if r >= d-r {
			q++
		}
	case pointvalue.HalfEven:
		if r > d-r || (r == d-r && q&1 == 1) {
			q++
		}
	}
	if q >= maxFastBase*maxFastCoef/unit { // cannot happen for b, k in range; keeps the product below int64
		return 0, false
	}
	return pointvalue.Points(int64(q) * s.unit), true
}

// Total is the hot loop whole (PV-4, PV-7): it scores every case (Points) and
// adds its points, patient share and cost to rows[c.Hospital], the totals of one
// pool by hospital (pointvalue.Accumulator.PoolRow). A case costs a few
// nanoseconds and no allocation on the usual magnitudes (NUM-3).
// It stops at the first case that cannot be scored, returning its index; a sum
// beyond int64 is pointvalue.ErrOverflow (NUM-3), never wrapped.
func (s *Scorer) Total(cases []Case, rows []pointvalue.Totals) (bad int, err error) {
	var ovf int64
	for i := range cases {
		c := &cases[i]
		if uint(c.Hospital) >= uint(len(rows)) {
			return i, errHospital
		}
		pts, ok := s.fast(c)
		if !ok {
			pts, ok = s.direct(c)
		}
		if !ok {
			res, err := s.score(c, false)
			if err != nil {
				return i, err
			}
			pts = res.Points
		}
		ovf |= rows[c.Hospital].AddCase(pts, c.Share, c.Cost)
	}
	if ovf < 0 {
		return len(cases), pointvalue.ErrOverflow
	}
	return len(cases), nil
}
