package pointvalue

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"testing"

	"github.com/shopspring/decimal"
)

// The fuzz targets check the int64/128-bit fast path against a slow, obviously
// exact evaluation of the same rule: shopspring/decimal for the decimal rules,
// math/big for int128. shopspring's Round is half away from zero (our HalfUp,
// also for negatives), RoundBank is half-even, Truncate is toward zero (Down).

func roundingOf(mode uint8) Rounding { return Rounding(mode % 3) }

func decRound(d decimal.Decimal, places int32, r Rounding) decimal.Decimal {
	switch r {
	case HalfEven:
		return d.RoundBank(places)
	case Down:
		return d.Truncate(places)
	}
	return d.Round(places)
}

// decUnits returns d (an integer after shifting) as an int64, or false when it does not fit.
func decUnits(d decimal.Decimal, shift int32) (int64, bool) {
	b := d.Shift(shift).BigInt()
	if !b.IsInt64() {
		return 0, false
	}
	return b.Int64(), true
}

// FuzzAmount: NUM-6 round_fen(points × PV) against decimal.
func FuzzAmount(f *testing.F) {
	f.Add(int64(1000e8), int64(122527e5), uint8(0))
	f.Add(int64(1e8), int64(5e5), uint8(1))  // half a fen
	f.Add(int64(-1e8), int64(5e5), uint8(0)) // negative half
	f.Add(int64(3e8), int64(5e5), uint8(1))  // 1.5 fen, half-even
	f.Add(int64(math.MaxInt64), int64(1e6), uint8(0))
	f.Add(int64(math.MinInt64), int64(math.MinInt64), uint8(2))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), uint8(1))
	f.Add(int64(1e16), int64(1e17), uint8(0)) // just beyond int64 fen
	f.Fuzz(func(t *testing.T, p, v int64, mode uint8) {
		r := roundingOf(mode)
		got, err := Amount(Points(p), PointValue(v), r)
		exact := decimal.New(p, -8).Mul(decimal.New(v, -8))
		want, ok := decUnits(decRound(exact, 2, r), 2)
		if !ok {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("Amount(%d, %d, %v) = %d, %v; want ErrOverflow", p, v, r, got, err)
			}
			return
		}
		if err != nil || int64(got) != want {
			t.Fatalf("Amount(%d, %d, %v) = %d, %v; want %d (exact %s)", p, v, r, got, err, want, exact)
		}
	})
}

// FuzzPointsMul: p × f rounded once to scale decimals, against decimal.
func FuzzPointsMul(f *testing.F) {
	f.Add(int64(150e8), int64(12e7), uint8(4), uint8(0))
	f.Add(int64(12345e4), int64(5e7), uint8(4), uint8(1))  // 0.61725 half-even
	f.Add(int64(-12345e4), int64(5e7), uint8(4), uint8(0)) // negative half
	f.Add(int64(123456789), int64(123456789), uint8(8), uint8(0))
	f.Add(int64(math.MaxInt64), int64(2e8), uint8(4), uint8(0))
	f.Add(int64(math.MinInt64), int64(-1e8), uint8(8), uint8(2))
	f.Add(int64(math.MaxInt64), int64(1e7), uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, p, fac int64, scale, mode uint8) {
		s, r := int(scale%9), roundingOf(mode)
		got, err := Points(p).Mul(Factor(fac), s, r)
		exact := decimal.New(p, -8).Mul(decimal.New(fac, -8))
		want, ok := decUnits(decRound(exact, int32(s), r), 8)
		if !ok {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("Points(%d).Mul(%d, %d, %v) = %d, %v; want ErrOverflow", p, fac, s, r, got, err)
			}
			return
		}
		if err != nil || int64(got) != want {
			t.Fatalf("Points(%d).Mul(%d, %d, %v) = %d, %v; want %d", p, fac, s, r, got, err, want)
		}
		// Round agrees with the same rule on p itself (it never fails; near the
		// int64 ends it falls back toward zero, which the reference cannot express)
		if wantR, ok := decUnits(decRound(decimal.New(p, -8), int32(s), r), 8); ok {
			if gotR := Points(p).Round(s, r); int64(gotR) != wantR {
				t.Fatalf("Points(%d).Round(%d, %v) = %d; want %d", p, s, r, gotR, wantR)
			}
		}
	})
}

