package monitor

import (
	"math/big"
	"math/bits"
	"strconv"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Number is a figure of monitoring.csv: 4 decimals (V in 10⁻⁴, rounded once,
// half-up, MON-C4), or a count (V itself); empty unless Valid.
type Number struct {
	V     int64
	Valid bool
	Count bool
}

// String writes the number as monitoring.csv does: "1.0588", "-0.2179", "3", "".
func (n Number) String() string { return string(n.Append(nil)) }

// Append appends String's text to dst.
func (n Number) Append(dst []byte) []byte {
	if !n.Valid {
		return dst
	}
	if n.Count {
		return strconv.AppendInt(dst, n.V, 10)
	}
	v := n.V
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	dst = strconv.AppendInt(dst, v/10_000, 10)
	frac := v % 10_000
	return append(dst, '.', byte('0'+frac/1000), byte('0'+frac/100%10), byte('0'+frac/10%10), byte('0'+frac%10))
}

func count(n int64) Number { return Number{V: n, Valid: true, Count: true} }

// exact is a figure while it is built: a fraction n ÷ d of int64s (the usual
// case: counts and sums), an exact rational (pointvalue.Exact) when it does
// not fit, the fast form of a cost or time index (span), or nothing (!ok).
type exact struct {
	n, d  int64 // small: n ÷ d, d > 0
	small bool
	x     pointvalue.Exact
	ok    bool
	span  *span
}

func frac(num, den int64) exact {
	if den == 0 {
		return exact{}
	}
	if den < 0 {
		num, den = -num, -den
	}
	return exact{n: num, d: den, small: true, ok: true}
}

func fromExact(x pointvalue.Exact) exact { return exact{x: x, ok: true} }

// big returns e as a pointvalue.Exact.
func (e exact) big() pointvalue.Exact {
	if e.small {
		return pointvalue.ExactFrac(e.n, e.d)
	}
	return e.x
}

// round4 is the written figure of e: rounded once to 4 decimals, half-up; not
// Valid when e is nothing, or a span that cannot tell.
func (e exact) round4() Number {
	if !e.ok {
		return Number{}
	}
	if e.span != nil {
		if v, ok := e.span.round4(); ok {
			return Number{V: v, Valid: true}
		}
		return Number{}
	}
	if e.small {
		if v, ok := roundQuo(e.n, 10_000, uint64(e.d)); ok {
			return Number{V: v, Valid: true}
		}
	}
	v, err := e.big().Mul(10_000).Round(1, pointvalue.HalfUp)
	if err != nil {
		return Number{}
	}
	return Number{V: v, Valid: true}
}

// roundQuo is n·k ÷ d rounded half-up (half away from zero), if it fits.
func roundQuo(n int64, k, d uint64) (int64, bool) {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, k)
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r {
		q++
	}
	if q > 1<<62 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// positive reports whether e is > 0, and whether that is known.
func (e exact) positive() (pos, known bool) {
	switch {
	case !e.ok:
		return false, true
	case e.span != nil:
		return e.span.positive()
	case e.small:
		return e.n > 0, true
	}
	return e.x.Sign() > 0, true
}

// ratio is e ÷ r from the exact values, written: empty when either is empty
// or r ≤ 0 (MON-C1). ok is false when spans cannot tell it (the caller makes
// the exact sums); a span meets only a span (both indexes of one kind).
func ratio(e, r exact) (Number, bool) {
	if !e.ok || !r.ok {
		return Number{}, true
	}
	pos, known := r.positive()
	if !known {
		return Number{}, false
	}
	if !pos {
		return Number{}, true
	}
	if e.span != nil || r.span != nil {
		if e.span == nil || r.span == nil {
			return Number{}, false
		}
		v, ok := e.span.ratio4(r.span)
		return Number{V: v, Valid: ok}, ok
	}
	if e.small && r.small && e.n >= 0 {
		// (a ÷ b) ÷ (c ÷ d) = a·d ÷ b·c, when both products fit a word
		nh, nl := bits.Mul64(uint64(e.n), uint64(r.d))
		dh, dl := bits.Mul64(uint64(e.d), uint64(r.n))
		if nh == 0 && dh == 0 && nl < 1<<63 {
			if v, ok := roundQuo(int64(nl), 10_000, dl); ok {
				return Number{V: v, Valid: true}, true
			}
		}
	}
	return fromExact(e.big().QuoExact(r.big())).round4(), true
}

// u192 is an unsigned 192-bit integer, little-endian words.
type u192 [3]uint64

// addMul adds x × y (y a 128-bit hi:lo).
func (a *u192) addMul(x uint64, yHi, yLo uint64) {
	h0, l0 := bits.Mul64(x, yLo)
	h1, l1 := bits.Mul64(x, yHi)
	var c uint64
	a[0], c = bits.Add64(a[0], l0, 0)
	a[1], c = bits.Add64(a[1], h0, c)
	a[2] += h1 + c
	a[1], c = bits.Add64(a[1], l1, 0)
	a[2] += c
}

func (a *u192) add(b u192) {
	var c uint64
	a[0], c = bits.Add64(a[0], b[0], 0)
	a[1], c = bits.Add64(a[1], b[1], c)
	a[2] += b[2] + c
}

func (a u192) big() *big.Int {
	z := new(big.Int).SetUint64(a[2])
	z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(a[1]))
	return z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(a[0]))
}

