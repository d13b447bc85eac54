package pointvalue

import "github.com/shopspring/decimal"

// MaxScale is the finest number of decimals the engine holds points, factors and
// point values to: every such value is an int64 count of 10⁻⁸ units, whatever
// decimals the policy rounds to. Holding one unit for all scales means a Points
// value carries its own meaning (no scale to pass around) and a policy's
// PointScale (4 by default, 8 in some regions) is only where results are rounded.
const MaxScale = 8

// FactorUnit is the integer value of 1 in Points, Factor and PointValue (10⁸).
const FactorUnit = 100_000_000

// Points are DRG points (点数), DIP scores (分值) or per-capita head points, held
// exactly as an int64 count of 10⁻⁸ point (NUM-2). The zero value is 0 points.
// A policy rounds case points to its PointScale decimals once, at the end of a
// case's formula (Round, or int128.Quo with ScaleUnit).
type Points int64

// PointsFromInt returns n whole points.
func PointsFromInt(n int64) Points { return Points(n * FactorUnit) }

// ParsePoints reads points with at most scale decimals (scale ≤ 8).
func ParsePoints(s string, scale int) (Points, error) {
	if scale < 0 || scale > MaxScale {
		return 0, ErrInvalidArgument
	}
	v, err := parseFixed(s, scale)
	if err != nil {
		return 0, err
	}
	return mulUnit(v, pow10[MaxScale-scale])
}

func mulUnit(v, unit int64) (Points, error) {
	r, ok := mul64(v, unit).int64()
	if !ok {
		return 0, ErrRange
	}
	return Points(r), nil
}

// MustPoints is ParsePoints at scale 8 for constants in tests and examples; it panics on error.
func MustPoints(s string) Points {
	p, err := ParsePoints(s, MaxScale)
	if err != nil {
		panic("pointvalue.MustPoints(" + s + "): " + err.Error())
	}
	return p
}

// PointsFromDecimal converts d exactly; more than scale decimals is ErrPrecision.
func PointsFromDecimal(d decimal.Decimal, scale int) (Points, error) {
	if scale < 0 || scale > MaxScale {
		return 0, ErrInvalidArgument
	}
	v, err := fromDecimal(d, scale)
	if err != nil {
		return 0, err
	}
	return mulUnit(v, pow10[MaxScale-scale])
}

// ScaleUnit is the number of 10⁻⁸ units in one step of the last decimal at scale:
// 10^(8−scale). int128.Quo(den, ScaleUnit(s), r) rounds straight to s decimals.
// scale must be 0 … MaxScale (a policy validates it); ScaleUnit and the Round
// methods panic outside that range, the functions that return an error report
// ErrInvalidArgument.
func ScaleUnit(scale int) int64 { return pow10[MaxScale-scale] }

// Round returns p rounded to scale decimals by r. The only values whose rounding
// leaves int64 lie within one unit of its ends (±9.2·10¹⁰ points); they are
// rounded toward zero instead, the nearest multiple that exists.
func (p Points) Round(scale int, r Rounding) Points {
	return Points(roundUnit(int64(p), ScaleUnit(scale), r))
}

// roundUnit rounds v to a multiple of unit by r, toward zero if that would leave int64.
func roundUnit(v, unit int64, r Rounding) int64 {
	q, err := i128(v).quo(1, unit, r)
	if err != nil {
		q = v / unit * unit
	}
	return q
}

// Mul returns p × f rounded once to scale decimals by r (DRG-4 coefficient,
// DIP-5 level coefficient, readmission factor…).
func (p Points) Mul(f Factor, scale int, r Rounding) (Points, error) {
	if uint(scale) > MaxScale {
		return 0, ErrInvalidArgument
	}
	v, err := mul64(int64(p), int64(f)).quo(FactorUnit, ScaleUnit(scale), r)
	return Points(v), err
}

// Decimal returns the points as a decimal.Decimal.
func (p Points) Decimal() decimal.Decimal { return toDecimal(int64(p), MaxScale) }

// Format writes p with exactly scale decimals (rounding half-up if p has more).
func (p Points) Format(scale int) string { return formatFixed(int64(p), MaxScale, scale) }

// Append appends Format's text to dst.
func (p Points) Append(dst []byte, scale int) []byte {
	return appendFixed(dst, int64(p), MaxScale, scale)
}

