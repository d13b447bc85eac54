package calib

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// MaxYearWeights is the most year weights a builder takes (a year index fits
// an int8).
const MaxYearWeights = 100

// Window checks the year weights (oldest first) and returns the first year of
// the window of len(weights) consecutive years that ends with the latest year
// of the n cases, and each case's index in it. year(i) gives case i's year and
// the line that names it in errors. Invalid weights are an error prefixed
// "pkg: "; every case before the window is a *pointvalue.RecordError of source
// in the returned *pointvalue.ErrorList.
func Window(n int, year func(i int) (year, line int), weights []pv.Factor, pkg, source string) (first int, idx []int8, err error) {
	if len(weights) == 0 || len(weights) > MaxYearWeights {
		return 0, nil, fmt.Errorf("%s: %w: %d year weights (1 to %d)", pkg, pv.ErrInvalidArgument, len(weights), MaxYearWeights)
	}
	var pos bool
	for _, w := range weights {
		if w < 0 {
			return 0, nil, fmt.Errorf("%s: %w: year weight %s", pkg, pv.ErrNegative, w)
		}
		pos = pos || w > 0
	}
	if !pos {
		return 0, nil, fmt.Errorf("%s: %w: every year weight is 0", pkg, pv.ErrInvalidArgument)
	}
	latest := math.MinInt
	for i := range n {
		y, _ := year(i)
		latest = max(latest, y)
	}
	first = latest - len(weights) + 1
	idx = make([]int8, n)
	var errs pv.ErrorList
	for i := range n {
		y, line := year(i)
		if y < first {
			errs.Addf(source, line, "year", strconv.Itoa(y),
				fmt.Errorf("%w: before the first weighted year %d", pv.ErrRange, first))
			continue
		}
		idx[i] = int8(y - first)
	}
	return first, idx, errs.Err()
}

// Years returns the n years first, first+1, …, first+n−1.
func Years(first, n int) []int {
	ys := make([]int, n)
	for i := range ys {
		ys[i] = first + i
	}
	return ys
}

// HalfUp returns round(num ÷ den) half-up, for num ≥ 0 and den > 0.
func HalfUp(num, den *big.Int) *big.Int {
	q := new(big.Int).Quo(num, den) // truncated toward zero
	rem := new(big.Int).Sub(num, new(big.Int).Mul(q, den))
	// half away from zero: |2·rem| ≥ |den| moves one unit away from zero
	if rem.Abs(rem).Lsh(rem, 1).Cmp(new(big.Int).Abs(den)) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// Clamp64 returns b as an int64, or math.MinInt64 / math.MaxInt64 when it is
// beyond them.
func Clamp64(b *big.Int) int64 {
	switch {
	case b.IsInt64():
		return b.Int64()
	case b.Sign() < 0:
		return math.MinInt64
	}
	return math.MaxInt64
}

// PercentileBounds returns the nearest-rank P2.5 and P97.5 of costs: the
// values of rank ⌈0.025·n⌉ and ⌈0.975·n⌉ (from 1, at least 1) in ascending
// order. costs is not changed and must not be empty.
func PercentileBounds(costs []int64) (lo, hi int64) {
	s := slices.Clone(costs)
	slices.Sort(s)
	n := len(s)
	rank := func(perMille int) int { return max(1, (perMille*n+999)/1000) }
	return s[rank(25)-1], s[rank(975)-1]
}

// WeightedSums returns num = Σ_y w_y·S_y and den = Σ_y w_y·n_y, where S_y and
// n_y are the sum and count of the costs in [lo, hi] whose year index
// (yidx, parallel to costs) is y, and kept, the number of those costs.
func WeightedSums(costs []int64, yidx []int8, lo, hi int64, w []pv.Factor) (num, den *big.Int, kept int) {
	s := Zeros(len(w))
	part := make([]int64, len(w)) // int64 partial sums, flushed before they overflow
	n := make([]int64, len(w))
	for i, c := range costs {
		if c < lo || c > hi {
			continue
		}
		kept++
		y := yidx[i]
		if part[y] > math.MaxInt64-c {
			s[y].Add(s[y], big.NewInt(part[y]))
			part[y] = 0
		}
		part[y] += c
		n[y]++
	}
	for y := range s {
		s[y].Add(s[y], big.NewInt(part[y]))
	}
	num, den = Weigh(w, s, n)
	return num, den, kept
}

// Weigh returns Σ_y w_y·s_y and Σ_y w_y·n_y; a nil s or n counts as zeros.
func Weigh(w []pv.Factor, s []*big.Int, n []int64) (num, den *big.Int) {
	num, den = new(big.Int), new(big.Int)
	t := new(big.Int)
	for y := range w {
		wy := big.NewInt(int64(w[y]))
		if s != nil {
			num.Add(num, t.Mul(wy, s[y]))
		}
		if n != nil {
			den.Add(den, t.Mul(wy, big.NewInt(n[y])))
		}
	}
	return num, den
}

// sumSq is an unsigned 128-bit Σ x² for 0 ≤ x < 2⁶³.
type sumSq struct{ hi, lo uint64 }

func (s *sumSq) add(x int64) {
	h, l := bits.Mul64(uint64(x), uint64(x))
	var c uint64
	s.lo, c = bits.Add64(s.lo, l, 0)
	s.hi += h + c
}

func (s sumSq) big() *big.Int {
	b := new(big.Int).SetUint64(s.hi)
	return b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(s.lo))
}

