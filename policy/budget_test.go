package policy

import (
	"math/big"
	"math/rand/v2"
	"testing"

	pv "github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

var (
	m = pv.MustMoney
	f = pv.MustFactor
)

func TestAnnualBudget(t *testing.T) {
	tests := []struct {
		name  string
		terms Budget
		r     pv.Rounding
		want  pv.Money
		err   error
	}{
		{name: "given", terms: Budget{Method: BudgetGiven, Amount: m("50000000.00")}, want: m("50000000.00")},
		// 30,000,000.00 × 1.04 = 31,200,000.00
		{name: "growth", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("30000000.00"), GrowthRate: f("0.04")}, want: m("31200000.00")},
		// 100.01 × 1.035 = 103.51035 → 103.51
		{name: "growth rounds to the fen", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("100.01"), GrowthRate: f("0.035")}, want: m("103.51")},
		// 0.50 × 1.01 = 0.505: half-up 0.51, half-even 0.50
		{name: "growth half-up", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("0.50"), GrowthRate: f("0.01")}, want: m("0.51")},
		{name: "growth half-even", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("0.50"), GrowthRate: f("0.01")}, r: pv.HalfEven, want: m("0.50")},
		// 1,000.00 × (1 − 0.10) = 900.00
		{name: "negative growth", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("1000.00"), GrowthRate: f("-0.1")}, want: m("900.00")},
		// 40,000,000.00 × (1 − 0.03) = 38,800,000.00
		{name: "revenue", terms: Budget{Method: BudgetRevenue, ExpectedRevenue: m("40000000.00"), SurplusRatio: f("0.03")}, want: m("38800000.00")},
		{name: "revenue surplus 0", terms: Budget{Method: BudgetRevenue, ExpectedRevenue: m("40000000.00")}, want: m("40000000.00")},
		// growth 30,000,000 × 1.04 = 31,200,000 < revenue 40,000,000 × 0.97 = 38,800,000
		{name: "min picks growth", terms: Budget{Method: BudgetMin, PriorExpenditure: m("30000000.00"), GrowthRate: f("0.04"),
			ExpectedRevenue: m("40000000.00"), SurplusRatio: f("0.03")}, want: m("31200000.00")},
		// growth 40,000,000 × 1.04 = 41,600,000 > revenue 38,800,000
		{name: "min picks revenue", terms: Budget{Method: BudgetMin, PriorExpenditure: m("40000000.00"), GrowthRate: f("0.04"),
			ExpectedRevenue: m("40000000.00"), SurplusRatio: f("0.03")}, want: m("38800000.00")},
		{name: "growth rate below -1", terms: Budget{Method: BudgetGrowth, PriorExpenditure: m("1.00"), GrowthRate: f("-1.5")}, err: pv.ErrRange},
		{name: "surplus above 1", terms: Budget{Method: BudgetRevenue, ExpectedRevenue: m("1.00"), SurplusRatio: f("1.2")}, err: pv.ErrRange},
		{name: "negative amount", terms: Budget{Method: BudgetGiven, Amount: m("-1.00")}, err: pv.ErrNegative},
		{name: "min checks revenue too", terms: Budget{Method: BudgetMin, PriorExpenditure: m("1.00"), ExpectedRevenue: m("-1.00")}, err: pv.ErrNegative},
		{name: "unknown method", terms: Budget{Method: 9}, err: pv.ErrEnum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.terms.Annual(tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "got %s", got)
		})
	}
}

