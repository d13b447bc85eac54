package drg

import (
	"math/big"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// refRat is a plain math/big evaluation of DRG-3/5/7 straight from the spec,
// written independently of the package's own paths.
func refScore(cost, avg, M int64, rw, coef int64, incomplete, readmit bool) (Class, *big.Rat) {
	r := func(n, d int64) *big.Rat { return big.NewRat(n, d) }
	RW := r(rw, 1e8)
	// DRG-3: base = RW × 100 rounded to 4 decimals half-up (RW > 0)
	b := new(big.Rat).Mul(RW, r(1_000_000, 1)) // RW × 100 × 10⁴
	bi := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(b.Num(), big.NewInt(2)), b.Denom()), new(big.Int).Mul(b.Denom(), big.NewInt(2)))
	base := new(big.Rat).SetFrac(bi, big.NewInt(10_000))
	var ref *big.Rat
	if avg > 0 {
		ref = r(avg, 1)
	} else {
		ref = new(big.Rat).Mul(RW, r(M, 1))
	}
	ratio := new(big.Rat).Quo(r(cost, 1), ref)
	var T *big.Rat
	switch {
	case base.Cmp(r(100, 1)) <= 0:
		T = r(3, 1)
	case base.Cmp(r(300, 1)) <= 0:
		T = r(2, 1)
	default:
		T = r(3, 2)
	}
	k := r(coef, 1e8)
	var class Class
	var pts *big.Rat
	minRule := func() *big.Rat {
		p := new(big.Rat).Mul(base, k)
		p.Mul(p, ratio)
		if p.Cmp(base) > 0 {
			return base
		}
		return p
	}
	switch {
	case incomplete:
		class, pts = Incomplete, minRule()
	case ratio.Cmp(T) > 0:
		class = High
		pts = new(big.Rat).Mul(base, k)
		pts.Add(pts, new(big.Rat).Mul(base, new(big.Rat).Sub(ratio, T)))
	case ratio.Cmp(r(2, 5)) < 0:
		class, pts = Low, minRule()
	default:
		class, pts = Normal, new(big.Rat).Mul(base, k)
	}
	if readmit {
		pts.Mul(new(big.Rat).Set(pts), r(1, 2))
	}
	return class, pts
}

// roundHalfUp4 rounds x ≥ 0 to 4 decimals half-up, in 10⁻⁸ point.
func roundHalfUp4(x *big.Rat) *big.Int {
	y := new(big.Rat).Mul(x, big.NewRat(10_000, 1))
	n := new(big.Int).Mul(y.Num(), big.NewInt(2))
	n.Add(n, y.Denom())
	q := n.Quo(n, new(big.Int).Mul(y.Denom(), big.NewInt(2)))
	return q.Mul(q, big.NewInt(10_000))
}

func FuzzScore(f *testing.F) {
	// cost, avg, M (fen), RW, coef (10⁻⁸), incomplete, readmit
	f.Add(int64(300_000), int64(1_000_000), int64(1_000_000), int64(1e8), int64(1.2e8), true, false)   // V7
	f.Add(int64(950_000), int64(1_000_000), int64(1_000_000), int64(1e8), int64(1.2e8), true, false)   // V8
	f.Add(int64(1_000_000), int64(1_000_000), int64(1_000_000), int64(1e8), int64(1.2e8), false, true) // V10
	f.Add(int64(2_500_000), int64(1_000_000), int64(0), int64(100_000_100), int64(1e8), false, false)
	f.Add(int64(3_000_001), int64(0), int64(1_000_000), int64(1e8), int64(123_456_789), false, true)
	f.Add(int64(1e11), int64(0), int64(1e11), int64(123_456_789), int64(1.2e8), false, false) // slow path
	f.Fuzz(func(t *testing.T, cost, avg, M, rw, coef int64, incomplete, readmit bool) {
		abs := func(x, lim int64) int64 {
			if x < 0 {
				x = -(x + 1)
			}
			return x % lim
		}
		cost, avg, M = abs(cost, 1e14), abs(avg, 1e14), abs(M, 1e14)+1
		rw, coef = abs(rw, 1e12)+1, abs(coef, 1e10)+1
		w, err := NewWeights([]Group{{Code: "G", Weight: pointvalue.Factor(rw), AvgCost: pointvalue.Money(avg), Stable: true}})
		if err != nil {
			t.Fatal(err)
		}
		p := defaultTestParams()
		p.RegionAvgCost = pointvalue.Money(M)
		s, err := newTestScorer(w, p, []pointvalue.Factor{pointvalue.Factor(coef)})
		if err != nil {
			return // base points beyond int64
		}
		c := Case{Cost: pointvalue.Money(cost), Group: 0}
		if incomplete {
			c.Flags |= FlagIncomplete
		}
		if readmit {
			c.Flags |= FlagReadmitted
		}
		res, err := s.Score(&c)
		if err != nil {
			return
		}
		class, pts := refScore(cost, avg, M, rw, coef, incomplete, readmit)
		want := roundHalfUp4(pts)
		if res.Class != class || big.NewInt(int64(res.Points)).Cmp(want) != 0 {
			t.Fatalf("cost %d avg %d M %d rw %d coef %d: got %s %s, want %s %s",
				cost, avg, M, rw, coef, res.Class, res.Points, class, want)
		}
		// The loop Settle runs gives the same points and class.
		pts2, o2, err := scoreOne(s, &c)
		if err != nil || pts2 != res.Points || o2.Class() != res.Class {
			t.Fatalf("cost %d avg %d M %d rw %d coef %d: ScoreRows %s %s (%v), Score %s", cost, avg, M, rw, coef, pts2, o2.Class(), err, res.Points)
		}
	})
}
