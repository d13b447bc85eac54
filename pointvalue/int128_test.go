package pointvalue

import (
	"errors"
	"math"
	"testing"
	"unsafe"
)

func TestInt128ZeroValueAndSize(t *testing.T) {
	var z int128
	if !z.isZero() || z.sign() != 0 || z.overflowed() {
		t.Errorf("zero int128 = %+v; want 0 without overflow", z)
	}
	if v, ok := z.int64(); !ok || v != 0 {
		t.Errorf("zero int128.Int64() = %d, %v", v, ok)
	}
	// documented: a 24-byte value type (two words and two flags, padded)
	if s := unsafe.Sizeof(z); s != 24 {
		t.Errorf("unsafe.Sizeof(int128{}) = %d; want 24", s)
	}
}

func TestInt128Ops(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	tests := []struct {
		name string
		a    int128
		want int64 // a.Quo(1, 1, HalfUp)
		err  error
	}{
		{"I128", i128(-42), -42, nil},
		{"I128 min", i128(minI), minI, nil},
		{"Mul64 signs", mul64(-6, 7), -42, nil},
		{"Mul64 both negative", mul64(-6, -7), 42, nil},
		{"Mul64 by zero", mul64(0, -7), 0, nil},
		{"Add", i128(40).add(i128(2)), 42, nil},
		{"Add mixed signs", i128(40).add(i128(-50)), -10, nil},
		{"Sub", i128(2).sub(i128(44)), -42, nil},
		{"Sub to zero", i128(-5).sub(i128(-5)), 0, nil},
		{"Mul", i128(-21).mul(2), -42, nil},
		{"Mul negative", i128(-21).mul(-2), 42, nil},
		{"Neg", i128(42).negate(), -42, nil},
		// (2⁶³−1)² = 2¹²⁶ − 2⁶⁴ + 1 fits; divided back by 2⁶³−1 it is 2⁶³−1 exactly
		{"max²/max", mul64(maxI, maxI), maxI, nil}, // divided below by maxI
		// −2⁶³ · 1 is exactly the smallest int64
		{"min·1", mul64(minI, 1), minI, nil},
		// −2⁶³ · −1 = 2⁶³ does not fit int64: an error, never a wrapped −2⁶³
		{"min·-1", mul64(minI, -1), 0, ErrOverflow},
		{"max+1", i128(maxI).add(i128(1)), 0, ErrOverflow},
		{"min-1", i128(minI).sub(i128(1)), 0, ErrOverflow},
		// 2¹²⁶ (= min·min) fits 128 bits; doubling it reaches 2¹²⁷, beyond the
		// largest magnitude 2¹²⁷−1: the sticky overflow mark, reported by Quo
		{"2^127 by Mul", mul64(minI, minI).mul(2), 0, ErrOverflow},
		{"2^127 by Add", mul64(minI, minI).add(mul64(minI, minI)), 0, ErrOverflow},
		{"-2^127 by Sub", mul64(minI, maxI).sub(mul64(maxI, maxI)).sub(mul64(1<<62, 2)), 0, ErrOverflow},
		{"Mul high word overflow", mul64(maxI, maxI).mul(maxI), 0, ErrOverflow},
		// sticky: undoing the overflowing step does not clear the mark
		{"sticky", mul64(minI, minI).mul(2).sub(mul64(minI, minI).mul(2)), 0, ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			den := int64(1)
			if tc.name == "max²/max" {
				den = maxI
			}
			got, err := tc.a.quo(den, 1, HalfUp)
			if !errors.Is(err, tc.err) || (err == nil && got != tc.want) {
				t.Fatalf("Quo = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
			if tc.err != nil {
				return
			}
			if v, ok := tc.a.int64(); den == 1 && (!ok || v != tc.want) {
				t.Errorf("Int64() = %d, %v; want %d", v, ok, tc.want)
			}
		})
	}
}

func TestInt128Overflowed(t *testing.T) {
	const minI = math.MinInt64
	// (−2⁶³)·(2⁶³−1) = −2¹²⁶ + 2⁶³; minus 2¹²⁶ gives −2¹²⁷ + 2⁶³, whose
	// magnitude 2¹²⁷ − 2⁶³ is below the limit 2¹²⁷ − 1: it fits
	a := mul64(minI, math.MaxInt64).sub(mul64(minI, minI))
	if a.overflowed() {
		t.Error("−2¹²⁷ + 2⁶³ marked as overflow; it fits")
	}
	if a.sign() != -1 {
		t.Errorf("Sign = %d; want -1", a.sign())
	}
	if _, ok := a.int64(); ok {
		t.Error("Int64 of a 127-bit value reported ok")
	}
	// one more 2⁶³ reaches −2¹²⁷: magnitude 2¹²⁷ overflows
	if b := a.sub(mul64(1<<62, 2)); !b.overflowed() {
		t.Error("−2¹²⁷ not marked as overflow")
	}
	if mul64(minI, minI).overflowed() {
		t.Error("2¹²⁶ marked as overflow")
	}
}

func TestInt128Cmp(t *testing.T) {
	big := mul64(math.MaxInt64, math.MaxInt64) // ≈ 2¹²⁶
	tests := []struct {
		a, b int128
		want int
	}{
		{i128(1), i128(2), -1},
		{i128(2), i128(1), 1},
		{i128(-1), i128(-2), 1},
		{i128(-2), i128(-1), -1},
		{i128(-1), i128(1), -1},
		{i128(0), i128(-1), 1},
		{i128(0), i128(0).negate(), 0},
		{big, i128(math.MaxInt64), 1},
		{big.negate(), i128(math.MinInt64), -1},
		{big, big, 0},
		{big, big.add(i128(1)), -1}, // differ in the low word only
	}
	for i, tc := range tests {
		if got := tc.a.cmp(tc.b); got != tc.want {
			t.Errorf("case %d: Cmp = %d; want %d", i, got, tc.want)
		}
	}
	if i128(0).negate().sign() != 0 {
		t.Error("−0 must be 0")
	}
}

// Testint128Quo checks rounding to a unit in one step (NUM-2) and the 128-bit
// remainder comparison when den·unit exceeds 64 bits.
func TestInt128Quo(t *testing.T) {
	tests := []struct {
		name      string
		a         int128
		den, unit int64
		r         Rounding
		want      int64
		err       error
	}{
		// 123456789 ÷ 10⁴ = 12345.6789 → 12346 → ×10⁴
		{"to unit", i128(123456789), 1, 10000, HalfUp, 123460000, nil},
		{"to unit down", i128(123456789), 1, 10000, Down, 123450000, nil},
		// −123455000 ÷ 10⁴ = −12345.5: half-up −12346, half-even −12346 (12345 is odd)
		{"neg half up", i128(-123455000), 1, 10000, HalfUp, -123460000, nil},
		{"neg half even odd", i128(-123455000), 1, 10000, HalfEven, -123460000, nil},
		// −123465000 ÷ 10⁴ = −12346.5: half-up −12347, half-even −12346
		{"neg half up 2", i128(-123465000), 1, 10000, HalfUp, -123470000, nil},
		{"neg half even even", i128(-123465000), 1, 10000, HalfEven, -123460000, nil},
		// 10¹⁸·10¹⁸ ÷ (10¹⁸·10¹⁸) = 1 → ×10¹⁸
		{"wide divisor exact", mul64(1e18, 1e18), 1e18, 1e18, HalfUp, 1e18, nil},
		// 5·10¹⁷·10¹⁸ ÷ 10³⁶ = 0.5: half-up 1·10¹⁸, half-even 0
		{"wide divisor half up", mul64(5e17, 1e18), 1e18, 1e18, HalfUp, 1e18, nil},
		{"wide divisor half even", mul64(5e17, 1e18), 1e18, 1e18, HalfEven, 0, nil},
		// (5·10³⁵ − 1) ÷ 10³⁶ is just below one half
		{"wide divisor below half", mul64(5e17, 1e18).sub(i128(1)), 1e18, 1e18, HalfUp, 0, nil},
		// 10¹⁹ ÷ 10¹⁸: quotient 10 fits, but 10·unit = 10¹⁹ does not
		{"scaled back overflows", mul64(1e18, 10), 1, 1e18, HalfUp, 0, ErrOverflow},
		// (2⁶³−1) ÷ 2 = 2⁶²−0.5 → 2⁶², times 2 = 2⁶³: past int64
		{"rounded multiple past int64", i128(math.MaxInt64), 1, 2, HalfUp, 0, ErrOverflow},
		{"rounded multiple down fits", i128(math.MaxInt64), 1, 2, Down, math.MaxInt64 - 1, nil},
		{"den 0", i128(1), 0, 1, HalfUp, 0, ErrInvalidArgument},
		{"den negative", i128(1), -1, 1, HalfUp, 0, ErrInvalidArgument},
		{"unit 0", i128(1), 1, 0, HalfUp, 0, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.a.quo(tc.den, tc.unit, tc.r)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Errorf("Quo(%d,%d,%v) = %d, %v; want %d, %v", tc.den, tc.unit, tc.r, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestMulDiv(t *testing.T) {
	tests := []struct {
		name    string
		x, y, d int64
		want    int64
		err     error
	}{
		// 10⁶ yuan (10⁸ fen) × 0.05 (5·10⁶ ÷ 10⁸) = 5·10⁶ fen
		{"reserve", 1e8, 5e6, FactorUnit, 5e6, nil},
		// (2⁶³−1)·(2⁶³−1) ÷ (2⁶³−1) = 2⁶³−1: the product needs 126 bits
		{"max", math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64, nil},
		{"min", math.MinInt64, math.MaxInt64, math.MaxInt64, math.MinInt64, nil},
		{"too big", math.MaxInt64, 3, 2, 0, ErrOverflow},
		{"zero divisor", 1, 1, 0, 0, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mulDiv(tc.x, tc.y, tc.d, HalfUp)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Errorf("MulDiv = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
		})
	}
}
