package drg

import (
	"math/big"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// The exact slow path (NUM-3): the same formulas in math/big, taken only when
// an intermediate of the fast path does not fit 128 bits (or a denominator
// int64). Results never depend on which path ran.

func ratInt(x int64) *big.Rat { return new(big.Rat).SetInt64(x) }

// factorRat returns f (10⁻⁸ units) as an exact rational.
func factorRat(f int64) *big.Rat { return big.NewRat(f, unit) }

// slowRatioRat is cost ÷ reference for group g (M given when the table has no avg_cost).
func (s *Scorer) slowRatioRat(c *Case, g *groupCalc) *big.Rat {
	var ref *big.Rat
	if g.avg > 0 {
		ref = ratInt(int64(g.avg))
	} else {
		ref = new(big.Rat).Mul(factorRat(int64(g.weight)), ratInt(int64(s.env.RegionAvgCost)))
	}
	return new(big.Rat).Quo(ratInt(int64(c.Cost)), ref)
}

func (s *Scorer) slowRatio(c *Case, g *groupCalc) (pointvalue.Factor, error) {
	if g == nil {
		return 0, nil
	}
	r := s.slowRatioRat(c, g)
	q, err := roundRat(r.Mul(r, ratInt(unit)), 10_000, pointvalue.HalfUp)
	return pointvalue.Factor(q), err
}

// scoreSlow finishes res: Score has set the flags and rules, and the class when
// it is incomplete, unstable or ungrouped; the other classes are decided here.
func (s *Scorer) scoreSlow(c *Case, g *groupCalc, res Result, readmit bool) (Result, error) {
	var pts *big.Rat // exact points, in points
	if g != nil {
		r, err := s.slowRatio(c, g)
		if err != nil {
			return Result{}, err
		}
		res.Ratio = r
	}
	if g == nil || !g.stable {
		pts = new(big.Rat).Quo(ratInt(int64(c.Cost)), ratInt(int64(s.env.RegionAvgCost)))
		pts.Mul(pts, ratInt(100))
	} else {
		ratio := s.slowRatioRat(c, g)
		B := new(big.Rat).SetFrac64(int64(g.base), unit)
		k := factorRat(int64(s.coefs[c.Hospital]))
		T := new(big.Rat).SetFrac64(g.tn, g.td)
		L := new(big.Rat).SetFrac64(s.ln, s.ld)
		if res.Class != Incomplete {
			switch {
			case ratio.Cmp(T) > 0:
				res.Class = High
			case ratio.Cmp(L) < 0:
				res.Class = Low
			default:
				res.Class = Normal
			}
		}
		switch res.Class {
		case Normal:
			pts = new(big.Rat).Mul(B, k)
		case High:
			d := new(big.Rat).Sub(ratio, T)
			pts = new(big.Rat).Add(k, d)
			pts.Mul(pts, B)
		default: // Low, Incomplete
			pts = new(big.Rat).Mul(B, k)
			pts.Mul(pts, ratio)
			if pts.Cmp(B) > 0 {
				pts = B
			}
		}
	}
	if readmit {
		pts = new(big.Rat).Mul(pts, new(big.Rat).SetFrac64(s.fn, s.fd))
	}
	p, err := roundRat(pts.Mul(pts, ratInt(unit)), s.unit, s.env.Rounding)
	if err != nil {
		return Result{}, err
	}
	res.Points = pointvalue.Points(p)
	return res, nil
}

// roundRat rounds x to a multiple of step by r and returns it as an int64
// (ErrOverflow when it does not fit).
func roundRat(x *big.Rat, step int64, r pointvalue.Rounding) (int64, error) {
	q := new(big.Rat).Quo(x, ratInt(step))
	quo := pointvalue.RoundBig(q.Num(), q.Denom(), r)
	quo.Mul(quo, big.NewInt(step))
	if !quo.IsInt64() {
		return 0, pointvalue.ErrOverflow
	}
	return quo.Int64(), nil
}
