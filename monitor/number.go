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

// exact is a figure while it is built: an exact rational (pointvalue.Exact),
// or the fast form of a cost or time index (span), or nothing (!ok).
type exact struct {
	x    pointvalue.Exact
	ok   bool
	span *span
}

func frac(num, den int64) exact {
	if den == 0 {
		return exact{}
	}
	return exact{x: pointvalue.ExactFrac(num, den), ok: true}
}

func fromExact(x pointvalue.Exact) exact { return exact{x: x, ok: true} }

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
	v, err := e.x.Mul(10_000).Round(1, pointvalue.HalfUp)
	if err != nil {
		return Number{}
	}
	return Number{V: v, Valid: true}
}

// positive reports whether e is > 0, and whether that is known.
func (e exact) positive() (pos, known bool) {
	if !e.ok {
		return false, true
	}
	if e.span != nil {
		return e.span.positive()
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
	return fromExact(e.x.QuoExact(r.x)).round4(), true
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
	n int64
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
	den := new(big.Int).Mul(big.NewInt(s.n), two64)
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
	// ratio = (V_s ÷ n_s) ÷ (V_r ÷ n_r), V_s ∈ [A_s, A_s+E_s), V_r ∈ [A_r, A_r+E_r) (× 2⁻⁶⁴ both)
	ns, nr := big.NewInt(s.n), big.NewInt(r.n)
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
