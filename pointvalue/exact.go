package pointvalue

import (
	"math/big"
	"math/bits"
)

// Exact is an exact rational number: one formula's value while it is built,
// rounded once at its end (NUM-2). It is the one evaluator of the case formulas
// (DRG-5, DIP-4/5, BED-1/2 and the variants): a 128-bit numerator over a
// positive 64-bit denominator, moving to math/big when a step would not fit
// (NUM-3). Which form held the value never changes the result; the 128-bit form
// does not allocate. The zero value is 0.
//
// Exact is a value: every method returns a new one. An invalid step (division
// by a value ≤ 0) makes the value invalid, which Round reports as
// ErrInvalidArgument.
type Exact struct {
	num     int128
	den     uint64   // 0 in the zero value stands for 1
	big     *big.Rat // the value, once it outgrew 128/64 bits
	invalid bool
}

// ExactInt returns x as an Exact.
func ExactInt(x int64) Exact { return Exact{num: i128(x), den: 1} }

// ExactFrac returns n ÷ d (d > 0) as an Exact.
func ExactFrac(n, d int64) Exact { return ExactInt(n).Quo(d) }

func (x Exact) denom() uint64 {
	if x.den == 0 {
		return 1
	}
	return x.den
}

// rat returns x as a new big.Rat (x in either form).
func (x Exact) rat() *big.Rat {
	if x.big != nil {
		return new(big.Rat).Set(x.big)
	}
	n := new(big.Int).SetUint64(x.num.hi)
	n.Lsh(n, 64).Or(n, new(big.Int).SetUint64(x.num.lo))
	if x.num.neg {
		n.Neg(n)
	}
	return new(big.Rat).SetFrac(n, new(big.Int).SetUint64(x.denom()))
}

func slow(r *big.Rat) Exact { return Exact{big: r} }

// Mul returns x × y.
func (x Exact) Mul(y int64) Exact {
	if x.invalid {
		return x
	}
	if x.big == nil {
		if n := x.num.mul(y); !n.ovf {
			return Exact{num: n, den: x.denom()}
		}
		if x = x.reduced(); x.den > 1 { // a common factor may make room
			if n := x.num.mul(y); !n.ovf {
				return Exact{num: n, den: x.den}
			}
		}
	}
	r := x.rat()
	return slow(r.Mul(r, new(big.Rat).SetInt64(y)))
}

// Quo returns x ÷ y; y must be positive.
func (x Exact) Quo(y int64) Exact {
	if x.invalid || y <= 0 {
		return Exact{invalid: true}
	}
	if x.big == nil {
		if h, l := bits.Mul64(x.denom(), uint64(y)); h == 0 && l < 1<<63 {
			return Exact{num: x.num, den: l}
		}
		// take out the common factors of y with the numerator first
		if g := gcd64(x.num.mod(uint64(y)), uint64(y)); g > 1 {
			n, _ := x.num.divExact(g)
			x = Exact{num: n, den: x.denom()}
			y /= int64(g)
			if h, l := bits.Mul64(x.den, uint64(y)); h == 0 && l < 1<<63 {
				return Exact{num: x.num, den: l}
			}
		}
	}
	r := x.rat()
	return slow(r.Quo(r, new(big.Rat).SetInt64(y)))
}

// reduced returns x (128-bit form) in lowest terms.
func (x Exact) reduced() Exact {
	d := x.denom()
	g := gcd64(x.num.mod(d), d)
	if g <= 1 {
		return Exact{num: x.num, den: d}
	}
	n, _ := x.num.divExact(g)
	return Exact{num: n, den: d / g}
}

// gcd64 is the greatest common divisor (gcd64(0, b) = b), by the binary
// algorithm: shifts and subtractions, no division.
func gcd64(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	k := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for b != 0 {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
	}
	return a << k
}

// MulExact returns x × y.
func (x Exact) MulExact(y Exact) Exact {
	if x.invalid || y.invalid {
		return Exact{invalid: true}
	}
	if x.big == nil && y.big == nil && y.num.hi == 0 && y.num.lo < 1<<63 {
		n := int64(y.num.lo)
		if y.num.neg {
			n = -n
		}
		return x.Mul(n).Quo(int64(y.denom()))
	}
	r := x.rat()
	return slow(r.Mul(r, y.rat()))
}