// span is the fast form of a cost or time index (MON-2, MON-3): the mean over
// N cases of x_i ÷ ref_g, with ref_g = S_g ÷ n_g. Each term is taken as x_i ×
// Q_g with Q_g = ⌊n_g·2⁶⁴ ÷ S_g⌋, which is short of x_i·n_g·2⁶⁴ ÷ S_g by
// less than x_i: so Σ (the exact sum × 2⁶⁴) lies in [A, A + E) with E = Σ x_i.
// A figure is written from a span when both ends round alike; otherwise the
// exact sums are made (rarely: the interval is about 2⁻⁴⁰ wide).
type span struct {
	a u192
	e uint64
	n int32
}

func (s *span) addSpan(o *span) {
	s.a.add(o.a)
	s.e += o.e
	s.n += o.n
}

var two64 = new(big.Int).Lsh(big.NewInt(1), 64)

// roundHalfUp returns ⌊num ÷ den + ½⌋ (num ≥ 0, den > 0).
func roundHalfUp(num, den *big.Int) *big.Int {
	n := new(big.Int).Lsh(num, 1)
	n.Add(n, den)
	d := new(big.Int).Lsh(den, 1)
	return n.Quo(n, d)
}

// round4 is the mean rounded to 4 decimals, if both ends of the interval agree.
func (s *span) round4() (int64, bool) {
	if s.n <= 0 {
		return 0, false
	}
	if s.a[2] == 0 {
		hi, lo := s.a[1], s.a[0]
		var c uint64
		eLo, c := bits.Add64(lo, s.e, 0)
		eHi := hi + c
		if eHi >= hi { // A + E < 2¹²⁸
			q1, ok1 := mean4(hi, lo, uint64(s.n))
			q2, ok2 := mean4(eHi, eLo, uint64(s.n))
			if ok1 && ok2 {
				return q1, q1 == q2
			}
		}
	}
	den := new(big.Int).Mul(big.NewInt(int64(s.n)), two64)
	lo := new(big.Int).Mul(s.a.big(), big.NewInt(10_000))
	hiA := s.a.big()
	hiA.Add(hiA, new(big.Int).SetUint64(s.e))
	hi := hiA.Mul(hiA, big.NewInt(10_000))
	ql, qh := roundHalfUp(lo, den), roundHalfUp(hi, den)
	if ql.Cmp(qh) != 0 || !ql.IsInt64() {
		return 0, false
	}
	return ql.Int64(), true
}

// mean4 is ⌊A·10⁴ ÷ (n·2⁶⁴) + ½⌋ for A = hi:lo, if it fits: with A·10⁴ =
// x2:x1:x0 and x2:x1 = q·n + r, it is q, plus 1 when 2r + (x0's top bit) ≥ n.
func mean4(hi, lo, n uint64) (int64, bool) {
	p0h, x0 := bits.Mul64(lo, 10_000)
	p1h, p1l := bits.Mul64(hi, 10_000)
	x1, c := bits.Add64(p0h, p1l, 0)
	x2 := p1h + c
	if x2 >= n {
		return 0, false
	}
	q, r := bits.Div64(x2, x1, n)
	if 2*r+x0>>63 >= n {
		q++
	}
	if q >= 1<<62 {
		return 0, false
	}
	return int64(q), true
}

// positive: the mean is > 0 when A > 0, and 0 when the interval is [0, 0).
func (s *span) positive() (pos, known bool) {
	if s.a != (u192{}) {
		return true, true
	}
	return false, s.e == 0
}

