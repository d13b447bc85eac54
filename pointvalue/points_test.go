package pointvalue

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParsePoints(t *testing.T) {
	tests := []struct {
		in    string
		scale int
		units int64 // 10⁻⁸ point
		err   error
	}{
		{"150", 4, 150e8, nil},
		{"1234.5678", 4, 123456780000, nil},
		{"1234.56780000", 4, 123456780000, nil},
		{"1234.56789", 4, 0, ErrPrecision}, // NUM-2: more than PointScale decimals
		{"0.00000001", 8, 1, nil},
		{"0.000000001", 8, 0, ErrPrecision},
		{"-2.5", 0, 0, ErrPrecision},
		{"-2", 0, -2e8, nil},
		// 92,233,720,368.54775807 points is the largest int64 count of 10⁻⁸
		{"92233720368.54775807", 8, math.MaxInt64, nil},
		{"92233720368.5478", 4, 0, ErrRange},
		{"92233720369", 0, 0, ErrRange},
		{"abc", 4, 0, ErrSyntax},
		{"1", 9, 0, ErrInvalidArgument},
		{"1", -1, 0, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, err := ParsePoints(tc.in, tc.scale)
			if !errors.Is(err, tc.err) || int64(p) != tc.units {
				t.Fatalf("ParsePoints(%q, %d) = %d, %v; want %d, %v", tc.in, tc.scale, int64(p), err, tc.units, tc.err)
			}
			if err != nil {
				return
			}
			d, err := PointsFromDecimal(decimal.RequireFromString(tc.in), tc.scale)
			if err != nil || d != p {
				t.Errorf("PointsFromDecimal = %d, %v; want %d", int64(d), err, int64(p))
			}
		})
	}
	if _, err := PointsFromDecimal(decimal.RequireFromString("1.23456"), 4); !errors.Is(err, ErrPrecision) {
		t.Errorf("PointsFromDecimal(1.23456, 4) err = %v; want ErrPrecision", err)
	}
	if _, err := PointsFromDecimal(decimal.New(1, 0), 9); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("PointsFromDecimal(scale 9) err = %v; want ErrInvalidArgument", err)
	}
	if _, err := PointsFromDecimal(decimal.New(1, 11), 4); !errors.Is(err, ErrRange) {
		t.Errorf("PointsFromDecimal(10¹¹, 4) err = %v; want ErrRange", err)
	}
}

func TestPointsFormat(t *testing.T) {
	tests := []struct {
		p     Points
		scale int
		want  string
	}{
		{PointsFromInt(150), 4, "150.0000"},
		{MustPoints("1234.56785"), 4, "1234.5679"}, // half-up when shown shorter
		{MustPoints("-1234.56785"), 4, "-1234.5679"},
		{MustPoints("1234.56784999"), 4, "1234.5678"},
		{MustPoints("-0.00004"), 4, "0.0000"}, // no "-0.0000"
		{MustPoints("0.5"), 0, "1"},
		{MustPoints("2.5"), 8, "2.50000000"},
		{Points(1), 8, "0.00000001"},
		// (2⁶³−1)·10⁻⁸ = 92233720368.54775807: shown at 4 decimals the magnitude
		// rounds up past int64 — formatting must not wrap or drop it
		{Points(math.MaxInt64), 4, "92233720368.5478"},
		{Points(math.MinInt64), 4, "-92233720368.5478"},
		{Points(math.MinInt64), 8, "-92233720368.54775808"},
	}
	for _, tc := range tests {
		if got := tc.p.Format(tc.scale); got != tc.want {
			t.Errorf("Points(%d).Format(%d) = %q; want %q", int64(tc.p), tc.scale, got, tc.want)
		}
		if got := string(tc.p.Append(nil, tc.scale)); got != tc.want {
			t.Errorf("Append = %q; want %q", got, tc.want)
		}
	}
	if s := MustPoints("150").String(); s != "150.0000" {
		t.Errorf("String = %q", s)
	}
	if s := MustPoints("1.23456789").String(); s != "1.23456789" {
		t.Errorf("String = %q", s)
	}
}

