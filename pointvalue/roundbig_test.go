package pointvalue

import (
	"math/big"
	"testing"
)

// TestRoundBig: num ÷ den to a whole number, by hand: 5/2 = 2.5, 7/2 = 3.5,
// −5/2, 7/3 = 2.33…, −8/3 = −2.66…; inputs left untouched.
func TestRoundBig(t *testing.T) {
	for _, tc := range []struct {
		num, den         int64
		up, even, toward int64
	}{
		{5, 2, 3, 2, 2},
		{7, 2, 4, 4, 3},
		{-5, 2, -3, -2, -2},
		{7, 3, 2, 2, 2},
		{-8, 3, -3, -3, -2},
		{6, 3, 2, 2, 2},
		{0, 7, 0, 0, 0},
	} {
		for r, want := range map[Rounding]int64{HalfUp: tc.up, HalfEven: tc.even, Down: tc.toward} {
			n, d := big.NewInt(tc.num), big.NewInt(tc.den)
			if got := roundBig(n, d, r); got.Int64() != want || n.Int64() != tc.num || d.Int64() != tc.den {
				t.Errorf("%d/%d %s = %s, want %d (inputs now %s/%s)", tc.num, tc.den, r, got, want, n, d)
			}
		}
	}
}
