package calib

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// descending returns n costs n·10, (n−1)·10, …, 10: the value of rank r (from
// 1, ascending) is r·10.
func descending(n int) []int64 {
	c := make([]int64, n)
	for i := range c {
		c[i] = int64(n-i) * 10
	}
	return c
}

func TestPercentileBounds(t *testing.T) {
	// rank(p) = max(1, ⌈p·n⌉), value = rank·10.
	tests := []struct {
		n      int
		lo, hi int64
	}{
		{1, 10, 10},       // ⌈0.025⌉ = 1, ⌈0.975⌉ = 1
		{40, 10, 390},     // 0.025·40 = 1 → 1; 0.975·40 = 39 → 39 (exact, no rounding up)
		{41, 20, 400},     // 0.025·41 = 1.025 → 2; 0.975·41 = 39.975 → 40
		{200, 50, 1950},   // 0.025·200 = 5; 0.975·200 = 195
		{2, 10, 20},       // 0.05 → 1; 1.95 → 2
		{1000, 250, 9750}, // 25; 975
	}
	for _, tc := range tests {
		t.Run("", func(t *testing.T) {
			costs := descending(tc.n)
			lo, hi := PercentileBounds(costs)
			require.Equal(t, tc.lo, lo, "n=%d P2.5", tc.n)
			require.Equal(t, tc.hi, hi, "n=%d P97.5", tc.n)
			require.Equal(t, descending(tc.n), costs, "input unchanged")
		})
	}
}

func TestWeightedSums(t *testing.T) {
	w := []pv.Factor{pv.MustFactor("0.1"), pv.MustFactor("0.2"), pv.MustFactor("0.7")}
	// year 0: 100, 300; year 1: 200; year 2: 400, 600 and 10000 (outside [0, 1000]).
	costs := []int64{100, 400, 200, 10_000, 300, 600}
	yidx := []int8{0, 2, 1, 2, 0, 2}
	num, den, kept := WeightedSums(costs, yidx, 0, 1000, w)
	// S = 400, 200, 1000; n = 2, 1, 2 (w in 10⁻⁸: 1e7, 2e7, 7e7)
	// num = 1e7·400 + 2e7·200 + 7e7·1000 = 4e9 + 4e9 + 7e10 = 7.8e10
	// den = 1e7·2 + 2e7·1 + 7e7·2 = 1.8e8
	require.Equal(t, "78000000000", num.String())
	require.Equal(t, "180000000", den.String())
	require.Equal(t, 5, kept)
	// mean = 7.8e10 ÷ 1.8e8 = 433.33… → 433
	require.Equal(t, int64(433), HalfUp(num, den).Int64())

	t.Run("bounds inclusive", func(t *testing.T) {
		// [200, 400] keeps 400 (y2), 200 (y1), 300 (y0):
		// num = 1e7·300 + 2e7·200 + 7e7·400 = 3e9 + 4e9 + 2.8e10 = 3.5e10; den = 1e7 + 2e7 + 7e7 = 1e8
		num, den, kept := WeightedSums(costs, yidx, 200, 400, w)
		require.Equal(t, "35000000000", num.String())
		require.Equal(t, "100000000", den.String())
		require.Equal(t, 3, kept)
	})
	t.Run("int64 overflow", func(t *testing.T) {
		// two MaxInt64 costs in one year, weight 1 = 1e8: num = 2·(2⁶³−1)·1e8, den = 2e8.
		num, den, kept := WeightedSums([]int64{math.MaxInt64, math.MaxInt64}, []int8{0, 0}, 0, math.MaxInt64, []pv.Factor{pv.One})
		want := new(big.Int).Mul(big.NewInt(math.MaxInt64), big.NewInt(2e8))
		require.Equal(t, want.String(), num.String())
		require.Equal(t, "200000000", den.String())
		require.Equal(t, 2, kept)
	})
}

func TestWeigh(t *testing.T) {
	w := []pv.Factor{1, 2, 7}
	// Σ w·s = 1·5 + 2·6 + 7·10 = 87; Σ w·n = 1·1 + 2·0 + 7·3 = 22
	num, den := Weigh(w, []*big.Int{big.NewInt(5), big.NewInt(6), big.NewInt(10)}, []int64{1, 0, 3})
	require.Equal(t, int64(87), num.Int64())
	require.Equal(t, int64(22), den.Int64())
	num, den = Weigh(w, nil, []int64{1, 0, 3})
	require.Equal(t, 0, num.Sign())
	require.Equal(t, int64(22), den.Int64())
}

