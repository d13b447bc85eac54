package pointvalue

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// Property tests of docs/rules.md section 11 (items 2, 4, 5) on random pools and
// point vectors from a fixed seed. Points are at PointScale 4 (multiples of 10⁴
// units), point values at PointValueScale 6, as a default policy has them.

const propIters = 3000

// randPool draws a pool numerator in fen and 1–40 hospitals' points at scale 4,
// a few of them zero and a few of them equal.
func randPool(rng *rand.Rand) (Money, []Points) {
	n := 1 + rng.IntN(40)
	pts := make([]Points, n)
	for i := range pts {
		switch rng.IntN(10) {
		case 0:
			pts[i] = 0
		case 1:
			if i > 0 {
				pts[i] = pts[rng.IntN(i)]
				continue
			}
			fallthrough
		default:
			// up to 10⁷ points, so Σ ≤ 4·10⁷ points = 4·10¹⁵ units
			pts[i] = Points(rng.Int64N(1e11) * 1e4)
		}
	}
	pts[rng.IntN(n)] += PointsFromInt(1) // at least one non-zero
	pool := Money(rng.Int64N(1e12))      // up to 10¹⁰ yuan
	return pool, pts
}

func sumPoints(pts []Points) Points {
	var s Points
	for _, p := range pts {
		s += p
	}
	return s
}

func randRounding(rng *rand.Rand) Rounding {
	if rng.IntN(2) == 0 {
		return HalfUp
	}
	return HalfEven
}

