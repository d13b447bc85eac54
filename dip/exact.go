package dip

import (
	"math/big"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// devKind is the deviation multiplier of DIP-4 (and of DIP-9, which has the
// shape of a low case: cost ÷ M).
type devKind uint8

const (
	devOne   devKind = iota // × 1
	devRatio                // × cost ÷ ref
	devHigh                 // × (cost ÷ ref − high + 1)
)

// maxFactors is the number of coefficients a case formula multiplies:
// level, auxiliary (severity), TCM, readmission.
const maxFactors = 4

// formula is one case's score as one exact fraction (NUM-2):
//
//	points = base × multiplier(kind) × f[0] × … × f[nf−1]
//
// with base in 10⁻⁸ point, cost and ref in fen, high and the factors in 10⁻⁸.
// It is evaluated exactly and rounded once.
type formula struct {
	base      int64
	kind      devKind
	cost, ref int64
	high      int64
	f         [maxFactors]int64
	nf        int
}

func (f *formula) mul(x pv.Factor) {
	if x == pv.One {
		return // × 1 is exact without multiplying (the usual auxiliary and TCM factors)
	}
	f.f[f.nf] = int64(x)
	f.nf++
}

// eval returns the points rounded to scale decimals by r; slowOnly makes it
// take the math/big path (tests compare the two).
func (f *formula) eval(scale int, r pv.Rounding, slowOnly bool) (pv.Points, error) {
	if !slowOnly {
		if v, ok, err := f.fast(scale, r); ok {
			return v, err
		}
	}
	return f.slow(scale, r)
}

// reduce writes a value of m·10⁻ᵏ with the fewest decimals: 1.5 held as
// 150000000·10⁻⁸ becomes 15·10⁻¹. Small numerators keep the 128-bit products
// of the usual magnitudes (NUM-3) in range.
func reduce(m int64, k int) (int64, int) {
	for k >= 4 && m%10_000 == 0 {
		m /= 10_000
		k -= 4
	}
	for k > 0 && m%10 == 0 {
		m /= 10
		k--
	}
	return m, k
}

// fast evaluates in 128 bits; ok is false when an intermediate would not fit,
// and the caller takes the exact slow path (results never depend on the path).
func (f *formula) fast(scale int, r pv.Rounding) (_ pv.Points, ok bool, _ error) {
	b, kb := reduce(f.base, pv.MaxScale)
	// The value in 10⁻⁸ units is b·10^e × X ÷ den × Π m_i, e collecting every
	// power of ten.
	e := pv.MaxScale - kb
	var num pv.Int128
	den := int64(1)
	switch f.kind {
	case devOne:
		num = pv.I128(b)
	case devRatio:
		num = pv.Mul64(b, f.cost)
		den = f.ref
	case devHigh:
		h, kh := reduce(f.high, pv.MaxScale)
		p := pv.Pow10(kh)
		// cost ÷ ref − h·10^-kh + 1 = (cost·p − h·ref + p·ref) ÷ (p·ref)
		x := pv.Mul64(f.cost, p).Sub(pv.Mul64(h, f.ref)).Add(pv.Mul64(p, f.ref))
		num = x.Mul(b)
		d, fits := pv.Mul64(p, f.ref).Int64()
		if !fits {
			return 0, false, nil
		}
		den = d
	}
	for i := 0; i < f.nf; i++ {
		m, k := reduce(f.f[i], pv.MaxScale)
		num = num.Mul(m)
		e -= k
	}
	if e >= 0 {
		num = num.Mul(pv.Pow10(e))
	} else {
		if -e > 18 {
			return 0, false, nil
		}
		d, fits := pv.Mul64(den, pv.Pow10(-e)).Int64()
		if !fits {
			return 0, false, nil
		}
		den = d
	}
	if num.Overflowed() {
		return 0, false, nil
	}
	v, err := num.Quo(den, pv.ScaleUnit(scale), r)
	return pv.Points(v), true, err
}

// slow evaluates the same fraction with math/big (it allocates).
func (f *formula) slow(scale int, r pv.Rounding) (pv.Points, error) {
	unit := big.NewInt(pv.FactorUnit)
	num := big.NewInt(f.base)
	den := big.NewInt(1)
	switch f.kind {
	case devRatio:
		num.Mul(num, big.NewInt(f.cost))
		den.SetInt64(f.ref)
	case devHigh:
		// cost ÷ ref − high/10⁸ + 1 = (cost·10⁸ − high·ref + 10⁸·ref) ÷ (10⁸·ref)
		ref := big.NewInt(f.ref)
		x := new(big.Int).Mul(big.NewInt(f.cost), unit)
		x.Sub(x, new(big.Int).Mul(big.NewInt(f.high), ref))
		x.Add(x, new(big.Int).Mul(unit, ref))
		num.Mul(num, x)
		den.Mul(unit, ref)
	}
	for i := 0; i < f.nf; i++ {
		num.Mul(num, big.NewInt(f.f[i]))
		den.Mul(den, unit)
	}
	su := pv.ScaleUnit(scale)
	den.Mul(den, big.NewInt(su))
	q := pv.RoundBig(num, den, r)
	q.Mul(q, big.NewInt(su))
	if !q.IsInt64() {
		return 0, pv.ErrOverflow
	}
	return pv.Points(q.Int64()), nil
}