func TestSDBounds(t *testing.T) {
	tests := []struct {
		name   string
		costs  []int64
		k      string
		lo, hi int64
	}{
		// n = 8, S = 40 (mean 5), Q = 4+3·16+2·25+49+81 = 232, V = 8·232 − 40² = 256 (σ = 2).
		{"k1", []int64{2, 4, 4, 4, 5, 5, 7, 9}, "1", 3, 7},     // D = √256 = 16: [⌈24/8⌉, ⌊56/8⌋]
		{"k0.5", []int64{2, 4, 4, 4, 5, 5, 7, 9}, "0.5", 4, 6}, // D = √64 = 8: [4, 6]
		{"k3", []int64{9, 7, 5, 5, 4, 4, 4, 2}, "3", -1, 11},   // D = √2304 = 48: [⌈−8/8⌉, ⌊88/8⌋]
		// n = 2, S = 3 (mean 1.5), Q = 9, V = 18 − 9 = 9 (σ = 1.5).
		{"ceil negative", []int64{0, 3}, "2", -1, 4}, // D = √36 = 6: [⌈−3/2⌉ = −1, ⌊9/2⌋ = 4]
		{"sqrt floor", []int64{0, 3}, "1.1", 0, 3},   // K²V = 10.89, D = 3: [0, 3] (1.5 ± 1.65)
		{"single", []int64{7}, "3", 7, 7},            // V = 0
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := SDBounds(tc.costs, pv.MustFactor(tc.k))
			require.Equal(t, tc.lo, lo)
			require.Equal(t, tc.hi, hi)
		})
	}
}

func TestMomentsAndCV(t *testing.T) {
	m := MomentsOf([]int64{2, 4, 4, 4, 5, 5, 7, 9}, nil)
	require.Equal(t, int64(8), m.N)
	require.Equal(t, "40", m.S.String())
	require.Equal(t, "232", m.Q().String())
	require.Equal(t, "256", m.Variance().String())
	// σ = 2, mean 5: CV = 0.4
	require.Equal(t, pv.MustFactor("0.4"), CV(m))
	// keep only ≥ 5: 5, 5, 7, 9: n = 4, S = 26, Q = 180, V = 720 − 676 = 44
	m = MomentsOf([]int64{2, 4, 4, 4, 5, 5, 7, 9}, func(c int64) bool { return c >= 5 })
	require.Equal(t, int64(4), m.N)
	require.Equal(t, "26", m.S.String())
	require.Equal(t, "44", m.Variance().String())
	// {1, 2}: V = 2·5 − 9 = 1, S = 3: CV = 1/3 → ⌊√(10¹⁶ ÷ 9)⌋ = 33333333 (truncated)
	require.Equal(t, pv.Factor(33_333_333), CV(MomentsOf([]int64{1, 2}, nil)))
	require.Equal(t, pv.Factor(0), CV(MomentsOf([]int64{0, 0}, nil)))
	// Σx² beyond 64 bits: 2·(2³²)² = 2⁶⁵
	m = MomentsOf([]int64{1 << 32, 1 << 32}, nil)
	require.Equal(t, new(big.Int).Lsh(big.NewInt(1), 65).String(), m.Q().String())
	require.Equal(t, 0, m.Variance().Sign())
}

func TestHalfUpClamp(t *testing.T) {
	for _, tc := range []struct{ num, den, want int64 }{
		{5, 2, 3}, {7, 2, 4}, {4, 3, 1}, {5, 3, 2}, {0, 5, 0}, {6, 3, 2},
	} {
		require.Equal(t, tc.want, HalfUp(big.NewInt(tc.num), big.NewInt(tc.den)).Int64(), "%d/%d", tc.num, tc.den)
	}
	two63 := new(big.Int).Lsh(big.NewInt(1), 63)
	require.Equal(t, int64(math.MaxInt64), Clamp64(two63))
	require.Equal(t, int64(math.MinInt64), Clamp64(new(big.Int).Neg(new(big.Int).Add(two63, big.NewInt(1)))))
	require.Equal(t, int64(-5), Clamp64(big.NewInt(-5)))
}

func TestWindow(t *testing.T) {
	years := []int{2024, 2022, 2020, 2023}
	yr := func(i int) (int, int) { return years[i], i + 5 }
	w := pv.DefaultYearWeights() // 3 years: 2022..2024
	first, idx, err := Window(len(years), yr, w, "drg", "h.csv")
	require.Equal(t, 2022, first)
	require.Equal(t, []int8{2, 0, 0, 1}, idx)
	var list *pv.ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list.Errors, 1)
	require.Equal(t, "h.csv:7: year: 2020: value out of range: before the first weighted year 2022", list.Errors[0].Error())

	first, idx, err = Window(2, func(i int) (int, int) { return 2023 + i, 0 }, w, "dip", "h")
	require.NoError(t, err)
	require.Equal(t, 2022, first)
	require.Equal(t, []int8{1, 2}, idx)
	require.Equal(t, []int{2022, 2023, 2024}, Years(first, len(w)))

	for _, tc := range []struct {
		w    []pv.Factor
		want error
	}{
		{nil, pv.ErrInvalidArgument},
		{make([]pv.Factor, 101), pv.ErrInvalidArgument},
		{[]pv.Factor{0, 0}, pv.ErrInvalidArgument},
		{[]pv.Factor{pv.One, -1}, pv.ErrNegative},
	} {
		_, _, err := Window(1, yr, tc.w, "dip", "h")
		require.True(t, errors.Is(err, tc.want), "%v", err)
		require.Regexp(t, "^dip: ", err.Error())
	}
}