// grossAt is PV-4 with a rounded point value.
func grossAt(t *testing.T, pts []Points, v PointValue, r Rounding) []Money {
	t.Helper()
	out := make([]Money, len(pts))
	for i, p := range pts {
		g, err := Amount(p, v, r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = g
	}
	return out
}

// grossExact is PV-4 with the exact point value num ÷ Σpoints:
// round_fen(points_h × num ÷ Σpoints) in one 128-bit step.
func grossExact(t *testing.T, num Money, pts []Points, r Rounding) []Money {
	t.Helper()
	sum := sumPoints(pts)
	out := make([]Money, len(pts))
	for i, p := range pts {
		g, err := mulDiv(int64(p), int64(num), int64(sum), r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = Money(g)
	}
	return out
}

func sumMoney(m []Money) Money {
	var s Money
	for _, x := range m {
		s += x
	}
	return s
}

func absRat(x *big.Rat) *big.Rat { return new(big.Rat).Abs(x) }

// TestPropertyConservation is section 11 item 2 (NUM-7) for one pool: Σ gross +
// residual = the PV formula's numerator, with the residual only the rounding of
// the PV (≤ Σpoints × half a unit of its last decimal) and of each gross (≤ half a
// fen each); and under exact-share (Allocate) a residual of exactly zero.
func TestPropertyConservation(t *testing.T) {
	rng := rand.New(rand.NewPCG(2025, 11))
	for iter := 0; iter < propIters; iter++ {
		pool, pts := randPool(rng)
		r := randRounding(rng)
		f := FundOnly
		var share Money
		if rng.IntN(2) == 0 {
			f, share = WithPatientShare, Money(rng.Int64N(1e10))
		}
		num := f.Numerator(pool, share)
		sum := sumPoints(pts)
		n := int64(len(pts))

		// exact-share: residual exactly 0, each share within a fen of its quota
		shares, err := Allocate(num, pointsWeights(pts))
		if err != nil {
			t.Fatal(err)
		}
		if got := sumMoney(shares); got != num {
			t.Fatalf("iter %d: Σ exact shares %d ≠ numerator %d", iter, got, num)
		}
		checkLargestRemainder(t, num, pointsWeights(pts), shares)

		// point-value distribution with the rounded PV
		v, ok, err := Floating(f, Pool{Money: pool, Share: share, Points: sum}, 0, 6, r)
		if err != nil || !ok {
			t.Fatalf("iter %d: Floating = %v, %v", iter, ok, err)
		}
		residual := num - sumMoney(grossAt(t, pts, v, r))
		// |residual| ≤ n/2 fen + Σunits·½·10⁻¹² fen (½ of 10⁻⁶ yuan per point)
		bound := new(big.Rat).Add(big.NewRat(n, 2), big.NewRat(int64(sum), 2e12))
		if absRat(new(big.Rat).SetInt64(int64(residual))).Cmp(bound) > 0 {
			t.Fatalf("iter %d: residual %d fen beyond the rounding bound %s", iter, residual, bound.FloatString(4))
		}

		// with the exact PV only the per-hospital fen rounding remains
		residual = num - sumMoney(grossExact(t, num, pts, r))
		if 2*abs(int64(residual)) > n {
			t.Fatalf("iter %d: exact-PV residual %d fen beyond n/2 = %d/2", iter, residual, n)
		}
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func pointsWeights(pts []Points) []int64 {
	w := make([]int64, len(pts))
	for i, p := range pts {
		w[i] = int64(p)
	}
	return w
}

// checkLargestRemainder verifies shares against NUM-7's definition, in math/big:
// each share is its floored quota or one fen more, and a fen more goes only to
// items whose exact remainder is larger than (or tied with, at a larger index)
// that of every item that got none.
func checkLargestRemainder(t *testing.T, total Money, w []int64, shares []Money) {
	t.Helper()
	sum := new(big.Int)
	for _, x := range w {
		sum.Add(sum, big.NewInt(x))
	}
	rems := make([]*big.Int, len(w))
	var worstUp, bestDown = -1, -1  // the weakest item given an extra fen, the strongest denied one
	better := func(i, j int) bool { // i ranks before j
		c := rems[i].Cmp(rems[j])
		return c > 0 || (c == 0 && i < j)
	}
	for i, x := range w {
		q, m := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(x)), sum, new(big.Int))
		rems[i] = m
		switch d := int64(shares[i]) - q.Int64(); d {
		case 0:
			if bestDown < 0 || better(i, bestDown) {
				bestDown = i
			}
		case 1:
			if worstUp < 0 || better(worstUp, i) {
				worstUp = i
			}
		default:
			t.Fatalf("share %d of item %d is %d fen from its floored quota %s", shares[i], i, d, q)
		}
	}
	if worstUp >= 0 && bestDown >= 0 && better(bestDown, worstUp) {
		t.Fatalf("item %d (remainder %s) got a fen before item %d (remainder %s)", worstUp, rems[worstUp], bestDown, rems[bestDown])
	}
}

// TestPropertyAllocate: Allocate on random totals and weights (not only points)
// always conserves the total and follows the largest-remainder definition.
func TestPropertyAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < propIters; iter++ {
		n := 1 + rng.IntN(30)
		w := make([]int64, n)
		limit := []int64{3, 100, 1e9, 1e15}[rng.IntN(4)] // small weights tie often
		for i := range w {
			w[i] = rng.Int64N(limit)
		}
		w[rng.IntN(n)]++
		total := Money(rng.Int64N([]int64{10, 1e4, 1e12, 1e18}[rng.IntN(4)]))
		shares, err := Allocate(total, w)
		if err != nil {
			t.Fatal(err)
		}
		if sumMoney(shares) != total {
			t.Fatalf("iter %d: Σ shares %d ≠ %d (residual must be exactly 0)", iter, sumMoney(shares), total)
		}
		checkLargestRemainder(t, total, w, shares)
	}
}

// TestPropertyMonotonicity is section 11 item 4.
func TestPropertyMonotonicity(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for iter := 0; iter < propIters; iter++ {
		pool, pts := randPool(rng)
		r := randRounding(rng)
		h := rng.IntN(len(pts))
		more := append([]Points(nil), pts...)
		more[h] += Points(1+rng.Int64N(1e7)) * 1e4 // up to 10⁷ more points

		// exact PV: more points never lower the hospital's gross …
		before, after := grossExact(t, pool, pts, r)[h], grossExact(t, pool, more, r)[h]
		if after < before {
			t.Fatalf("iter %d: exact PV, more points lowered gross %d → %d", iter, before, after)
		}
		// … and a larger pool never lowers any gross
		bigger := pool + Money(1+rng.Int64N(1e9))
		g0, g1 := grossExact(t, pool, pts, r), grossExact(t, bigger, pts, r)
		for i := range g0 {
			if g1[i] < g0[i] {
				t.Fatalf("iter %d: exact PV, larger pool lowered gross[%d] %d → %d", iter, i, g0[i], g1[i])
			}
		}

		// rounded PV (NUM-4): the gross may fall by at most points × 10⁻⁶ yuan + 1 fen
		v0, _, err0 := Floating(FundOnly, Pool{Money: pool, Points: sumPoints(pts)}, 0, 6, r)
		v1, _, err1 := Floating(FundOnly, Pool{Money: pool, Points: sumPoints(more)}, 0, 6, r)
		if err0 != nil || err1 != nil {
			t.Fatal(err0, err1)
		}
		b, a := grossAt(t, pts, v0, r)[h], grossAt(t, more, v1, r)[h]
		// (b − a) fen ≤ more[h] units × 10⁻¹² fen + 1 fen  ⇔  (b − a − 1)·10¹² ≤ more[h]
		if mul64(int64(b-a-1), 1e12).cmp(i128(int64(more[h]))) > 0 {
			t.Fatalf("iter %d: rounded PV, gross fell %d → %d, more than %s × 10⁻⁶ + 0.01", iter, b, a, more[h].Format(4))
		}
		v2, _, err := Floating(FundOnly, Pool{Money: bigger, Points: sumPoints(pts)}, 0, 6, r)
		if err != nil {
			t.Fatal(err)
		}
		gb, gl := grossAt(t, pts, v0, r), grossAt(t, pts, v2, r)
		for i := range gb {
			if mul64(int64(gb[i]-gl[i]-1), 1e12).cmp(i128(int64(pts[i]))) > 0 {
				t.Fatalf("iter %d: rounded PV, larger pool lowered gross[%d] %d → %d", iter, i, gb[i], gl[i])
			}
		}

		// exact-share: a share falls by at most one fen
		s0, _ := Allocate(pool, pointsWeights(pts))
		s1, _ := Allocate(pool, pointsWeights(more))
		if s1[h] < s0[h]-1 {
			t.Fatalf("iter %d: exact-share, more points lowered the share %d → %d", iter, s0[h], s1[h])
		}
		s2, _ := Allocate(bigger, pointsWeights(pts))
		for i := range s0 {
			if s2[i] < s0[i]-1 {
				t.Fatalf("iter %d: exact-share, larger pool lowered share[%d] %d → %d", iter, i, s0[i], s2[i])
			}
		}
	}
}

// TestPropertySymmetry is section 11 item 5: equal points (and shares) give equal
// gross; under exact-share within one fen.
func TestPropertySymmetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for iter := 0; iter < propIters; iter++ {
		pool, pts := randPool(rng)
		i, j := rng.IntN(len(pts)), rng.IntN(len(pts))
		pts[i] += PointsFromInt(1) // so the pool keeps some points
		pts[j] = pts[i]
		r := randRounding(rng)
		share := Money(rng.Int64N(1e8))
		v, ok, err := Floating(WithPatientShare, Pool{Money: pool, Share: share, Points: sumPoints(pts)}, 0, 6, r)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		hi, err1 := hospital(WithPatientShare, pts[i], share/7, v, 0, r)
		hj, err2 := hospital(WithPatientShare, pts[j], share/7, v, 0, r)
		if err1 != nil || err2 != nil || hi != hj {
			t.Fatalf("iter %d: equal hospitals differ: %+v vs %+v", iter, hi, hj)
		}
		g := grossExact(t, pool+share, pts, r)
		if g[i] != g[j] {
			t.Fatalf("iter %d: exact PV, equal points, gross %d ≠ %d", iter, g[i], g[j])
		}
		s, err := Allocate(pool+share, pointsWeights(pts))
		if err != nil {
			t.Fatal(err)
		}
		if d := s[i] - s[j]; d < -1 || d > 1 {
			t.Fatalf("iter %d: exact-share, equal points, shares %d and %d differ by more than a fen", iter, s[i], s[j])
		}
	}
}
