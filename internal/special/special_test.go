package special

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

var day0 = pv.DateOf(2025, 1, 1)

func TestLimit(t *testing.T) {
	tests := []struct {
		name  string
		share string
		n     int
		want  int
	}{
		{"0.05 × 99 = 4.95 → 4", "0.05", 99, 4},
		{"0.05 × 100 = 5", "0.05", 100, 5},
		{"0.05 × 19 = 0.95 → 0", "0.05", 19, 0},
		{"0.005 × 1999 = 9.995 → 9", "0.005", 1999, 9},
		{"0.005 × 2000 = 10", "0.005", 2000, 10},
		// 0.00000001 × 99,999,999 = 0.99999999 → 0; × 100,000,000 = 1
		{"smallest share below one", "0.00000001", 99_999_999, 0},
		{"smallest share one", "0.00000001", 100_000_000, 1},
		{"share 1", "1", 37, 37},
		{"share 0", "0", 1000, 0},
		{"no cases", "0.05", 0, 0},
		{"negative share", "-0.05", 100, 0},
		{"negative n", "0.05", -100, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Limit(pv.MustFactor(tc.share), tc.n); got != tc.want {
				t.Fatalf("Limit(%s, %d) = %d, want %d", tc.share, tc.n, got, tc.want)
			}
		})
	}
	t.Run("overflow saturates", func(t *testing.T) {
		// (2^63−1)·1e-8 × (2^63−1) does not fit: every claim is kept.
		if got := Limit(pv.Factor(math.MaxInt64), math.MaxInt); got != math.MaxInt {
			t.Fatalf("got %d", got)
		}
	})
}

func cl(scope int32, day int, index int32) Claim {
	return Claim{Scope: scope, Discharge: day0 + pv.Date(day), Index: index}
}

func TestRefused(t *testing.T) {
	tests := []struct {
		name   string
		claims []Claim
		counts []int
		share  string
		want   []int32
	}{
		// limit floor(0.05 × 40) = 2: days 1 (11) and 3 (12) kept, day 5 (10) refused
		{"earliest kept", []Claim{cl(0, 5, 10), cl(0, 1, 11), cl(0, 3, 12)}, []int{40}, "0.05", []int32{10}},
		// limit 2, one discharge day: indices 3 and 5 kept, 7 refused
		{"ties by index", []Claim{cl(0, 4, 7), cl(0, 4, 3), cl(0, 4, 5)}, []int{40}, "0.05", []int32{7}},
		// hospital scope: hospital 0 limit floor(0.05 × 40) = 2 refuses 3 (day 3);
		// hospital 1 limit floor(0.05 × 20) = 1 refuses 5 (day 5)
		{"hospital scope", []Claim{cl(0, 1, 1), cl(0, 2, 2), cl(0, 3, 3), cl(1, 4, 4), cl(1, 5, 5)}, []int{40, 20}, "0.05", []int32{3, 5}},
		// region scope, the same claims: limit floor(0.05 × 60) = 3 keeps days 1–3 (1, 2, 3), refuses 4 and 5
		{"region scope", []Claim{cl(0, 1, 1), cl(0, 2, 2), cl(0, 3, 3), cl(0, 4, 4), cl(0, 5, 5)}, []int{60}, "0.05", []int32{4, 5}},
		// limit floor(0.05 × 99) = 4 of 6 claims: the two latest (days 9, 8) refused
		{"A24 floor 99", []Claim{cl(0, 9, 0), cl(0, 1, 1), cl(0, 8, 2), cl(0, 2, 3), cl(0, 3, 4), cl(0, 4, 5)}, []int{99}, "0.05", []int32{0, 2}},
		// limit floor(0.05 × 19) = 0: everything refused, ascending
		{"zero limit", []Claim{cl(0, 2, 9), cl(0, 1, 4)}, []int{19}, "0.05", []int32{4, 9}},
		// within the limit: nothing refused
		{"within limit", []Claim{cl(0, 2, 9), cl(0, 1, 4)}, []int{100}, "0.05", nil},
		// scope 2 has no count: N = 0, refused; scope 0 (limit 5) keeps its claim
		{"scope without count", []Claim{cl(2, 1, 1), cl(0, 1, 2)}, []int{100}, "0.05", []int32{1}},
		{"negative scope", []Claim{cl(-1, 1, 1)}, []int{100}, "0.05", []int32{1}},
		{"no claims", nil, []int{100}, "0.05", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.claims)
			got := Refused(tc.claims, tc.counts, pv.MustFactor(tc.share))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Fatalf("Refused (-want +got):\n%s", d)
			}
			if d := cmp.Diff(before, tc.claims); d != "" {
				t.Fatalf("claims modified:\n%s", d)
			}
		})
	}
}