func TestCarveoutAmounts(t *testing.T) {
	t.Run("amount and ratio", func(t *testing.T) {
		// offsite 1,000,000.00; itemised 0.02 × 50,000,000.00 = 1,000,000.00; total 2,000,000.00
		amounts, total, err := CarveoutAmounts(m("50000000.00"), []Carveout{
			{Name: "offsite", Amount: m("1000000.00")},
			{Name: "itemised", Ratio: f("0.02"), IsRatio: true},
		}, pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, []pv.Money{m("1000000.00"), m("1000000.00")}, amounts)
		require.Equal(t, m("2000000.00"), total)
	})
	t.Run("ratio rounds to the fen", func(t *testing.T) {
		// 100.33 × 0.015 = 1.50495 → 1.50
		amounts, total, err := CarveoutAmounts(m("100.33"), []Carveout{{Name: "x", Ratio: f("0.015"), IsRatio: true}}, pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, []pv.Money{m("1.50")}, amounts)
		require.Equal(t, m("1.50"), total)
	})
	t.Run("exactly the budget", func(t *testing.T) {
		_, total, err := CarveoutAmounts(m("100.00"), []Carveout{{Name: "a", Amount: m("40.00")}, {Name: "b", Ratio: f("0.6"), IsRatio: true}}, pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, m("100.00"), total)
	})
	t.Run("above the budget", func(t *testing.T) {
		// 40.00 + 0.6 × 100.00 + 0.01 = 100.01 > 100.00
		_, _, err := CarveoutAmounts(m("100.00"), []Carveout{{Name: "a", Amount: m("40.00")}, {Name: "b", Ratio: f("0.6"), IsRatio: true},
			{Name: "c", Amount: m("0.01")}}, pv.HalfUp)
		require.ErrorIs(t, err, pv.ErrPolicy)
	})
	t.Run("ratio above 1", func(t *testing.T) {
		_, _, err := CarveoutAmounts(m("100.00"), []Carveout{{Name: "a", Ratio: f("1.5"), IsRatio: true}}, pv.HalfUp)
		require.ErrorIs(t, err, pv.ErrRange)
		require.ErrorContains(t, err, "carveouts.a.ratio: 1.5")
	})
	t.Run("negative amount", func(t *testing.T) {
		_, _, err := CarveoutAmounts(m("100.00"), []Carveout{{Name: "a", Amount: m("-1.00")}}, pv.HalfUp)
		require.ErrorIs(t, err, pv.ErrNegative)
	})
}

func TestReserveAmount(t *testing.T) {
	tests := []struct {
		name              string
		budget, carveouts pv.Money
		ratio             pv.Factor
		r                 pv.Rounding
		want              pv.Money
		err               error
	}{
		// (50,000,000.00 − 2,000,000.00) × 0.05 = 2,400,000.00
		{name: "default ratio", budget: m("50000000.00"), carveouts: m("2000000.00"), ratio: f("0.05"), want: m("2400000.00")},
		// 1,000.05 × 0.05 = 50.0025 → 50.00
		{name: "rounds down", budget: m("1000.05"), ratio: f("0.05"), want: m("50.00")},
		// 0.10 × 0.05 = 0.005: half-up 0.01, half-even 0.00
		{name: "half-up", budget: m("0.10"), ratio: f("0.05"), want: m("0.01")},
		{name: "half-even", budget: m("0.10"), ratio: f("0.05"), r: pv.HalfEven, want: m("0.00")},
		{name: "ratio above 1", budget: m("1.00"), ratio: f("1.01"), err: pv.ErrRange},
		{name: "carve-outs above budget", budget: m("1.00"), carveouts: m("2.00"), ratio: f("0.05"), err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReserveAmount(tc.budget, tc.carveouts, tc.ratio, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "got %s", got)
		})
	}
}