// Moments are N, S = Σx and Σx² of non-negative costs.
type Moments struct {
	N int64
	S *big.Int
	q sumSq
}

// MomentsOf returns the moments of the costs that keep accepts (every cost
// when keep is nil). Costs must be ≥ 0.
func MomentsOf(costs []int64, keep func(int64) bool) Moments {
	m := Moments{S: new(big.Int)}
	var s int64
	for _, c := range costs {
		if keep != nil && !keep(c) {
			continue
		}
		m.N++
		if s > math.MaxInt64-c { // flush before the int64 sum overflows
			m.S.Add(m.S, big.NewInt(s))
			s = 0
		}
		s += c
		m.q.add(c)
	}
	m.S.Add(m.S, big.NewInt(s))
	return m
}

// Q returns Σx².
func (m Moments) Q() *big.Int { return m.q.big() }

// Variance returns N·Σx² − S² = N²·σ² (σ² the population variance).
func (m Moments) Variance() *big.Int {
	v := new(big.Int).Mul(big.NewInt(m.N), m.q.big())
	return v.Sub(v, new(big.Int).Mul(m.S, m.S))
}

// SDBounds returns the integer cost bounds of mean ± K·SD of costs
// (population SD; costs ≥ 0, not empty): keep x iff (n·x − S)² ≤ K²·V with
// V = n·Q − S², that is |n·x − S| ≤ D with D = ⌊√(K²·V ÷ 10¹⁶)⌋ (exact: the
// left side is an integer), so x ∈ [⌈(S − D) ÷ n⌉, ⌊(S + D) ÷ n⌋].
func SDBounds(costs []int64, k pv.Factor) (lo, hi int64) {
	m := MomentsOf(costs, nil)
	t := new(big.Int).Mul(m.Variance(), new(big.Int).Mul(big.NewInt(int64(k)), big.NewInt(int64(k))))
	t.Quo(t, big.NewInt(1e16))
	d := t.Sqrt(t)
	n := big.NewInt(m.N)
	l := new(big.Int).Sub(m.S, d)
	// ⌈l ÷ n⌉ for l possibly negative: −⌊−l ÷ n⌋
	l.Neg(l)
	l.Div(l, n) // Euclidean = floor for n > 0
	l.Neg(l)
	h := new(big.Int).Add(m.S, d)
	h.Div(h, n)
	return Clamp64(l), Clamp64(h)
}

// CV returns the coefficient of variation √(nQ − S²) ÷ S truncated to 8
// decimals (0 when S = 0): ⌊CV·10⁸⌋ = ⌊√((nQ − S²)·10¹⁶ ÷ S²)⌋.
func CV(m Moments) pv.Factor {
	if m.S.Sign() == 0 {
		return 0
	}
	v := new(big.Int).Mul(m.Variance(), big.NewInt(1e16))
	v.Quo(v, new(big.Int).Mul(m.S, m.S))
	return pv.Factor(Clamp64(v.Sqrt(v)))
}

// Zeros returns n new zero big.Ints, per-year sums to fill.
func Zeros(n int) []*big.Int {
	s := make([]*big.Int, n)
	for i := range s {
		s[i] = new(big.Int)
	}
	return s
}