// ratio4 is (s's mean) ÷ (r's mean) rounded to 4 decimals, if the interval the
// two spans give decides it.
func (s *span) ratio4(r *span) (int64, bool) {
	if r.a == (u192{}) || s.n <= 0 || r.n <= 0 {
		return 0, false
	}
	if v, ok := s.ratio4Fast(r); ok {
		return v, true
	}
	// ratio = (V_s ÷ n_s) ÷ (V_r ÷ n_r), V_s ∈ [A_s, A_s+E_s), V_r ∈ [A_r, A_r+E_r) (× 2⁻⁶⁴ both)
	ns, nr := big.NewInt(int64(s.n)), big.NewInt(int64(r.n))
	as, ar := s.a.big(), r.a.big()
	asHi := new(big.Int).Add(as, new(big.Int).SetUint64(s.e))
	arHi := new(big.Int).Add(ar, new(big.Int).SetUint64(r.e))
	tenK := big.NewInt(10_000)
	lo := roundHalfUp(new(big.Int).Mul(new(big.Int).Mul(as, nr), tenK), new(big.Int).Mul(arHi, ns))
	hi := roundHalfUp(new(big.Int).Mul(new(big.Int).Mul(asHi, nr), tenK), new(big.Int).Mul(ar, ns))
	if lo.Cmp(hi) != 0 || !lo.IsInt64() {
		return 0, false
	}
	return lo.Int64(), true
}

// ratio4Fast is ratio4 in 128-bit words: each mean is bounded in 2⁻⁶⁴
// fixed point (⌊A ÷ n⌋ and ⌈(A + E) ÷ n⌉), the ratio by the quotients of the
// bounds, each taken after shifting both words right until the divisor fits
// 64 bits (the dividend floored or ceiled, the divisor ceiled or floored, so
// that the bounds only widen). It fails (the caller uses math/big) when a word
// does not fit or the bounds round apart.
func (s *span) ratio4Fast(r *span) (int64, bool) {
	if s.a[2] != 0 || r.a[2] != 0 {
		return 0, false
	}
	sLo, sHi, ok1 := s.meanBounds()
	rLo, rHi, ok2 := r.meanBounds()
	if !ok1 || !ok2 || rLo == (u128{}) {
		return 0, false
	}
	lo, okLo := quoRound4(sLo, rHi, false)
	hi, okHi := quoRound4(sHi, rLo, true)
	if !okLo || !okHi || lo != hi {
		return 0, false
	}
	return lo, true
}

type u128 struct{ hi, lo uint64 }

// meanBounds are ⌊A ÷ n⌋ and ⌈(A + E) ÷ n⌉, the mean in 2⁻⁶⁴ units.
func (s *span) meanBounds() (lo, hi u128, ok bool) {
	n := uint64(s.n)
	lo.hi, lo.lo = div128(s.a[1], s.a[0], n)
	eLo, c := bits.Add64(s.a[0], s.e, 0)
	eHi, c2 := bits.Add64(s.a[1], 0, c)
	if c2 != 0 {
		return lo, hi, false
	}
	hi.hi, hi.lo = div128(eHi, eLo, n)
	if _, rem := bits.Div64(eHi%n, eLo, n); rem != 0 { // ceiling
		var c uint64
		hi.lo, c = bits.Add64(hi.lo, 1, 0)
		hi.hi += c
	}
	return lo, hi, true
}

// div128 is ⌊hi:lo ÷ n⌋ as hi:lo.
func div128(hi, lo, n uint64) (uint64, uint64) {
	qh := hi / n
	ql, _ := bits.Div64(hi%n, lo, n)
	return qh, ql
}

// quoRound4 bounds ⌊x·10⁴ ÷ y + ½⌋ from below (up false) or above (up true).
func quoRound4(x, y u128, up bool) (int64, bool) {
	shift := uint(0)
	if y.hi != 0 {
		shift = uint(64 - bits.LeadingZeros64(y.hi))
	}
	shr := func(v u128, ceil bool) (uint64, bool) {
		if shift == 0 {
			return v.lo, v.hi == 0
		}
		w := v.lo>>shift | v.hi<<(64-shift)
		if v.hi>>shift != 0 {
			return 0, false
		}
		if ceil && v.lo<<(64-shift) != 0 {
			w++
			if w == 0 {
				return 0, false
			}
		}
		return w, true
	}
	xs, ok1 := shr(x, up)
	ys, ok2 := shr(y, !up)
	if !ok1 || !ok2 || ys == 0 {
		return 0, false
	}
	ph, pl := bits.Mul64(xs, 10_000)
	if ph >= ys {
		return 0, false
	}
	q, rem := bits.Div64(ph, pl, ys)
	if rem >= ys-rem {
		q++
	}
	if q >= 1<<62 {
		return 0, false
	}
	return int64(q), true
}

// above reports whether a written figure exceeds a limit (MON-C4: the written
// value is what is tested, strictly); below likewise. V is in 10⁻⁴, the limit
// in 10⁻⁸: V·10⁴ > L ⟺ V > ⌊L ÷ 10⁴⌋.
func above(n Number, limit pointvalue.Factor) bool {
	return n.Valid && n.V > floorDiv(int64(limit), 10_000)
}

func below(n Number, limit pointvalue.Factor) bool {
	return n.Valid && n.V < -floorDiv(-int64(limit), 10_000)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
