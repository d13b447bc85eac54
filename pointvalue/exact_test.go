package pointvalue

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
)

// refRound rounds the rational x by r to a multiple of unit, in math/big (the
// reference the fast form is checked against).
func refRound(x *big.Rat, unit int64, r Rounding) (int64, bool) {
	den := new(big.Int).Mul(x.Denom(), big.NewInt(unit))
	q := roundBig(x.Num(), den, r)
	q.Mul(q, big.NewInt(unit))
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

func TestExactZeroValue(t *testing.T) {
	var x Exact
	if x.Sign() != 0 {
		t.Fatal("zero value is not 0")
	}
	if v, err := x.Round(1, HalfUp); err != nil || v != 0 {
		t.Fatalf("round %v %v", v, err)
	}
	if v, _ := x.Add(ExactInt(7)).Round(1, HalfUp); v != 7 {
		t.Fatalf("0 + 7 = %d", v)
	}
}

func TestExactRound(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    Exact
		unit int64
		r    Rounding
		want int64
		err  error
	}{
		// 7/2 = 3.5: half-up 4, half-even 4, down 3; −7/2: −4, −4, −3
		{"3.5 half-up", ExactFrac(7, 2), 1, HalfUp, 4, nil},
		{"3.5 half-even", ExactFrac(7, 2), 1, HalfEven, 4, nil},
		{"2.5 half-even", ExactFrac(5, 2), 1, HalfEven, 2, nil},
		{"3.5 down", ExactFrac(7, 2), 1, Down, 3, nil},
		{"-3.5 half-up", ExactFrac(-7, 2), 1, HalfUp, -4, nil},
		{"-3.5 down", ExactFrac(-7, 2), 1, Down, -3, nil},
		// 1.23456789 points (in 10⁻⁸) to 4 decimals: 1.2346 = 123460000
		{"to a scale unit", ExactInt(123456789), 10_000, HalfUp, 123460000, nil},
		// (2⁶² × 3) ÷ 3 goes through a numerator beyond 64 bits and back
		{"wide numerator", ExactInt(1 << 62).Mul(3).Quo(3), 1, HalfUp, 1 << 62, nil},
		// a denominator beyond 63 bits moves to math/big: 10¹⁰ × 10¹⁰ ÷ (10¹⁰ × 10¹⁰) = 1
		{"wide denominator", ExactInt(1e10).Mul(1e10).Quo(1e10).Quo(1e10), 1, HalfUp, 1, nil},
		{"overflow", ExactInt(1 << 62).Mul(4), 1, HalfUp, 0, ErrOverflow},
		{"invalid divisor", ExactInt(1).Quo(0), 1, HalfUp, 0, ErrInvalidArgument},
		{"invalid unit", ExactInt(1), 0, HalfUp, 0, ErrInvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.x.Round(tc.unit, tc.r)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %d, %v; want %d", got, err, tc.want)
			}
			// The slow form agrees.
			if s, err := ExactSlow(tc.x).Round(tc.unit, tc.r); err != nil || s != tc.want {
				t.Fatalf("slow form %d, %v", s, err)
			}
		})
	}
	if ExactFrac(1, 3).Cmp(ExactFrac(2, 6)) != 0 || ExactFrac(1, 3).Cmp(ExactFrac(1, 2)) >= 0 || ExactFrac(-1, 3).Min(ExactInt(0)).Sign() >= 0 {
		t.Error("Cmp/Min")
	}
}

func TestExactAllocs(t *testing.T) {
	var sink int64
	n := testing.AllocsPerRun(1000, func() {
		// DRG-5 high: B × (k + r − T), B 150.0004 points, k 1.05, r 25,000 ÷ 10,000, T 3 → readmitted × 0.5
		x := ExactInt(15000040000).MulFrac(105_000_000, FactorUnit).Add(ExactInt(15000040000).MulFrac(2500000, 1000000)).
			Sub(ExactInt(15000040000).Mul(3)).MulFrac(1, 2)
		v, _ := x.Round(10_000, HalfUp)
		sink += v
	})
	if n != 0 {
		t.Fatalf("%v allocations on the 128-bit form", n)
	}
	_ = sink
}