// String formats p with 4 decimals, or 8 when it has more: "150.0000".
func (p Points) String() string {
	if int64(p)%pow10[4] != 0 {
		return p.Format(8)
	}
	return p.Format(4)
}

// Equal reports whether p and o are the same number of points (for go-cmp).
func (p Points) Equal(o Points) bool { return p == o }

// Factor is a coefficient, ratio or weight (系数/比例/权重) — DRG relative weights,
// hospital coefficients, reserve and advance ratios — held exactly as an int64
// count of 10⁻⁸ (NUM-3: up to 8 decimals, used exactly). The zero value is 0;
// One is 1.
type Factor int64

// One is the factor 1.
const One Factor = FactorUnit

// ParseFactor reads a factor with at most 8 decimals.
func ParseFactor(s string) (Factor, error) {
	v, err := parseFixed(s, MaxScale)
	return Factor(v), err
}

// MustFactor is ParseFactor for constants; it panics on error.
func MustFactor(s string) Factor {
	f, err := ParseFactor(s)
	if err != nil {
		panic("pointvalue.MustFactor(" + s + "): " + err.Error())
	}
	return f
}

// FactorFromDecimal converts d exactly; more than 8 decimals is ErrPrecision.
func FactorFromDecimal(d decimal.Decimal) (Factor, error) {
	v, err := fromDecimal(d, MaxScale)
	return Factor(v), err
}

// Decimal returns f as a decimal.Decimal.
func (f Factor) Decimal() decimal.Decimal { return toDecimal(int64(f), MaxScale) }

// Format writes f with exactly n decimals (ratios in outputs use 4), half-up.
func (f Factor) Format(n int) string { return formatFixed(int64(f), MaxScale, n) }

// Append appends Format's text to dst.
func (f Factor) Append(dst []byte, n int) []byte { return appendFixed(dst, int64(f), MaxScale, n) }

// String writes f with its significant decimals only: "0.05", "1", "1.2".
func (f Factor) String() string {
	s := formatFixed(int64(f), MaxScale, MaxScale)
	i := len(s)
	for s[i-1] == '0' {
		i--
	}
	if s[i-1] == '.' {
		i--
	}
	return s[:i]
}

// Equal reports whether f and o are equal (for go-cmp).
func (f Factor) Equal(o Factor) bool { return f == o }

// PointValue is the yuan value of one point (点值), held exactly as an int64 count
// of 10⁻⁸ yuan per point; a policy rounds it to PointValueScale decimals (NUM-4,
// default 6). The zero value is 0 yuan per point.
type PointValue int64

// ParsePointValue reads a yuan-per-point value with at most 8 decimals.
func ParsePointValue(s string) (PointValue, error) {
	v, err := parseFixed(s, MaxScale)
	return PointValue(v), err
}

// MustPointValue is ParsePointValue for constants; it panics on error.
func MustPointValue(s string) PointValue {
	v, err := ParsePointValue(s)
	if err != nil {
		panic("pointvalue.MustPointValue(" + s + "): " + err.Error())
	}
	return v
}

// PointValueFromDecimal converts d exactly; more than 8 decimals is ErrPrecision.
func PointValueFromDecimal(d decimal.Decimal) (PointValue, error) {
	v, err := fromDecimal(d, MaxScale)
	return PointValue(v), err
}

// Round returns v rounded to scale decimals by r.
// Like Points.Round, a value within one unit of the int64 ends rounds toward zero.
func (v PointValue) Round(scale int, r Rounding) PointValue {
	return PointValue(roundUnit(int64(v), ScaleUnit(scale), r))
}

// Decimal returns v as a decimal.Decimal.
func (v PointValue) Decimal() decimal.Decimal { return toDecimal(int64(v), MaxScale) }

// Format writes v with exactly scale decimals.
func (v PointValue) Format(scale int) string { return formatFixed(int64(v), MaxScale, scale) }

// String writes v with 6 decimals (the default PointValueScale): "500.000000".
func (v PointValue) String() string { return v.Format(6) }

// Equal reports whether v and o are equal (for go-cmp).
func (v PointValue) Equal(o PointValue) bool { return v == o }

// Amount is NUM-6: round_fen(points × point value), exactly, by r.
// points is 10⁻⁸ point and v 10⁻⁸ yuan, so fen = p·v ÷ 10¹⁴.
func Amount(p Points, v PointValue, r Rounding) (Money, error) {
	q, err := mul64(int64(p), int64(v)).quo(1e14, 1, r)
	return Money(q), err
}
