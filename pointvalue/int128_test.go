package pointvalue

import (
	"errors"
	"math"
	"testing"
	"unsafe"
)

func TestInt128ZeroValueAndSize(t *testing.T) {
	var z Int128
	if !z.IsZero() || z.Sign() != 0 || z.Overflowed() {
		t.Errorf("zero Int128 = %+v; want 0 without overflow", z)
	}
	if v, ok := z.Int64(); !ok || v != 0 {
		t.Errorf("zero Int128.Int64() = %d, %v", v, ok)
	}
	// documented: a 24-byte value type (two words and two flags, padded)
	if s := unsafe.Sizeof(z); s != 24 {
		t.Errorf("unsafe.Sizeof(Int128{}) = %d; want 24", s)
	}
}

func TestInt128Ops(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	tests := []struct {
		name string
		a    Int128
		want int64 // a.Quo(1, 1, HalfUp)
		err  error
	}{
		{"I128", I128(-42), -42, nil},
		{"I128 min", I128(minI), minI, nil},
		{"Mul64 signs", Mul64(-6, 7), -42, nil},
		{"Mul64 both negative", Mul64(-6, -7), 42, nil},
		{"Mul64 by zero", Mul64(0, -7), 0, nil},
		{"Add", I128(40).Add(I128(2)), 42, nil},
		{"Add mixed signs", I128(40).Add(I128(-50)), -10, nil},
		{"Sub", I128(2).Sub(I128(44)), -42, nil},
		{"Sub to zero", I128(-5).Sub(I128(-5)), 0, nil},
		{"Mul", I128(-21).Mul(2), -42, nil},
		{"Mul negative", I128(-21).Mul(-2), 42, nil},
		{"Neg", I128(42).Neg(), -42, nil},
		// (2⁶³−1)² = 2¹²⁶ − 2⁶⁴ + 1 fits; divided back by 2⁶³−1 it is 2⁶³−1 exactly
		{"max²/max", Mul64(maxI, maxI), maxI, nil}, // divided below by maxI
		// −2⁶³ · 1 is exactly the smallest int64
		{"min·1", Mul64(minI, 1), minI, nil},
		// −2⁶³ · −1 = 2⁶³ does not fit int64: an error, never a wrapped −2⁶³
		{"min·-1", Mul64(minI, -1), 0, ErrOverflow},
		{"max+1", I128(maxI).Add(I128(1)), 0, ErrOverflow},
		{"min-1", I128(minI).Sub(I128(1)), 0, ErrOverflow},
		// 2¹²⁶ (= min·min) fits 128 bits; doubling it reaches 2¹²⁷, beyond the
		// largest magnitude 2¹²⁷−1: the sticky overflow mark, reported by Quo
		{"2^127 by Mul", Mul64(minI, minI).Mul(2), 0, ErrOverflow},
		{"2^127 by Add", Mul64(minI, minI).Add(Mul64(minI, minI)), 0, ErrOverflow},
		{"-2^127 by Sub", Mul64(minI, maxI).Sub(Mul64(maxI, maxI)).Sub(Mul64(1<<62, 2)), 0, ErrOverflow},
		{"Mul high word overflow", Mul64(maxI, maxI).Mul(maxI), 0, ErrOverflow},
		// sticky: undoing the overflowing step does not clear the mark
		{"sticky", Mul64(minI, minI).Mul(2).Sub(Mul64(minI, minI).Mul(2)), 0, ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			den := int64(1)
			if tc.name == "max²/max" {
				den = maxI
			}
			got, err := tc.a.Quo(den, 1, HalfUp)
			if !errors.Is(err, tc.err) || (err == nil && got != tc.want) {
				t.Fatalf("Quo = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
			if tc.err != nil {
				return
			}
			if v, ok := tc.a.Int64(); den == 1 && (!ok || v != tc.want) {
				t.Errorf("Int64() = %d, %v; want %d", v, ok, tc.want)
			}
		})
	}
}

func TestInt128Overflowed(t *testing.T) {
	const minI = math.MinInt64
	// (−2⁶³)·(2⁶³−1) = −2¹²⁶ + 2⁶³; minus 2¹²⁶ gives −2¹²⁷ + 2⁶³, whose
	// magnitude 2¹²⁷ − 2⁶³ is below the limit 2¹²⁷ − 1: it fits
	a := Mul64(minI, math.MaxInt64).Sub(Mul64(minI, minI))
	if a.Overflowed() {
		t.Error("−2¹²⁷ + 2⁶³ marked as overflow; it fits")
	}
	if a.Sign() != -1 {
		t.Errorf("Sign = %d; want -1", a.Sign())
	}
	if _, ok := a.Int64(); ok {
		t.Error("Int64 of a 127-bit value reported ok")
	}
	// one more 2⁶³ reaches −2¹²⁷: magnitude 2¹²⁷ overflows
	if b := a.Sub(Mul64(1<<62, 2)); !b.Overflowed() {
		t.Error("−2¹²⁷ not marked as overflow")
	}
	if Mul64(minI, minI).Overflowed() {
		t.Error("2¹²⁶ marked as overflow")
	}
}

func TestInt128Cmp(t *testing.T) {
	big := Mul64(math.MaxInt64, math.MaxInt64) // ≈ 2¹²⁶
	tests := []struct {
		a, b Int128
		want int
	}{
		{I128(1), I128(2), -1},
		{I128(2), I128(1), 1},
		{I128(-1), I128(-2), 1},
		{I128(-2), I128(-1), -1},
		{I128(-1), I128(1), -1},
		{I128(0), I128(-1), 1},
		{I128(0), I128(0).Neg(), 0},
		{big, I128(math.MaxInt64), 1},
		{big.Neg(), I128(math.MinInt64), -1},
		{big, big, 0},
		{big, big.Add(I128(1)), -1}, // differ in the low word only
	}
	for i, tc := range tests {
		if got := tc.a.Cmp(tc.b); got != tc.want {
			t.Errorf("case %d: Cmp = %d; want %d", i, got, tc.want)
		}
	}
	if I128(0).Neg().Sign() != 0 {
		t.Error("−0 must be 0")
	}
}

// TestInt128Quo checks rounding to a unit in one step (NUM-2) and the 128-bit
// remainder comparison when den·unit exceeds 64 bits.
func TestInt128Quo(t *testing.T) {
	tests := []struct {
		name      string
		a         Int128
		den, unit int64
		r         Rounding
		want      int64
		err       error
	}{
		// 123456789 ÷ 10⁴ = 12345.6789 → 12346 → ×10⁴
		{"to unit", I128(123456789), 1, 10000, HalfUp, 123460000, nil},
		{"to unit down", I128(123456789), 1, 10000, Down, 123450000, nil},
		// −123455000 ÷ 10⁴ = −12345.5: half-up −12346, half-even −12346 (12345 is odd)
		{"neg half up", I128(-123455000), 1, 10000, HalfUp, -123460000, nil},
		{"neg half even odd", I128(-123455000), 1, 10000, HalfEven, -123460000, nil},
		// −123465000 ÷ 10⁴ = −12346.5: half-up −12347, half-even −12346
		{"neg half up 2", I128(-123465000), 1, 10000, HalfUp, -123470000, nil},
		{"neg half even even", I128(-123465000), 1, 10000, HalfEven, -123460000, nil},
		// 10¹⁸·10¹⁸ ÷ (10¹⁸·10¹⁸) = 1 → ×10¹⁸
		{"wide divisor exact", Mul64(1e18, 1e18), 1e18, 1e18, HalfUp, 1e18, nil},
		// 5·10¹⁷·10¹⁸ ÷ 10³⁶ = 0.5: half-up 1·10¹⁸, half-even 0
		{"wide divisor half up", Mul64(5e17, 1e18), 1e18, 1e18, HalfUp, 1e18, nil},
		{"wide divisor half even", Mul64(5e17, 1e18), 1e18, 1e18, HalfEven, 0, nil},
		// (5·10³⁵ − 1) ÷ 10³⁶ is just below one half
		{"wide divisor below half", Mul64(5e17, 1e18).Sub(I128(1)), 1e18, 1e18, HalfUp, 0, nil},
		// 10¹⁹ ÷ 10¹⁸: quotient 10 fits, but 10·unit = 10¹⁹ does not
		{"scaled back overflows", Mul64(1e18, 10), 1, 1e18, HalfUp, 0, ErrOverflow},
		// (2⁶³−1) ÷ 2 = 2⁶²−0.5 → 2⁶², times 2 = 2⁶³: past int64
		{"rounded multiple past int64", I128(math.MaxInt64), 1, 2, HalfUp, 0, ErrOverflow},
		{"rounded multiple down fits", I128(math.MaxInt64), 1, 2, Down, math.MaxInt64 - 1, nil},
		{"den 0", I128(1), 0, 1, HalfUp, 0, ErrInvalidArgument},
		{"den negative", I128(1), -1, 1, HalfUp, 0, ErrInvalidArgument},
		{"unit 0", I128(1), 1, 0, HalfUp, 0, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.a.Quo(tc.den, tc.unit, tc.r)
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
			got, err := MulDiv(tc.x, tc.y, tc.d, HalfUp)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Errorf("MulDiv = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
		})
	}
}