// FuzzExact checks the 128-bit form against math/big on random formulas: the
// same operations on a big.Rat, rounded the same way (NUM-3: results never
// depend on which form held the value).
func FuzzExact(f *testing.F) {
	f.Add(int64(15000040000), int64(105000000), int64(2500000), int64(1000000), int64(3), uint8(0), uint8(0))
	f.Add(int64(1<<62), int64(1<<62), int64(-1<<62), int64(7), int64(1<<40), uint8(1), uint8(2))
	f.Add(int64(-5), int64(2), int64(3), int64(1), int64(0), uint8(2), uint8(7))
	f.Fuzz(func(t *testing.T, a, b, c, d, e int64, rb, shape uint8) {
		r := Rounding(rb % 3)
		pos := func(x int64) int64 {
			if x <= 0 {
				if x == -1<<63 {
					return 1
				}
				return -x + 1
			}
			return x
		}
		ref := new(big.Rat).SetInt64(a)
		x := ExactInt(a)
		switch shape % 8 {
		case 0: // a × b ÷ d
			x = x.Mul(b).Quo(pos(d))
			ref.Mul(ref, new(big.Rat).SetInt64(b)).Quo(ref, new(big.Rat).SetInt64(pos(d)))
		case 1: // a × b ÷ d + c ÷ e
			x = x.MulFrac(b, pos(d)).Add(ExactFrac(c, pos(e)))
			ref.Mul(ref, big.NewRat(b, pos(d))).Add(ref, big.NewRat(c, pos(e)))
		case 2: // (a − c) × b
			x = x.Sub(ExactInt(c)).Mul(b)
			ref.Sub(ref, new(big.Rat).SetInt64(c)).Mul(ref, new(big.Rat).SetInt64(b))
		case 3: // min(a ÷ d, c ÷ e)
			y := ExactFrac(c, pos(e))
			x = x.Quo(pos(d)).Min(y)
			yr := big.NewRat(c, pos(e))
			ref.Quo(ref, new(big.Rat).SetInt64(pos(d)))
			if ref.Cmp(yr) > 0 {
				ref = yr
			}
		case 4: // a × b × c ÷ d ÷ e
			x = x.Mul(b).Mul(c).Quo(pos(d)).Quo(pos(e))
			ref.Mul(ref, new(big.Rat).SetInt64(b)).Mul(ref, new(big.Rat).SetInt64(c)).Quo(ref, new(big.Rat).SetInt64(pos(d))).Quo(ref, new(big.Rat).SetInt64(pos(e)))
		case 5: // (a ÷ d) × (c ÷ e)
			x = x.Quo(pos(d)).MulExact(ExactFrac(c, pos(e)))
			ref.Quo(ref, new(big.Rat).SetInt64(pos(d))).Mul(ref, big.NewRat(c, pos(e)))
		case 6: // (a ÷ d) ÷ (b ÷ e), b > 0
			x = x.Quo(pos(d)).QuoExact(ExactFrac(pos(b), pos(e)))
			ref.Quo(ref, new(big.Rat).SetInt64(pos(d))).Quo(ref, big.NewRat(pos(b), pos(e)))
		default: // a ÷ d − b ÷ e
			x = x.Quo(pos(d)).Sub(ExactFrac(b, pos(e)))
			ref.Quo(ref, new(big.Rat).SetInt64(pos(d))).Sub(ref, big.NewRat(b, pos(e)))
		}
		unit := pos(c%100_000_000) % 100_000_000
		if unit == 0 {
			unit = 1
		}
		want, fits := refRound(ref, unit, r)
		got, err := x.Round(unit, r)
		if !fits {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("shape %d: want overflow, got %d %v", shape%8, got, err)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("shape %d: got %d %v, want %d (%s, unit %d, %v)", shape%8, got, err, want, ref.RatString(), unit, r)
		}
		if x.Sign() != ref.Sign() {
			t.Fatalf("sign %d vs %d", x.Sign(), ref.Sign())
		}
	})
}

// TestGCD64: the binary gcd against math/big's on edge and random values.
func TestGCD64(t *testing.T) {
	vals := []uint64{0, 1, 2, 3, 6, 10, 1 << 62, 1<<63 - 1, 1 << 63, ^uint64(0), 100_000_000, 12_345_678, 600851475143}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		vals = append(vals, rng.Uint64()>>rng.IntN(64), rng.Uint64N(1_000_000)*uint64(rng.IntN(1000)+1))
	}
	for _, a := range vals {
		for _, b := range vals[:40] {
			want := new(big.Int).GCD(nil, nil, new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
			if got := gcd64(a, b); want.Uint64() != got {
				t.Fatalf("gcd64(%d, %d) = %d, want %s", a, b, got, want)
			}
		}
	}
}

// TestQuoRound128: the loops' rounded 128-by-64 quotient against math/big.
func TestQuoRound128(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for range 20000 {
		d := rng.Uint64() >> rng.IntN(63)
		if d == 0 {
			d = 1
		}
		hi, lo := rng.Uint64N(d), rng.Uint64()
		if rng.IntN(4) == 0 { // a tie: n = q·d + d/2 for an even d
			d &^= 1
			if d == 0 {
				d = 2
			}
			hi, lo = 0, rng.Uint64N(1<<40)*d+d/2
		}
		n := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		n.Or(n, new(big.Int).SetUint64(lo))
		for _, r := range []Rounding{HalfUp, HalfEven, Down} {
			want := roundBig(n, new(big.Int).SetUint64(d), r)
			got, ok := QuoRound128(hi, lo, d, r)
			if want.IsUint64() != ok || (ok && want.Uint64() != got) {
				t.Fatalf("(%d, %d) ÷ %d %s: %d %v, want %s", hi, lo, d, r, got, ok, want)
			}
		}
	}
	if _, ok := QuoRound128(5, 0, 5, HalfUp); ok {
		t.Error("a quotient of 2⁶⁴ fits")
	}
	if _, ok := QuoRound128(0, 1, 0, HalfUp); ok {
		t.Error("a division by 0")
	}
}
