package pointvalue

import "math/bits"

// int128 is the exact signed 128-bit intermediate of Exact and of the package's
// products (NUM-3, NUM-6). It never wraps: an operation whose result does not
// fit sets a sticky overflow mark that quo reports as ErrOverflow, the way apd's
// conditions carry to the end of a computation. The zero value is 0. It is a
// value type of 24 bytes and no method allocates.
type int128 struct {
	neg bool   // sign of the magnitude
	ovf bool   // sticky: some step overflowed
	hi  uint64 // magnitude, high word
	lo  uint64 // magnitude, low word
}

// maxMag is the largest magnitude we allow: 2^127 − 1 (keeps −x representable too).
const maxHi = 1<<63 - 1

func abs64(x int64) (uint64, bool) {
	if x < 0 {
		return uint64(-x), true // -MinInt64 wraps to itself; as uint64 it is 2^63, correct
	}
	return uint64(x), false
}

// I128 returns x as an int128.
func i128(x int64) int128 {
	m, n := abs64(x)
	return int128{neg: n && m != 0, lo: m}
}

// Mul64 returns the exact product x·y.
func mul64(x, y int64) int128 {
	mx, nx := abs64(x)
	my, ny := abs64(y)
	hi, lo := bits.Mul64(mx, my)
	z := int128{hi: hi, lo: lo, neg: nx != ny}
	if hi > maxHi {
		z.ovf = true
	}
	return z.norm()
}

func (a int128) norm() int128 {
	if a.hi == 0 && a.lo == 0 {
		a.neg = false
	}
	return a
}

// IsZero reports whether a is 0.
func (a int128) isZero() bool { return a.hi == 0 && a.lo == 0 }

// Overflowed reports whether some step that produced a did not fit 128 bits.
func (a int128) overflowed() bool { return a.ovf }

// Sign returns −1, 0 or +1.
func (a int128) sign() int {
	switch {
	case a.isZero():
		return 0
	case a.neg:
		return -1
	}
	return 1
}

// Neg returns −a.
func (a int128) negate() int128 {
	a.neg = !a.neg
	return a.norm()
}

func cmpMag(a, b int128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// Cmp compares a and b: −1, 0 or +1.
func (a int128) cmp(b int128) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb {
		if sa < sb {
			return -1
		}
		return 1
	}
	c := cmpMag(a, b)
	if sa < 0 {
		return -c
	}
	return c
}

// Add returns a + b.
func (a int128) add(b int128) int128 {
	ovf := a.ovf || b.ovf
	var z int128
	if a.neg == b.neg {
		lo, c := bits.Add64(a.lo, b.lo, 0)
		hi, c2 := bits.Add64(a.hi, b.hi, c)
		z = int128{neg: a.neg, hi: hi, lo: lo}
		if c2 != 0 || hi > maxHi {
			ovf = true
		}
	} else {
		// different signs: subtract the smaller magnitude from the larger
		x, y := a, b
		if cmpMag(x, y) < 0 {
			x, y = y, x
		}
		lo, bw := bits.Sub64(x.lo, y.lo, 0)
		hi, _ := bits.Sub64(x.hi, y.hi, bw)
		z = int128{neg: x.neg, hi: hi, lo: lo}
	}
	z.ovf = ovf
	return z.norm()
}

// Sub returns a − b.
func (a int128) sub(b int128) int128 { return a.add(b.negate()) }

// Mul returns a·y.
func (a int128) mul(y int64) int128 {
	my, ny := abs64(y)
	h1, l1 := bits.Mul64(a.lo, my)
	h2, l2 := bits.Mul64(a.hi, my)
	hi, c := bits.Add64(h1, l2, 0)
	z := int128{neg: a.neg != ny, hi: hi, lo: l1, ovf: a.ovf}
	if h2 != 0 || c != 0 || hi > maxHi {
		z.ovf = true
	}
	return z.norm()
}

// divmod64 divides the magnitude of a by d > 0: quotient (128-bit) and remainder.
func divmod64(hi, lo, d uint64) (qhi, qlo, r uint64) {
	qhi, r = hi/d, hi%d
	qlo, r = bits.Div64(r, lo, d)
	return
}