// FuzzMoneyMulFactor: round_fen(m × f) against decimal.
func FuzzMoneyMulFactor(f *testing.F) {
	f.Add(int64(1), int64(5e7), uint8(0))
	f.Add(int64(-1), int64(5e7), uint8(1))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), uint8(2))
	f.Fuzz(func(t *testing.T, m, fac int64, mode uint8) {
		r := roundingOf(mode)
		got, err := Money(m).MulFactor(Factor(fac), r)
		want, ok := decUnits(decRound(decimal.New(m, -2).Mul(decimal.New(fac, -8)), 2, r), 2)
		if !ok {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("Money(%d).MulFactor(%d) = %d, %v; want ErrOverflow", m, fac, got, err)
			}
			return
		}
		if err != nil || int64(got) != want {
			t.Fatalf("Money(%d).MulFactor(%d, %v) = %d, %v; want %d", m, fac, r, got, err, want)
		}
	})
}

// plainNumber is the syntax ParseMoney accepts: optional sign, digits with at most
// one decimal point, at least one digit, no exponent.
var plainNumber = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// FuzzParseMoney: ParseMoney against decimal.NewFromString, and the round trip
// through String.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12345.6", "12345.60", "12345.601", "-0.005", "0.050", "1.", ".5", "-.5", "+1",
		"92233720368547758.07", "92233720368547758.08", "-92233720368547758.08", "-92233720368547758.09",
		"1e3", "", "-", ".", "1.2.3", "０", " 1", "99999999999999999999.999", "000000000000000000000001.10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if !plainNumber.MatchString(s) {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("ParseMoney(%q) = %v, %v; want ErrSyntax", s, m, err)
			}
			return
		}
		d, derr := decimal.NewFromString(s)
		if derr != nil {
			t.Fatalf("reference cannot read %q: %v", s, derr)
		}
		fen := d.Shift(2)
		tooPrecise := !fen.IsInteger()
		_, fits := decUnits(fen.Truncate(0), 0)
		switch {
		case tooPrecise && !fits: // which is seen first depends on the digits' order
			if !errors.Is(err, ErrPrecision) && !errors.Is(err, ErrRange) {
				t.Fatalf("ParseMoney(%q) err = %v; want ErrPrecision or ErrRange", s, err)
			}
		case tooPrecise:
			if !errors.Is(err, ErrPrecision) {
				t.Fatalf("ParseMoney(%q) err = %v; want ErrPrecision", s, err)
			}
		case !fits:
			if !errors.Is(err, ErrRange) {
				t.Fatalf("ParseMoney(%q) err = %v; want ErrRange", s, err)
			}
		default:
			if err != nil || !m.Decimal().Equal(d) {
				t.Fatalf("ParseMoney(%q) = %v, %v; want %s", s, m, err, d)
			}
			back, err := ParseMoney(m.String())
			if err != nil || back != m {
				t.Fatalf("round trip of %q via %q = %v, %v", s, m.String(), back, err)
			}
		}
		// the decimal boundary gives the same answer
		if md, err2 := MoneyFromDecimal(d); (err == nil) != (err2 == nil) || (err == nil && md != m) {
			t.Fatalf("MoneyFromDecimal(%s) = %v, %v; ParseMoney gave %v, %v", d, md, err2, m, err)
		}
	})
}

var (
	bigMaxMag = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1)) // 2¹²⁷ − 1
)

func bigFits128(x *big.Int) bool { return new(big.Int).Abs(x).Cmp(bigMaxMag) <= 0 }

