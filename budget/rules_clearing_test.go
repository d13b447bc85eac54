package budget

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
	pv "github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
	"github.com/stretchr/testify/require"
)

func TestFundAmount(t *testing.T) {
	tests := []struct {
		name     string
		formula  pointvalue.Formula
		x, share pv.Money
		ratio    pv.Factor
		r        pv.Rounding
		want     pv.Money
		err      error
	}{
		// 1,000.00 − 200.00 = 800.00
		{name: "with patient share", formula: pointvalue.WithPatientShare, x: m("1000.00"), share: m("200.00"), want: m("800.00")},
		{name: "fixed rate", formula: pointvalue.FixedRate, x: m("1000.00"), share: m("200.00"), want: m("800.00")},
		// a negative gross stays a clawback: −100.00 − 20.00 = −120.00
		{name: "clawback kept", formula: pointvalue.WithPatientShare, x: m("-100.00"), share: m("20.00"), want: m("-120.00")},
		// 1,000.01 × 0.75 = 750.0075 → 750.01
		{name: "by ratio", formula: pointvalue.ByReimbursementRatio, x: m("1000.01"), ratio: f("0.75"), want: m("750.01")},
		// 0.30 × 0.75 = 0.225: half-up 0.23, half-even 0.22
		{name: "by ratio half-up", formula: pointvalue.ByReimbursementRatio, x: m("0.30"), ratio: f("0.75"), want: m("0.23")},
		{name: "by ratio half-even", formula: pointvalue.ByReimbursementRatio, x: m("0.30"), ratio: f("0.75"), r: pv.HalfEven, want: m("0.22")},
		{name: "fund only", formula: pointvalue.FundOnly, x: m("1000.00"), share: m("200.00"), want: m("1000.00")},
		{name: "by ratio without ratio", formula: pointvalue.ByReimbursementRatio, x: m("1.00"), err: pv.ErrRange},
		{name: "unknown formula", formula: 9, x: m("1.00"), err: pv.ErrEnum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FundAmount(tc.formula, tc.x, tc.share, tc.ratio, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "got %s", got)
		})
	}
}

func TestAdvances(t *testing.T) {
	t.Run("monthly", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			fund pv.Money
			r    pv.Rounding
			want pv.Money
		}{
			{"1,000.00 × 0.9 = 900.00", m("1000.00"), pv.HalfUp, m("900.00")},
			{"negative month pays 0", m("-500.00"), pv.HalfUp, 0},
			{"5 fen × 0.9 = 4.5 fen half-up 5", m("0.05"), pv.HalfUp, m("0.05")},
			{"5 fen × 0.9 = 4.5 fen half-even 4", m("0.05"), pv.HalfEven, m("0.04")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := MonthlyAdvance(tc.fund, f("0.90"), tc.r)
				require.NoError(t, err)
				require.Equal(t, tc.want, got, "got %s", got)
			})
		}
	})
	t.Run("year sums rounded months", func(t *testing.T) {
		// 900.00 + 0 + 0.05 (4.5 fen → 5) + 0.05 = 900.10; rounding the 9 fen of the two
		// small months together would give 0.09
		got, err := Advances([]pv.Money{m("1000.00"), m("-200.00"), m("0.05"), m("0.05")}, f("0.90"), pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, m("900.10"), got, "got %s", got)
	})
	t.Run("ratio above 1", func(t *testing.T) {
		_, err := Advances([]pv.Money{m("1.00")}, f("1.1"), pv.HalfUp)
		require.ErrorIs(t, err, pv.ErrRange)
	})
	t.Run("capita", func(t *testing.T) {
		// (1,000,000.00 − 100,000.00) × 0.9 = 810,000.00; ÷ 12 = 67,500.00 each month
		total, months, err := CapitaAdvances(m("1000000.00"), m("100000.00"), f("0.90"), pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, m("810000.00"), total)
		for i, a := range months {
			require.Equal(t, m("67500.00"), a, "month %d", i+1)
		}
		// 0.20 × 0.9 = 0.18: 18 fen over 12 months → 1.5 each: floors 1, six fen left to months 1–6
		total, months, err = CapitaAdvances(m("0.20"), 0, f("0.90"), pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, m("0.18"), total)
		require.Equal(t, [12]pv.Money{2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1}, months)
		// referred above the budget: nothing advanced
		total, months, err = CapitaAdvances(m("100.00"), m("150.00"), f("0.90"), pv.HalfUp)
		require.NoError(t, err)
		require.Equal(t, pv.Money(0), total)
		require.Equal(t, [12]pv.Money{}, months)
	})
}

