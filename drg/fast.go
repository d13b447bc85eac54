package drg

import "github.com/dipdrg/dipdrg/pointvalue"

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
// a stable group with no flags is computed with one 64-bit multiply and a
// division by a constant; every other case goes through Score. It does not allocate.
func (s *Scorer) Points(c *Case) (pointvalue.Points, error) {
	if c.Flags == 0 && c.Group >= 0 && int(c.Group) < len(s.bands) && c.Hospital >= 0 && int(c.Hospital) < len(s.coefs) {
		nb := &s.bands[c.Group]
		cost := int64(c.Cost)
		if nb.ok && cost >= nb.lo && cost <= nb.hi {
			if k := int64(s.coefs[c.Hospital]); k < maxFastCoef {
				// base × coef: (b·unit)·k ÷ 10⁸, rounded to a multiple of unit:
				// round(b·k ÷ 10⁸)·unit; b < 2³¹ and k < 2³² keep b·k in int64.
				x := nb.b * k
				q, r := x/unit, x%unit
				switch s.p.Rounding {
				case pointvalue.HalfUp:
					if r >= unit/2 {
						q++
					}
				case pointvalue.HalfEven:
					if r > unit/2 || (r == unit/2 && q&1 == 1) {
						q++
					}
				}
				return pointvalue.Points(q * s.unit), nil
			}
		}
	}
	res, err := s.score(c, false)
	return res.Points, err
}

// Total is the hot loop whole (PV-4, PV-7): it scores every case (Points) and
// adds its points, patient share and cost to rows[c.Hospital], the totals of one
// pool by hospital (pointvalue.Accumulator.PoolRow). The normal-case fast path is
// written into the loop, so a case costs a few nanoseconds and no allocation.
// It stops at the first case that cannot be scored, returning its index; a sum
// beyond int64 is pointvalue.ErrOverflow (NUM-3), never wrapped.
func (s *Scorer) Total(cases []Case, rows []pointvalue.Totals) (bad int, err error) {
	var ovf int64
	halfUp, halfEven := s.p.Rounding == pointvalue.HalfUp, s.p.Rounding == pointvalue.HalfEven
	for i := range cases {
		c := &cases[i]
		if uint(c.Hospital) >= uint(len(rows)) || uint(c.Hospital) >= uint(len(s.coefs)) {
			return i, errHospital
		}
		var pts pointvalue.Points
		fast := false
		if c.Flags == 0 && uint(c.Group) < uint(len(s.bands)) {
			nb := &s.bands[c.Group]
			cost := int64(c.Cost)
			if k := int64(s.coefs[c.Hospital]); nb.ok && cost >= nb.lo && cost <= nb.hi && k < maxFastCoef {
				x := nb.b * k
				q, r := x/unit, x%unit
				if halfUp && r >= unit/2 || halfEven && (r > unit/2 || r == unit/2 && q&1 == 1) {
					q++
				}
				pts, fast = pointvalue.Points(q*s.unit), true
			}
		}
		if !fast {
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