func TestPoolsByRatio(t *testing.T) {
	tests := []struct {
		name      string
		available pv.Money
		names     []string
		ratios    []pv.Factor
		want      []pv.Money
		err       error
	}{
		// 1,000.00 × 0.9 = 900.00, × 0.1 = 100.00
		{name: "even fen", available: m("1000.00"), names: []string{"drg", "capita"}, ratios: []pv.Factor{f("0.9"), f("0.1")},
			want: []pv.Money{m("900.00"), m("100.00")}},
		// 1 fen × 0.5 = 0.5 fen each; floors 0, 0; the fen ties → name order: "capita" < "drg"
		{name: "tie to the method name", available: m("0.01"), names: []string{"drg", "capita"}, ratios: []pv.Factor{f("0.5"), f("0.5")},
			want: []pv.Money{m("0.00"), m("0.01")}},
		// 1 fen: drg 0.6, capita 0.4 exact; the larger remainder wins before the name
		{name: "remainder before name", available: m("0.01"), names: []string{"drg", "capita"}, ratios: []pv.Factor{f("0.6"), f("0.4")},
			want: []pv.Money{m("0.01"), m("0.00")}},
		// 2 fen: drg 1.0, capita 0.5, bedday 0.5 → floors 1, 0, 0; one fen left, tie capita/bedday → "bedday"
		{name: "three methods", available: m("0.02"), names: []string{"drg", "capita", "bedday"}, ratios: []pv.Factor{f("0.5"), f("0.25"), f("0.25")},
			want: []pv.Money{m("0.01"), m("0.00"), m("0.01")}},
		// 100.00 in near-thirds: floors 33.33 × 3 = 99.99, one fen left; drg's exact share
		// 3333.333334 fen has remainder .333334, capita's and bedday's 3333.333333 fen .333333
		{name: "thirds", available: m("100.00"), names: []string{"drg", "capita", "bedday"},
			ratios: []pv.Factor{f("0.33333334"), f("0.33333333"), f("0.33333333")},
			want:   []pv.Money{m("33.34"), m("33.33"), m("33.33")}},
		// the same with capita holding 0.33333334: its remainder .333334 is the largest
		// although "bedday" sorts first
		{name: "thirds, capita largest", available: m("100.00"), names: []string{"drg", "capita", "bedday"},
			ratios: []pv.Factor{f("0.33333333"), f("0.33333334"), f("0.33333333")},
			want:   []pv.Money{m("33.33"), m("33.34"), m("33.33")}},
		// 2 fen: exact shares drg 0.66666666, capita 0.66666668, bedday 0.66666666 fen:
		// floors 0, 0, 0; two fen: capita first (largest), then the tie bedday < drg → bedday
		{name: "thirds, two fen", available: m("0.02"), names: []string{"drg", "capita", "bedday"},
			ratios: []pv.Factor{f("0.33333333"), f("0.33333334"), f("0.33333333")},
			want:   []pv.Money{m("0.00"), m("0.01"), m("0.01")}},
		{name: "sum not 1", available: m("1.00"), names: []string{"drg", "capita"}, ratios: []pv.Factor{f("0.9"), f("0.09")}, err: pv.ErrPolicy},
		{name: "duplicate name", available: m("1.00"), names: []string{"drg", "drg"}, ratios: []pv.Factor{f("0.5"), f("0.5")}, err: pv.ErrDuplicate},
		{name: "lengths differ", available: m("1.00"), names: []string{"drg"}, ratios: []pv.Factor{f("0.5"), f("0.5")}, err: pv.ErrInvalidArgument},
		{name: "negative ratio", available: m("1.00"), names: []string{"drg", "dip"}, ratios: []pv.Factor{f("-0.5"), f("1.5")}, err: pv.ErrNegative},
		{name: "negative available", available: m("-1.00"), names: []string{"drg"}, ratios: []pv.Factor{pv.One}, err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, residual, err := PoolsByRatio(tc.available, tc.names, tc.ratios)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.Zero(t, residual)
		})
	}
}

func TestPoolsByAmount(t *testing.T) {
	// 1,000.00 − 600.00 − 300.00 = 100.00 to the ledger residual
	pools, residual, err := PoolsByAmount(m("1000.00"), []pv.Money{m("600.00"), m("300.00")})
	require.NoError(t, err)
	require.Equal(t, []pv.Money{m("600.00"), m("300.00")}, pools)
	require.Equal(t, m("100.00"), residual)

	_, residual, err = PoolsByAmount(m("1000.00"), []pv.Money{m("600.00"), m("400.00")})
	require.NoError(t, err)
	require.Zero(t, residual)

	_, _, err = PoolsByAmount(m("1000.00"), []pv.Money{m("600.00"), m("400.01")})
	require.ErrorIs(t, err, pv.ErrPolicy)
	_, _, err = PoolsByAmount(m("1000.00"), []pv.Money{m("-1.00")})
	require.ErrorIs(t, err, pv.ErrNegative)
}