func TestPointsRound(t *testing.T) {
	tests := []struct {
		in    string
		scale int
		r     Rounding
		want  string
	}{
		{"1.23455", 4, HalfUp, "1.2346"},
		{"1.23455", 4, HalfEven, "1.2346"}, // 1.2345|5 → odd 5 goes up to even 6
		{"1.23465", 4, HalfEven, "1.2346"}, // 1.2346|5 → stays at even 6
		{"1.23465", 4, HalfUp, "1.2347"},
		{"-1.23465", 4, HalfUp, "-1.2347"},
		{"-1.23465", 4, HalfEven, "-1.2346"},
		{"1.23469999", 4, Down, "1.2346"},
		{"-1.23469999", 4, Down, "-1.2346"},
		{"99.5", 0, HalfUp, "100"},
		{"1.23456789", 8, HalfUp, "1.23456789"},
	}
	for _, tc := range tests {
		got := MustPoints(tc.in).Round(tc.scale, tc.r)
		if want := MustPoints(tc.want); got != want {
			t.Errorf("Round(%s, %d, %v) = %s; want %s", tc.in, tc.scale, tc.r, got.Format(8), tc.want)
		}
	}
	// Near the int64 end the half-up multiple of 10⁴ units does not exist:
	// (2⁶³−1) units rounds toward zero to 92233720368.5477 rather than wrap.
	if got, want := Points(math.MaxInt64).Round(4, HalfUp), MustPoints("92233720368.5477"); got != want {
		t.Errorf("Round(MaxInt64) = %d; want %d", int64(got), int64(want))
	}
	if got, want := Points(math.MinInt64).Round(4, HalfUp), MustPoints("-92233720368.5477"); got != want {
		t.Errorf("Round(MinInt64) = %d; want %d", int64(got), int64(want))
	}
	if got, want := PointValue(math.MaxInt64).Round(6, HalfUp), MustPointValue("92233720368.547758"); got != want {
		t.Errorf("PointValue Round(MaxInt64) = %d; want %d", int64(got), int64(want))
	}
}

// TestPointsMul: p × f rounded once to the scale (DRG-4 coefficient and friends).
func TestPointsMul(t *testing.T) {
	tests := []struct {
		name  string
		p, f  string
		scale int
		r     Rounding
		want  string
		err   error
	}{
		// 150 × 1.2 = 180
		{"coef", "150", "1.2", 4, HalfUp, "180", nil},
		// 123.4567 × 1.05 = 129.629535 → 129.6295
		{"round once", "123.4567", "1.05", 4, HalfUp, "129.6295", nil},
		// 1.2345 × 0.5 = 0.61725: half-up 0.6173, half-even 0.6172
		{"half up", "1.2345", "0.5", 4, HalfUp, "0.6173", nil},
		{"half even", "1.2345", "0.5", 4, HalfEven, "0.6172", nil},
		{"neg half up", "-1.2345", "0.5", 4, HalfUp, "-0.6173", nil},
		{"neg half even", "-1.2345", "0.5", 4, HalfEven, "-0.6172", nil},
		// 8-decimal factor, 8-decimal scale: 1.23456789 × 1.23456789 =
		// 1.5241578750190521 → 1.52415788
		{"scale 8", "1.23456789", "1.23456789", 8, HalfUp, "1.52415788", nil},
		{"scale 0", "2.5", "1", 0, HalfEven, "2", nil},
		// the product of the largest points and a factor of 2 leaves int64
		{"overflow", "92233720368.54775807", "2", 4, HalfUp, "", ErrOverflow},
		// but 128 bits carry it: (2⁶³−1 units) × 10 ÷ 10 is exact
		{"wide intermediate", "92233720368.54775807", "0.1", 8, HalfUp, "9223372036.85477581", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MustPoints(tc.p).Mul(MustFactor(tc.f), tc.scale, tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if err == nil && got != MustPoints(tc.want) {
				t.Errorf("%s × %s = %s; want %s", tc.p, tc.f, got.Format(8), tc.want)
			}
		})
	}
}

func TestFactor(t *testing.T) {
	tests := []struct {
		in   string
		want string // String()
		err  error
	}{
		{"0.05", "0.05", nil},
		{"1", "1", nil},
		{"1.20", "1.2", nil},
		{"0", "0", nil},
		{"-0.5", "-0.5", nil},
		{"0.12345678", "0.12345678", nil},
		{"0.123456789", "", ErrPrecision}, // NUM-3: at most 8 decimals
		{"1/2", "", ErrSyntax},
	}
	for _, tc := range tests {
		f, err := ParseFactor(tc.in)
		if !errors.Is(err, tc.err) || (err == nil && f.String() != tc.want) {
			t.Errorf("ParseFactor(%q) = %v, %v; want %s, %v", tc.in, f, err, tc.want, tc.err)
		}
		if err != nil {
			continue
		}
		if d, err := FactorFromDecimal(f.Decimal()); err != nil || d != f {
			t.Errorf("FactorFromDecimal round trip of %s = %v, %v", tc.in, d, err)
		}
	}
	if One != MustFactor("1") || One != FactorUnit {
		t.Error("One must be 1 = 10⁸ units")
	}
	if s := MustFactor("0.70005").Format(4); s != "0.7001" {
		t.Errorf("Format(4) = %q; want 0.7001 (half-up)", s)
	}
	if _, err := FactorFromDecimal(decimal.RequireFromString("0.000000001")); !errors.Is(err, ErrPrecision) {
		t.Errorf("FactorFromDecimal err = %v; want ErrPrecision", err)
	}
}