// bigRound returns round(n ÷ d) by r for d > 0.
func bigRound(n, d *big.Int, r Rounding) *big.Int {
	q, m := new(big.Int).QuoRem(new(big.Int).Abs(n), d, new(big.Int))
	if m.Sign() != 0 {
		c := new(big.Int).Lsh(m, 1).Cmp(d)
		if (r == HalfUp && c >= 0) || (r == HalfEven && (c > 0 || (c == 0 && q.Bit(0) == 1))) {
			q.Add(q, big.NewInt(1))
		}
	}
	if n.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// Fuzzint128Quo: a = x·y·z + w built with int128's own operations, divided and
// rounded by Quo, against math/big — overflow marks included.
func FuzzInt128Quo(f *testing.F) {
	f.Add(int64(123456789), int64(1), int64(1), int64(0), int64(1), int64(10000), uint8(0))
	f.Add(int64(-123455000), int64(1), int64(1), int64(0), int64(1), int64(10000), uint8(1))
	f.Add(int64(5e17), int64(1e18), int64(1), int64(0), int64(1e18), int64(1e18), uint8(1))
	f.Add(int64(math.MinInt64), int64(math.MinInt64), int64(2), int64(0), int64(1), int64(1), uint8(0))
	f.Add(int64(math.MinInt64), int64(math.MinInt64), int64(1), int64(math.MinInt64), int64(math.MaxInt64), int64(3), uint8(2))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), int64(1), int64(math.MaxInt64), int64(math.MaxInt64), int64(1), uint8(0))
	f.Add(int64(math.MinInt64), int64(1), int64(-1), int64(0), int64(1), int64(1), uint8(0))
	f.Add(int64(7), int64(3), int64(1), int64(0), int64(0), int64(1), uint8(0))
	f.Fuzz(func(t *testing.T, x, y, z, w, den, unit int64, mode uint8) {
		r := roundingOf(mode)
		a := mul64(x, y).mul(z).add(i128(w))
		xy := new(big.Int).Mul(big.NewInt(x), big.NewInt(y))
		xyz := new(big.Int).Mul(xy, big.NewInt(z))
		exact := new(big.Int).Add(xyz, big.NewInt(w))
		ovf := !bigFits128(xyz) || !bigFits128(exact)
		if a.overflowed() != ovf {
			t.Fatalf("(%d·%d·%d + %d).overflowed() = %v; want %v", x, y, z, w, a.overflowed(), ovf)
		}
		if !ovf {
			if a.sign() != exact.Sign() {
				t.Fatalf("Sign = %d; want %d", a.sign(), exact.Sign())
			}
			if c, want := a.cmp(i128(w)), xyz.Sign(); c != want {
				t.Fatalf("Cmp(a, w) = %d; want %d", c, want)
			}
			v, ok := a.int64()
			if ok != exact.IsInt64() || (ok && v != exact.Int64()) {
				t.Fatalf("Int64() = %d, %v; want %s", v, ok, exact)
			}
		}
		got, err := a.quo(den, unit, r)
		switch {
		case ovf:
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("Quo of an overflowed value = %d, %v; want ErrOverflow", got, err)
			}
			return
		case den <= 0 || unit <= 0:
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("Quo(%d, %d) err = %v; want ErrInvalidArgument", den, unit, err)
			}
			return
		}
		q := bigRound(exact, new(big.Int).Mul(big.NewInt(den), big.NewInt(unit)), r)
		want := q.Mul(q, big.NewInt(unit))
		if !want.IsInt64() {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("%s ÷ (%d·%d) = %d, %v; want ErrOverflow (%s)", exact, den, unit, got, err, want)
			}
			return
		}
		if err != nil || got != want.Int64() {
			t.Fatalf("%s ÷ (%d·%d) by %v = %d, %v; want %s", exact, den, unit, r, got, err, want)
		}
	})
}