// Quo returns a ÷ (den·unit), rounded by r to a whole number, times unit: the
// exact quotient brought to a multiple of unit. With unit = 10^(8−PointScale) it
// rounds a value in 10⁻⁸ units to PointScale decimals in one step (NUM-2).
// den and unit must be positive. It reports ErrOverflow when a carried an overflow
// or the result does not fit int64, ErrInvalidArgument for a non-positive divisor.
func (a int128) quo(den, unit int64, r Rounding) (int64, error) {
	if a.ovf {
		return 0, ErrOverflow
	}
	if den <= 0 || unit <= 0 {
		return 0, ErrInvalidArgument
	}
	var q2h, q2l uint64
	var cmp int
	var remZero bool
	if mh, m := bits.Mul64(uint64(den), uint64(unit)); mh == 0 && a.hi < m {
		// The usual case: den·unit fits 64 bits and so does the quotient — one
		// division. 2·rem is compared with m as rem with m − rem (no overflow).
		var rem uint64
		if a.hi == 0 {
			q2l, rem = a.lo/m, a.lo%m
		} else {
			q2l, rem = bits.Div64(a.hi, a.lo, m)
		}
		remZero = rem == 0
		switch other := m - rem; {
		case rem < other:
			cmp = -1
		case rem > other:
			cmp = 1
		}
	} else {
		q2h, q2l, cmp, remZero = a.quoWide(uint64(den), uint64(unit))
	}
	if r.roundUp(cmp, q2l&1 == 1, remZero) {
		var c uint64
		q2l, c = bits.Add64(q2l, 1, 0)
		q2h += c
	}
	if q2h != 0 || q2l > 1<<63 || (q2l == 1<<63 && !a.neg) {
		return 0, ErrOverflow
	}
	// multiply back by unit within int64
	hi, lo := bits.Mul64(q2l, uint64(unit))
	if hi != 0 || lo > 1<<63 || (lo == 1<<63 && !a.neg) {
		return 0, ErrOverflow
	}
	if a.neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

// quoWide is Quo's general division of the magnitude by den·unit, in two steps
// when den·unit or the quotient needs more than 64 bits: the quotient, and the
// comparison of twice the remainder with den·unit (−1, 0, +1).
func (a int128) quoWide(den, unit uint64) (q2h, q2l uint64, cmp int, remZero bool) {
	// a = den·q1 + r1; q1 = unit·q2 + r2  ⇒  a/(den·unit) = q2 + (r2·den + r1)/(den·unit)
	q1h, q1l, r1 := divmod64(a.hi, a.lo, den)
	q2h, q2l, r2 := divmod64(q1h, q1l, unit)
	// remainder numerator n = r2·den + r1 (< den·unit ≤ 2^126), denominator m = den·unit
	nh, nl := bits.Mul64(r2, den)
	nl, c := bits.Add64(nl, r1, 0)
	nh += c
	mh, ml := bits.Mul64(den, unit)
	remZero = nh == 0 && nl == 0
	// compare 2n with m
	dh := nh<<1 | nl>>63
	dl := nl << 1
	switch {
	case dh < mh || (dh == mh && dl < ml):
		cmp = -1
	case dh > mh || (dh == mh && dl > ml):
		cmp = 1
	}
	return q2h, q2l, cmp, remZero
}

// Int64 returns a as an int64 and whether it fits (and did not overflow).
func (a int128) int64() (int64, bool) {
	if a.ovf || a.hi != 0 || a.lo > 1<<63 || (a.lo == 1<<63 && !a.neg) {
		return 0, false
	}
	if a.neg {
		return -int64(a.lo), true
	}
	return int64(a.lo), true
}

// MulDiv returns round(x·y ÷ d) by r, exactly: the building block of every
// "amount × ratio" rule. d must be positive.
func mulDiv(x, y, d int64, r Rounding) (int64, error) {
	return mul64(x, y).quo(d, 1, r)
}

// mod returns |a| mod d (d > 0).
func (a int128) mod(d uint64) uint64 {
	_, r := bits.Div64(a.hi%d, a.lo, d)
	return r
}

// divExact returns a ÷ d for a d that divides a (d > 0).
func (a int128) divExact(d uint64) (int128, bool) {
	qhi, qlo, r := divmod64(a.hi, a.lo, d)
	return int128{neg: a.neg, hi: qhi, lo: qlo}, r == 0
}

// QuoRound128 returns (hi·2⁶⁴ + lo) ÷ d rounded once by r, for the scoring
// loops' integer paths; ok is false when d is 0 or the rounded quotient does not
// fit 64 bits. It does not allocate.
func QuoRound128(hi, lo, d uint64, r Rounding) (q uint64, ok bool) {
	if d == 0 || hi >= d {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, d)
	// One condition, not a switch: the function stays within the inliner's
	// budget, so the DRG loop's outlier path pays no call.
	if rem != 0 && (r == HalfUp && rem >= d-rem || r == HalfEven && (rem > d-rem || rem == d-rem && q&1 == 1)) {
		if q == ^uint64(0) {
			return 0, false
		}
		q++
	}
	return q, true
}