func TestPointValue(t *testing.T) {
	v := MustPointValue("122.527")
	if s := v.String(); s != "122.527000" {
		t.Errorf("String = %q; want 6 decimals", s)
	}
	if s := v.Format(2); s != "122.53" {
		t.Errorf("Format(2) = %q", s)
	}
	// 107.4074074 rounded to 6 decimals: 107.407407
	if got := MustPointValue("107.4074074").Round(6, HalfUp); got != MustPointValue("107.407407") {
		t.Errorf("Round = %v", got)
	}
	// 0.0000025 → half-up 0.000003, half-even 0.000002
	if got := MustPointValue("0.0000025").Round(6, HalfUp); got != MustPointValue("0.000003") {
		t.Errorf("Round half-up = %v", got)
	}
	if got := MustPointValue("0.0000025").Round(6, HalfEven); got != MustPointValue("0.000002") {
		t.Errorf("Round half-even = %v", got)
	}
	if d, err := PointValueFromDecimal(v.Decimal()); err != nil || d != v {
		t.Errorf("decimal round trip = %v, %v", d, err)
	}
	if _, err := ParsePointValue("1.000000001"); !errors.Is(err, ErrPrecision) {
		t.Errorf("err = %v; want ErrPrecision", err)
	}
	if _, err := PointValueFromDecimal(decimal.RequireFromString("1e-9")); !errors.Is(err, ErrPrecision) {
		t.Errorf("err = %v; want ErrPrecision", err)
	}
}

// TestAmount is NUM-6: round_fen(points × point value), exact in 128 bits.
func TestAmount(t *testing.T) {
	tests := []struct {
		name string
		p, v string
		r    Rounding
		want string
		err  error
	}{
		// PV-2: 1000 points × 122.527 = 122,527.00 (Harbin's 12252.70 per RW)
		{"fixed rate", "1000", "122.527", HalfUp, "122527.00", nil},
		// 1 × 122.527 = 122.527 → 122.53
		{"one point", "1", "122.527", HalfUp, "122.53", nil},
		// 0.5 × 122.527 = 61.2635 → 61.26
		{"half point", "0.5", "122.527", HalfUp, "61.26", nil},
		// 1234.5678 × 250 = 308,641.95 exactly
		{"exact", "1234.5678", "250", HalfUp, "308641.95", nil},
		// 1 × 0.005 = 0.005 yuan = half a fen: half-up 0.01, half-even 0.00
		{"half fen up", "1", "0.005", HalfUp, "0.01", nil},
		{"half fen even", "1", "0.005", HalfEven, "0.00", nil},
		// 3 × 0.005 = 0.015: both 0.02
		{"half fen even odd", "3", "0.005", HalfEven, "0.02", nil},
		// negative halves: −1 × 0.005 = −0.005: half-up −0.01, half-even 0.00
		{"neg half up", "-1", "0.005", HalfUp, "-0.01", nil},
		{"neg half even", "-1", "0.005", HalfEven, "0.00", nil},
		{"neg pv half up", "1", "-0.005", HalfUp, "-0.01", nil},
		// 8-decimal values: 0.00000001 point × 0.00000001 yuan = 10⁻¹⁶ yuan → 0.00
		{"tiny", "0.00000001", "0.00000001", HalfUp, "0.00", nil},
		// largest points × 0.01 yuan = 922,337,203.68547758 → 922,337,203.69:
		// the product 9.2·10²⁴ needs the 128-bit path
		{"near int64 points", "92233720368.54775807", "0.01", HalfUp, "922337203.69", nil},
		// 92,233,720,368.54775807 points × 92,233,720,368.54775807 yuan ≈ 8.5·10²¹ yuan:
		// beyond int64 fen (9.2·10¹⁶ yuan), reported, not wrapped
		{"overflow", "92233720368.54775807", "92233720368.54775807", HalfUp, "", ErrOverflow},
		// 10⁸ points × 10⁹ yuan = 10¹⁷ yuan = 10¹⁹ fen > 2⁶³−1
		{"overflow moderate", "100000000", "1000000000", HalfUp, "", ErrOverflow},
		// 10⁷ points × 10⁹ yuan = 10¹⁸ fen fits
		{"fits", "10000000", "1000000000", HalfUp, "10000000000000000.00", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Amount(MustPoints(tc.p), MustPointValue(tc.v), tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if err == nil && got.String() != tc.want {
				t.Errorf("%s × %s = %s; want %s", tc.p, tc.v, got, tc.want)
			}
		})
	}
}
