package pointvalue

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		fen  int64
		err  error
		text string // String() of the result
	}{
		{"12345.6", 1234560, nil, "12345.60"},
		{"12345.60", 1234560, nil, "12345.60"},
		{"12345.600", 1234560, nil, "12345.60"}, // trailing zeros are exact, not rounding
		{"3", 300, nil, "3.00"},
		{"+0.1", 10, nil, "0.10"},
		{"-12.50", -1250, nil, "-12.50"},
		{"-0.01", -1, nil, "-0.01"},
		{"-0", 0, nil, "0.00"},
		{"0.00", 0, nil, "0.00"},
		{"007.5", 750, nil, "7.50"},
		// the int64 ends: (2⁶³−1) fen and −2⁶³ fen
		{"92233720368547758.07", math.MaxInt64, nil, "92233720368547758.07"},
		{"-92233720368547758.08", math.MinInt64, nil, "-92233720368547758.08"},
		// NUM-1: never rounded silently
		{"12345.601", 0, ErrPrecision, ""},
		{"0.005", 0, ErrPrecision, ""},
		{"-1.999", 0, ErrPrecision, ""},
		// beyond int64 fen
		{"92233720368547758.08", 0, ErrRange, ""},
		{"-92233720368547758.09", 0, ErrRange, ""},
		{"100000000000000000", 0, ErrRange, ""},
		{"99999999999999999999999", 0, ErrRange, ""},
		// not numbers
		{"", 0, ErrSyntax, ""},
		{"-", 0, ErrSyntax, ""},
		{".", 0, ErrSyntax, ""},
		{"1.2.3", 0, ErrSyntax, ""},
		{"1e3", 0, ErrSyntax, ""},
		{" 1", 0, ErrSyntax, ""},
		{"1 ", 0, ErrSyntax, ""},
		{"1,000.00", 0, ErrSyntax, ""},
		{"¥5", 0, ErrSyntax, ""},
		{"NaN", 0, ErrSyntax, ""},
		{"--1", 0, ErrSyntax, ""},
		{"0x10", 0, ErrSyntax, ""},
		// a non-number is ErrSyntax even when its digits are also too precise or too
		// large (found by FuzzParseMoney: ".001A" was reported as ErrPrecision)
		{".001A", 0, ErrSyntax, ""},
		{"1.234x", 0, ErrSyntax, ""},
		{"99999999999999999999x", 0, ErrSyntax, ""},
		{"1.239.0", 0, ErrSyntax, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			m, err := ParseMoney(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("ParseMoney(%q) err = %v; want %v", tc.in, err, tc.err)
			}
			if err != nil {
				return
			}
			if m.Fen() != tc.fen {
				t.Errorf("ParseMoney(%q) = %d fen; want %d", tc.in, m.Fen(), tc.fen)
			}
			if s := m.String(); s != tc.text {
				t.Errorf("String() = %q; want %q", s, tc.text)
			}
			if b := m.Append([]byte("x=")); string(b) != "x="+tc.text {
				t.Errorf("Append = %q", b)
			}
			// the decimal boundary agrees, both ways
			d := m.Decimal()
			if want := decimal.RequireFromString(tc.text); !d.Equal(want) {
				t.Errorf("Decimal() = %v; want %v", d, want)
			}
			back, err := MoneyFromDecimal(d)
			if err != nil || back != m {
				t.Errorf("MoneyFromDecimal(%v) = %v, %v; want %v", d, back, err, m)
			}
		})
	}
}

func TestMoneyFromDecimal(t *testing.T) {
	tests := []struct {
		in  decimal.Decimal
		fen int64
		err error
	}{
		{decimal.RequireFromString("12.34"), 1234, nil},
		{decimal.RequireFromString("12.3400000"), 1234, nil},
		{decimal.New(5, 3), 500000, nil}, // 5000 yuan
		{decimal.RequireFromString("-0.07"), -7, nil},
		{decimal.RequireFromString("12.345"), 0, ErrPrecision},
		{decimal.RequireFromString("-0.001"), 0, ErrPrecision},
		{decimal.RequireFromString("92233720368547758.08"), 0, ErrRange},
		{decimal.New(1, 30), 0, ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.in.String(), func(t *testing.T) {
			m, err := MoneyFromDecimal(tc.in)
			if !errors.Is(err, tc.err) || (err == nil && m.Fen() != tc.fen) {
				t.Errorf("MoneyFromDecimal(%v) = %d, %v; want %d, %v", tc.in, m.Fen(), err, tc.fen, tc.err)
			}
		})
	}
}