func TestPoolsByPriorSpending(t *testing.T) {
	tests := []struct {
		name      string
		available pv.Money
		names     []string
		prior     []pv.Money
		want      []pv.Money
		err       error
	}{
		// 1,000.00 × 3000/4000 = 750.00, × 1000/4000 = 250.00
		{name: "proportion", available: m("1000.00"), names: []string{"drg", "capita"}, prior: []pv.Money{m("3000.00"), m("1000.00")},
			want: []pv.Money{m("750.00"), m("250.00")}},
		// 10 fen × 2/3 = 6.67, × 1/3 = 3.33 → floors 6, 3; the fen to drg (remainder 2/3)
		{name: "largest remainder", available: m("0.10"), names: []string{"drg", "capita"}, prior: []pv.Money{m("0.02"), m("0.01")},
			want: []pv.Money{m("0.07"), m("0.03")}},
		// 1 fen, equal spending: tie → "capita" < "drg"
		{name: "tie to name", available: m("0.01"), names: []string{"drg", "capita"}, prior: []pv.Money{m("5.00"), m("5.00")},
			want: []pv.Money{m("0.00"), m("0.01")}},
		{name: "all zero", available: m("1.00"), names: []string{"drg", "capita"}, prior: []pv.Money{0, 0}, err: pv.ErrInvalidArgument},
		{name: "negative", available: m("1.00"), names: []string{"drg"}, prior: []pv.Money{m("-1.00")}, err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, residual, err := PoolsByPriorSpending(tc.available, tc.names, tc.prior)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.Zero(t, residual)
		})
	}
}

var methodNames4 = []string{"drg", "dip", "bedday", "capita"}

// TestPoolSplitConserves: for random splits, Σ pools + residual = available, and a
// largest-remainder share is within one fen above its exact floor.
func TestPoolSplitConserves(t *testing.T) {
	rng := rand.New(rand.NewPCG(2025, 6))
	for it := range 3000 {
		available := pv.Money(rng.Int64N(1e12))
		n := 1 + rng.IntN(4)
		names := append([]string(nil), methodNames4...)
		rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		names = names[:n]

		// ratios: cut 1 at n−1 random points
		ratios := make([]pv.Factor, n)
		left := int64(pv.One)
		for i := range n - 1 {
			ratios[i] = pv.Factor(rng.Int64N(left + 1))
			left -= int64(ratios[i])
		}
		ratios[n-1] = pv.Factor(left)
		prior := make([]pv.Money, n)
		amounts := make([]pv.Money, n)
		var priorSum int64
		for i := range n {
			prior[i] = pv.Money(rng.Int64N(1e11))
			priorSum += int64(prior[i])
			amounts[i] = pv.Money(rng.Int64N(int64(available)/int64(n) + 1))
		}

		check := func(kind string, pools []pv.Money, residual pv.Money, err error, weights []int64, wsum int64) {
			t.Helper()
			require.NoError(t, err, "iteration %d %s", it, kind)
			var sum pv.Money
			for i, p := range pools {
				sum += p
				if weights != nil {
					floor := floorDiv(int64(available), weights[i], wsum)
					require.True(t, int64(p) == floor || int64(p) == floor+1, "iteration %d %s: share %d floor %d", it, kind, p, floor)
				}
			}
			require.True(t, residual >= 0)
			require.Equal(t, available, sum+residual, "iteration %d %s", it, kind)
		}
		w := make([]int64, n)
		for i := range n {
			w[i] = int64(ratios[i])
		}
		pools, res, err := PoolsByRatio(available, names, ratios)
		check("ratios", pools, res, err, w, int64(pv.One))
		if priorSum > 0 {
			for i := range n {
				w[i] = int64(prior[i])
			}
			pools, res, err = PoolsByPriorSpending(available, names, prior)
			check("prior", pools, res, err, w, priorSum)
		}
		pools, res, err = PoolsByAmount(available, amounts)
		check("amounts", pools, res, err, nil, 0)
	}
}

// floorDiv is ⌊a × b ÷ c⌋ by math/big: the oracle, independent of pointvalue.
func floorDiv(a, b, c int64) int64 {
	q := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	return q.Div(q, big.NewInt(c)).Int64() // Euclidean: the floor for c > 0
}