// QuoExact returns x ÷ y; y must be positive.
func (x Exact) QuoExact(y Exact) Exact {
	if x.invalid || y.invalid || y.Sign() <= 0 {
		return Exact{invalid: true}
	}
	if x.big == nil && y.big == nil && y.num.hi == 0 && y.num.lo < 1<<63 {
		return x.Mul(int64(y.denom())).Quo(int64(y.num.lo))
	}
	r := x.rat()
	return slow(r.Quo(r, y.rat()))
}

// MulFrac returns x × n ÷ d; d must be positive.
func (x Exact) MulFrac(n, d int64) Exact { return x.Mul(n).Quo(d) }

// Add returns x + y.
func (x Exact) Add(y Exact) Exact {
	if x.invalid || y.invalid {
		return Exact{invalid: true}
	}
	if x.big == nil && y.big == nil {
		dx, dy := x.denom(), y.denom()
		if dx == dy {
			if s := x.num.add(y.num); !s.ovf {
				return Exact{num: s, den: dx}
			}
		} else {
			// over the product of the denominators, or failing that their least
			// common multiple (a gcd only when it is needed)
			for _, g := range [2]uint64{1, 0} {
				if g == 0 {
					if g = gcd64(dx, dy); g == 1 {
						break
					}
				}
				if h, l := bits.Mul64(dx/g, dy); h == 0 && l < 1<<63 {
					a, b := x.num.mul(int64(dy/g)), y.num.mul(int64(dx/g))
					if s := a.add(b); !s.ovf {
						return Exact{num: s, den: l}
					}
				}
			}
		}
	}
	r := x.rat()
	return slow(r.Add(r, y.rat()))
}

// Sub returns x − y.
func (x Exact) Sub(y Exact) Exact { return x.Add(y.Neg()) }

// Neg returns −x.
func (x Exact) Neg() Exact {
	if x.big != nil {
		return slow(new(big.Rat).Neg(x.big))
	}
	x.num = x.num.negate()
	return x
}

// Sign returns −1, 0 or +1.
func (x Exact) Sign() int {
	if x.big != nil {
		return x.big.Sign()
	}
	return x.num.sign()
}

// Cmp compares x and y exactly (NUM-5: cross-multiplied, never rounded): −1, 0, +1.
func (x Exact) Cmp(y Exact) int { return x.Sub(y).Sign() }

// Min returns the smaller of x and y.
func (x Exact) Min(y Exact) Exact {
	if x.Cmp(y) <= 0 {
		return x
	}
	return y
}

// Round returns x rounded by r to a whole multiple of unit (unit > 0): with the
// value in 10⁻⁸ units and unit = ScaleUnit(scale), the formula's one rounding to
// scale decimals. A result beyond int64 is ErrOverflow.
func (x Exact) Round(unit int64, r Rounding) (int64, error) {
	if x.invalid || unit <= 0 {
		return 0, ErrInvalidArgument
	}
	if x.big == nil && x.denom() < 1<<63 {
		return x.num.quo(int64(x.denom()), unit, r)
	}
	v := x.rat()
	num, den := v.Num(), new(big.Int).Mul(v.Denom(), big.NewInt(unit))
	q := roundBig(num, den, r)
	q.Mul(q, big.NewInt(unit))
	if !q.IsInt64() {
		return 0, ErrOverflow
	}
	return q.Int64(), nil
}

// Slow reports whether x moved to math/big (tests compare the two forms).
func (x Exact) Slow() bool { return x.big != nil }

// ExactSlow returns x held in math/big whatever its size: with it a test runs a
// formula through the slow form and compares the results with the fast form's.
func ExactSlow(x Exact) Exact {
	if x.invalid {
		return x
	}
	return slow(x.rat())
}

// ExactRat returns the rational r as an Exact (held in math/big); r is not kept.
func ExactRat(r *big.Rat) Exact { return slow(new(big.Rat).Set(r)) }