func TestCorridorAmount(t *testing.T) {
	def := policy.Default("X", 2025, "1").Corridor
	keep6 := def
	keep6.SurplusKeep = f("0.6")
	keep5 := def
	keep5.SurplusKeep = f("0.5")
	none := def
	none.Rule = policy.CorridorNone
	badShare := def
	badShare.OverShare = f("1.5")
	badRule := def
	badRule.Rule = 7
	capped := def // VAR-6's vector: keep 0.3, cap 0.03
	capped.SurplusKeep, capped.SurplusCap, capped.HasSurplusCap = f("0.3"), f("0.03"), true
	capHalf := def
	capHalf.SurplusCap, capHalf.HasSurplusCap = f("0.00005"), true
	badCap := def
	badCap.SurplusCap, badCap.HasSurplusCap = f("1.5"), true
	tests := []struct {
		name string
		s, a pv.Money
		t    policy.Corridor
		r    pv.Rounding
		want CorridorResult
		err  error
	}{
		// S = 100.00 throughout unless said; defaults keep 1, band 0.10, share 0.5, low-use 0.5
		// r = 1 exactly: surplus, C = 100 + 1 × 0 = 100.00
		{name: "r = 1 surplus", s: m("100.00"), a: m("100.00"), t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100.00")}},
		// r = 0.8: C = 80 + 1 × 20 = 100.00
		{name: "r = 0.8 surplus", s: m("100.00"), a: m("80.00"), t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100.00")}},
		// r = 0.8, keep 0.6: C = 80 + 0.6 × 20 = 92.00
		{name: "surplus keep 0.6", s: m("100.00"), a: m("80.00"), t: keep6, want: CorridorResult{Band: BandSurplus, Amount: m("92.00")}},
		// keep 0.5 of 1 fen: C = 99.99 + 0.005 = 99.995, rounded as a whole (A65):
		// half-up 100.00, half-even 100.00 too (9,999.5 fen to the even 10,000;
		// rounding the increment alone gave 99.99)
		{name: "surplus half-up", s: m("100.00"), a: m("99.99"), t: keep5, want: CorridorResult{Band: BandSurplus, Amount: m("100.00")}},
		{name: "surplus half-even", s: m("100.00"), a: m("99.99"), t: keep5, r: pv.HalfEven, want: CorridorResult{Band: BandSurplus, Amount: m("100.00")}},
		// 99.98 + 0.005 = 99.985: half-even to the even 99.98 (9,998.5 fen)
		{name: "surplus half-even down", s: m("99.99"), a: m("99.98"), t: keep5, r: pv.HalfEven, want: CorridorResult{Band: BandSurplus, Amount: m("99.98")}},
		// r = 0.5 exactly is not low-use; one fen under is
		{name: "r = 0.5 not low-use", s: m("100.00"), a: m("50.00"), t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100.00")}},
		{name: "r just below 0.5 low-use", s: m("100.00"), a: m("49.99"), t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100.00"), LowUse: true}},
		// 49,999.99 ÷ 100,000.00 = 0.4999999 shows as 0.5000 at 4 decimals but is below 0.5 exactly
		{name: "low-use compared exactly", s: m("100000.00"), a: m("49999.99"), t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100000.00"), LowUse: true}},
		{name: "no spending is low-use", s: m("100.00"), a: 0, t: def, want: CorridorResult{Band: BandSurplus, Amount: m("100.00"), LowUse: true}},
		// r = 1.0001: shared, C = 100 + 0.5 × 0.01 = 100.005 → half-up 100.01, half-even 100.00
		{name: "just above 1 shared", s: m("100.00"), a: m("100.01"), t: def, want: CorridorResult{Band: BandShared, Amount: m("100.01")}},
		{name: "just above 1 shared half-even", s: m("100.00"), a: m("100.01"), t: def, r: pv.HalfEven, want: CorridorResult{Band: BandShared, Amount: m("100.00")}},
		// r = 1.10 exactly: shared, C = 100 + 0.5 × 10 = 105.00
		{name: "r = 1.10 shared", s: m("100.00"), a: m("110.00"), t: def, want: CorridorResult{Band: BandShared, Amount: m("105.00")}},
		// r = 1.1001: over, C = 100 + 0.5 × 0.10 × 100 = 105.00
		{name: "just above 1.10 over", s: m("100.00"), a: m("110.01"), t: def, want: CorridorResult{Band: BandOver, Amount: m("105.00")}},
		// 110,000.01 ÷ 100,000.00 = 1.1000001 (1.1000 at 4 decimals) is over: C = 100,000 + 0.05 × 100,000
		// = 105,000.00 (the shared formula would give 105,000.005 → 105,000.01)
		{name: "over compared exactly", s: m("100000.00"), a: m("110000.01"), t: def, want: CorridorResult{Band: BandOver, Amount: m("105000.00")}},
		{name: "r = 2 over", s: m("100.00"), a: m("200.00"), t: def, want: CorridorResult{Band: BandOver, Amount: m("105.00")}},
		// over with odd fen: 100.01 + 0.5 × 0.1 × 100.01 = 100.01 + 5.0005 → 105.01
		{name: "over rounds once", s: m("100.01"), a: m("200.00"), t: def, want: CorridorResult{Band: BandOver, Amount: m("105.01")}},
		// 100.10 × 0.05 = 5.005: half-up 105.11, half-even 105.10
		{name: "over half-up", s: m("100.10"), a: m("200.00"), t: def, want: CorridorResult{Band: BandOver, Amount: m("105.11")}},
		{name: "over half-even", s: m("100.10"), a: m("200.00"), t: def, r: pv.HalfEven, want: CorridorResult{Band: BandOver, Amount: m("105.10")}},
		// A31: S ≤ 0 → none, C = S
		{name: "S zero", s: 0, a: m("10.00"), t: def, want: CorridorResult{Band: BandNone, Amount: 0}},
		{name: "S negative", s: m("-50.00"), a: m("10.00"), t: def, want: CorridorResult{Band: BandNone, Amount: m("-50.00")}},
		{name: "rule none", s: m("100.00"), a: m("200.00"), t: none, want: CorridorResult{Band: BandNone, Amount: m("100.00")}},
		// VAR-6: S 2,460,000.00; A 1,968,000.00: keep 0.3 × 492,000 = 147,600.00 > cap
		// 0.03 × 2,460,000 = 73,800.00, so C = 1,968,000 + 73,800 = 2,041,800.00, capped.
		{name: "VAR-6 capped", s: m("2460000.00"), a: m("1968000.00"), t: capped,
			want: CorridorResult{Band: BandSurplus, Amount: m("2041800.00"), Capped: true}},
		// A 2,337,000.00: 0.3 × 123,000 = 36,900.00 < 73,800.00: C = 2,373,900.00, not capped.
		{name: "VAR-6 under the cap", s: m("2460000.00"), a: m("2337000.00"), t: capped,
			want: CorridorResult{Band: BandSurplus, Amount: m("2373900.00")}},
		// Equal terms: keep 0.3 × 100.00 = 30.00 = cap 0.03 × 1,000.00: not strictly smaller, no flag.
		{name: "VAR-6 equal terms", s: m("1000.00"), a: m("900.00"), t: capped,
			want: CorridorResult{Band: BandSurplus, Amount: m("930.00")}},
		// The cap alone is rounded once with A: 0.00005 × 100.10 = 0.005005 → 0.01 (half-up and half-even alike).
		{name: "VAR-6 cap rounds once", s: m("100.10"), a: m("50.00"), t: capHalf, r: pv.HalfEven,
			want: CorridorResult{Band: BandSurplus, Amount: m("50.01"), LowUse: true, Capped: true}},
		// The cap does not touch the overspend bands.
		{name: "VAR-6 over", s: m("100.00"), a: m("200.00"), t: capped, want: CorridorResult{Band: BandOver, Amount: m("105.00")}},
		{name: "VAR-6 cap above 1", s: m("100.00"), a: m("50.00"), t: badCap, err: pv.ErrRange},
		{name: "negative A", s: m("100.00"), a: m("-1.00"), t: def, err: pv.ErrNegative},
		{name: "over share above 1", s: m("100.00"), a: m("1.00"), t: badShare, err: pv.ErrRange},
		{name: "unknown rule", s: m("100.00"), a: m("1.00"), t: badRule, err: pv.ErrEnum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CorridorAmount(tc.s, tc.a, tc.t, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	for b, want := range map[CorridorBand]string{BandNone: "none", BandSurplus: "surplus", BandShared: "shared", BandOver: "over"} {
		require.Equal(t, want, b.String())
	}
}

func TestScaleDraws(t *testing.T) {
	tests := []struct {
		name    string
		draws   []pv.Money
		balance pv.Money
		want    []pv.Money
		short   []bool
		err     error
	}{
		{name: "covered", draws: []pv.Money{m("10.00"), m("20.00")}, balance: m("30.00"),
			want: []pv.Money{m("10.00"), m("20.00")}, short: []bool{false, false}},
		// 100.00 ÷ 200.00 = one half each
		{name: "halved", draws: []pv.Money{m("100.00"), m("50.00"), m("50.00")}, balance: m("100.00"),
			want: []pv.Money{m("50.00"), m("25.00"), m("25.00")}, short: []bool{true, true, true}},
		// 3 fen, 2 in the reserve: 0.667 each, floors 0; two fen to the two smallest indices
		{name: "equal remainders to the smaller index", draws: []pv.Money{1, 1, 1}, balance: 2,
			want: []pv.Money{1, 1, 0}, short: []bool{false, false, true}},
		// 3 + 2 fen, 4 in the reserve: 2.4 and 1.6 → floors 2, 1; the fen to row 1 (remainder .6)
		{name: "largest remainder", draws: []pv.Money{3, 2}, balance: 4,
			want: []pv.Money{2, 2}, short: []bool{true, false}},
		{name: "empty reserve", draws: []pv.Money{m("1.00"), 0}, balance: 0,
			want: []pv.Money{0, 0}, short: []bool{true, false}},
		{name: "no draws", balance: m("1.00"), want: []pv.Money{}, short: []bool{}},
		{name: "negative draw", draws: []pv.Money{-1}, balance: 1, err: pv.ErrNegative},
		{name: "negative balance", draws: []pv.Money{1}, balance: -1, err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, short, err := ScaleDraws(tc.draws, tc.balance)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.short, short)
		})
	}
}

// TestScaleDrawsShortSumsToBalance: when the draws run short, the scaled draws sum to
// the balance exactly, none exceeds its draw, each is within a fen of draw × balance ÷ Σ.
func TestScaleDrawsShortSumsToBalance(t *testing.T) {
	rng := rand.New(rand.NewPCG(2025, 3))
	for it := range 3000 {
		n := 1 + rng.IntN(40)
		draws := make([]pv.Money, n)
		var sum int64
		for i := range draws {
			if rng.IntN(5) > 0 {
				draws[i] = pv.Money(rng.Int64N(1e10))
			}
			sum += int64(draws[i])
		}
		if sum == 0 {
			continue
		}
		balance := pv.Money(rng.Int64N(sum)) // < Σ draws: short
		paid, short, err := ScaleDraws(draws, balance)
		require.NoError(t, err, "iteration %d", it)
		var total pv.Money
		for i, p := range paid {
			total += p
			floor := floorDiv(int64(draws[i]), int64(balance), sum)
			require.True(t, int64(p) == floor || int64(p) == floor+1, "iteration %d row %d: %d vs floor %d", it, i, p, floor)
			require.True(t, p <= draws[i], "iteration %d row %d above its draw", it, i)
			require.Equal(t, p < draws[i], short[i], "iteration %d row %d", it, i)
		}
		require.Equal(t, balance, total, "iteration %d", it)
	}
}

func TestEntitlement(t *testing.T) {
	// 800.00 − 10.00 = 790.00
	require.Equal(t, m("790.00"), Entitlement(m("800.00"), m("10.00")))
	// 1,000.00 − 100.00 referred − 10.00 = 890.00
	require.Equal(t, m("890.00"), CapitaEntitlement(m("1000.00"), m("100.00"), m("10.00")))
}

func TestAssess(t *testing.T) {
	dep := policy.Advances{AssessmentRule: policy.AssessDeposit, DepositRatio: f("0.05")}
	coef := policy.Advances{AssessmentRule: policy.AssessCoefficient}
	tests := []struct {
		name    string
		fc, ded pv.Money
		q       pv.Factor
		t       policy.Advances
		r       pv.Rounding
		want    Assessment
		err     error
	}{
		// E = 1,000,100.00 − 100.00 = 1,000,000.00; D = 0.05 × 1,000,000.00 = 50,000.00;
		// returned 50,000 × 90/100 = 45,000.00; forfeited 5,000.00;
		// final 1,000,000 − 50,000 + 45,000 = 995,000.00
		{name: "deposit q 90", fc: m("1000100.00"), ded: m("100.00"), q: f("90"), t: dep,
			want: Assessment{Entitlement: m("1000000.00"), Deposit: m("50000.00"), Returned: m("45000.00"), ToReserve: m("5000.00"), Final: m("995000.00")}},
		{name: "deposit q 100", fc: m("1000000.00"), q: f("100"), t: dep,
			want: Assessment{Entitlement: m("1000000.00"), Deposit: m("50000.00"), Returned: m("50000.00"), Final: m("1000000.00")}},
		{name: "deposit q 0", fc: m("1000000.00"), q: 0, t: dep,
			want: Assessment{Entitlement: m("1000000.00"), Deposit: m("50000.00"), ToReserve: m("50000.00"), Final: m("950000.00")}},
		// D = 0.05 × 100.01 = 5.0005 → 5.00; returned 500 fen × 0.3333 = 166.65 fen → 1.67;
		// forfeited 3.33; final 100.01 − 5.00 + 1.67 = 96.68
		{name: "deposit rounding", fc: m("100.01"), q: f("33.33"), t: dep,
			want: Assessment{Entitlement: m("100.01"), Deposit: m("5.00"), Returned: m("1.67"), ToReserve: m("3.33"), Final: m("96.68")}},
		// E ≤ 0: no deposit
		{name: "deposit on a clawback", fc: m("-100.00"), q: f("80"), t: dep, want: Assessment{Entitlement: m("-100.00"), Final: m("-100.00")}},
		{name: "deductions beyond F(C)", fc: m("50.00"), ded: m("80.00"), q: f("80"), t: dep, want: Assessment{Entitlement: m("-30.00"), Final: m("-30.00")}},
		// 1,000.00 × 95/100 = 950.00, 50.00 to the reserve
		{name: "coefficient", fc: m("1000.00"), q: f("95"), t: coef, want: Assessment{Entitlement: m("950.00"), ToReserve: m("50.00"), Final: m("950.00")}},
		// VAR-13's vector: 3,486,250.00 × 0.925 = 3,224,781.25; E = 3,224,781.25 − 41,300.00 =
		// 3,183,481.25; 261,468.75 to the reserve (the deductions join it apart).
		// The old order gave (3,486,250 − 41,300) × 0.925 = 3,186,578.75.
		{name: "VAR-13", fc: m("3486250.00"), ded: m("41300.00"), q: f("92.5"), t: coef,
			want: Assessment{Entitlement: m("3183481.25"), ToReserve: m("261468.75"), Final: m("3183481.25")}},
		// 5 fen × 0.5 = 2.5 fen: half-up 3, half-even 2
		{name: "coefficient half-up", fc: m("0.05"), q: f("50"), t: coef, want: Assessment{Entitlement: m("0.03"), ToReserve: m("0.02"), Final: m("0.03")}},
		{name: "coefficient half-even", fc: m("0.05"), q: f("50"), t: coef, r: pv.HalfEven, want: Assessment{Entitlement: m("0.02"), ToReserve: m("0.03"), Final: m("0.02")}},
		// A33: F(C) ≤ 0, no coefficient; the deductions still subtract
		{name: "coefficient F(C) negative", fc: m("-10.00"), ded: m("5.00"), q: f("50"), t: coef, want: Assessment{Entitlement: m("-15.00"), Final: m("-15.00")}},
		// F(C) > 0 and deductions beyond what the coefficient leaves: E < 0
		{name: "coefficient then deductions", fc: m("100.00"), ded: m("60.00"), q: f("50"), t: coef,
			want: Assessment{Entitlement: m("-10.00"), ToReserve: m("50.00"), Final: m("-10.00")}},
		{name: "score above 100", fc: m("1.00"), q: f("100.01"), t: dep, err: pv.ErrRange},
		{name: "negative score", fc: m("1.00"), q: f("-1"), t: coef, err: pv.ErrRange},
		{name: "unknown rule", fc: m("1.00"), q: f("50"), t: policy.Advances{AssessmentRule: 5}, err: pv.ErrEnum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Assess(tc.fc, tc.ded, tc.q, tc.t, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestClearing(t *testing.T) {
	tests := []struct {
		name            string
		final, advances pv.Money
		want            ClearingResult
		err             error
	}{
		// V13: 200,296,600.00 ÷ 214,650,500.00 = 0.93312897… → 0.9331;
		// clearing 200,296,600.00 − 214,650,500.00 = −14,353,900.00 (recovered)
		{name: "V13", final: m("200296600.00"), advances: m("214650500.00"),
			want: ClearingResult{Clearing: m("-14353900.00"), SettlementRatio: f("0.9331"), HasSettlementRatio: true}},
		// 1 fen ÷ 200.00 = 0.00005 → half-up 0.0001 (and −0.0001 for a negative final)
		{name: "ratio half-up", final: m("0.01"), advances: m("200.00"),
			want: ClearingResult{Clearing: m("-199.99"), SettlementRatio: f("0.0001"), HasSettlementRatio: true}},
		{name: "negative final", final: m("-0.01"), advances: m("200.00"),
			want: ClearingResult{Clearing: m("-200.01"), SettlementRatio: f("-0.0001"), HasSettlementRatio: true}},
		// 120.00 ÷ 100.00 = 1.2000, 20.00 paid
		{name: "paid", final: m("120.00"), advances: m("100.00"),
			want: ClearingResult{Clearing: m("20.00"), SettlementRatio: f("1.2"), HasSettlementRatio: true}},
		{name: "no advances", final: m("120.00"), want: ClearingResult{Clearing: m("120.00")}},
		// VAR-9: month deductions beyond the month's advance leave the advances negative: no ratio
		{name: "negative advances", final: m("1.00"), advances: m("-1.00"), want: ClearingResult{Clearing: m("2.00")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Clearing(tc.final, tc.advances)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// floorDiv is ⌊a × b ÷ c⌋ by math/big: the oracle, independent of pointvalue.
func floorDiv(a, b, c int64) int64 {
	q := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	return q.Div(q, big.NewInt(c)).Int64() // Euclidean: the floor for c > 0
}
