package pointvalue

import (
	"errors"
	"testing"
)

// TestRounding checks NUM-5 on exact quotients x ÷ d, including negative halves:
// half-up is half away from zero (−2.5 → −3), half-even goes to the even neighbour,
// down truncates toward zero.
func TestRounding(t *testing.T) {
	tests := []struct {
		name         string
		x, d         int64
		up, even, dn int64
	}{
		{"2.5", 25, 10, 3, 2, 2},
		{"3.5", 35, 10, 4, 4, 3},
		{"1.5", 15, 10, 2, 2, 1},
		{"0.5", 5, 10, 1, 0, 0},
		{"-0.5", -5, 10, -1, 0, 0},
		{"-1.5", -15, 10, -2, -2, -1},
		{"-2.5", -25, 10, -3, -2, -2},
		{"-3.5", -35, 10, -4, -4, -3},
		{"2.4", 24, 10, 2, 2, 2},
		{"2.6", 26, 10, 3, 3, 2},
		{"-2.6", -26, 10, -3, -3, -2},
		{"1/3", 1, 3, 0, 0, 0},
		{"2/3", 2, 3, 1, 1, 0},
		{"-2/3", -2, 3, -1, -1, 0},
		{"exact 7", 21, 3, 7, 7, 7},
		{"zero", 0, 7, 0, 0, 0},
		// large denominators: 2⁶¹/2⁶² is exactly one half, (2⁶¹+1)/2⁶² just above,
		// (2⁶¹−1)/2⁶² just below
		{"large half", 1 << 61, 1 << 62, 1, 0, 0},
		{"large above half", 1<<61 + 1, 1 << 62, 1, 1, 0},
		{"large below half", 1<<61 - 1, 1 << 62, 0, 0, 0},
		{"large -half", -1 << 61, 1 << 62, -1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				r    Rounding
				want int64
			}{{HalfUp, tc.up}, {HalfEven, tc.even}, {Down, tc.dn}} {
				got, err := mulDiv(tc.x, 1, tc.d, c.r)
				if err != nil || got != c.want {
					t.Errorf("mulDiv(%d,1,%d,%v) = %d, %v; want %d", tc.x, tc.d, c.r, got, err, c.want)
				}
			}
		})
	}
}

func TestRoundingNames(t *testing.T) {
	for _, r := range []Rounding{HalfUp, HalfEven, Down} {
		got, err := ParseRounding(r.String())
		if err != nil || got != r {
			t.Errorf("ParseRounding(%q) = %v, %v", r.String(), got, err)
		}
	}
	if r, err := ParseRounding(""); err != nil || r != HalfUp {
		t.Errorf(`ParseRounding("") = %v, %v; want the default half-up`, r, err)
	}
	if _, err := ParseRounding("HALF-UP"); !errors.Is(err, ErrEnum) {
		t.Errorf("ParseRounding(HALF-UP) err = %v; want ErrEnum", err)
	}
	if s := Rounding(9).String(); s != "rounding(?)" {
		t.Errorf("Rounding(9).String() = %q", s)
	}
	var zero Rounding
	if zero != HalfUp {
		t.Error("the zero Rounding must be HalfUp, the spec's default")
	}
}