func TestMoneyConstructors(t *testing.T) {
	var zero Money
	if zero.String() != "0.00" || zero.Sign() != 0 {
		t.Errorf("zero Money = %q; want 0.00", zero.String())
	}
	if Yuan(12) != Fen(1200) || Yuan(-3).Fen() != -300 {
		t.Error("Yuan(n) must be n·100 fen")
	}
	if MustMoney("1.5") != Fen(150) {
		t.Error("MustMoney(1.5) != 150 fen")
	}
	if Fen(-1).Sign() != -1 || Fen(1).Sign() != 1 {
		t.Error("Sign")
	}
	defer func() {
		if recover() == nil {
			t.Error("MustMoney on a bad constant did not panic")
		}
	}()
	MustMoney("1.001")
}

// TestMoneyMulFactor: round_fen(m × f), exact in 128 bits.
func TestMoneyMulFactor(t *testing.T) {
	tests := []struct {
		name    string
		m       string
		f       string
		r       Rounding
		want    string
		wantErr error
	}{
		// 100,000,000.00 × 0.05 = 5,000,000.00 (BUD-3 reserve)
		{"reserve", "100000000.00", "0.05", HalfUp, "5000000.00", nil},
		// 1000.01 × 0.855 = 855.00855 → 855.01
		{"ratio", "1000.01", "0.855", HalfUp, "855.01", nil},
		// 0.01 × 0.5 = 0.005: half-up 0.01, half-even 0.00
		{"half up", "0.01", "0.5", HalfUp, "0.01", nil},
		{"half even", "0.01", "0.5", HalfEven, "0.00", nil},
		// 0.03 × 0.5 = 0.015: both 0.02
		{"half even odd", "0.03", "0.5", HalfEven, "0.02", nil},
		// −0.01 × 0.5 = −0.005: half-up (away from zero) −0.01, half-even 0.00
		{"neg half up", "-0.01", "0.5", HalfUp, "-0.01", nil},
		{"neg half even", "-0.01", "0.5", HalfEven, "0.00", nil},
		{"down", "0.99", "0.99999999", Down, "0.98", nil},
		// 8 decimals used exactly: 12345678901 fen × 123456789 ÷ 10⁸
		// = (12345678900·123456789 + 123456789) ÷ 10⁸
		// = (1524157875019052100 + 123456789) ÷ 10⁸ = 15241578751.42508889 fen → 152,415,787.51
		{"8 decimals", "123456789.01", "1.23456789", HalfUp, "152415787.51", nil},
		// a product beyond int64 fen is an error, not a wrapped amount
		{"overflow", "92233720368547758.07", "2", HalfUp, "", ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MustMoney(tc.m).MulFactor(MustFactor(tc.f), tc.r)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v; want %v", err, tc.wantErr)
			}
			if err == nil && got.String() != tc.want {
				t.Errorf("%s × %s = %s; want %s", tc.m, tc.f, got, tc.want)
			}
		})
	}
}

// settlementRow is the kind of struct callers compare with go-cmp: the Equal
// methods of Money, Points, Factor and PointValue make cmp.Diff work on it.
type settlementRow struct {
	Hospital string
	Points   Points
	Ratio    Factor
	Value    PointValue
	Gross    Money
}

func TestCmpDiff(t *testing.T) {
	a := settlementRow{"H001", MustPoints("1234.5678"), MustFactor("0.7"), MustPointValue("250"), MustMoney("308641.95")}
	b := settlementRow{"H001", PointsFromInt(1234) + MustPoints("0.5678"), One * 7 / 10, MustPointValue("250.000000"), Yuan(308641) + Fen(95)}
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("equal rows differ (-a +b):\n%s", d)
	}
	b.Gross++
	if d := cmp.Diff(a, b); d == "" {
		t.Error("rows one fen apart compare equal")
	}
}
