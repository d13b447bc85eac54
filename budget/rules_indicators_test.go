package budget

import (
	"testing"

	pv "github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

func TestFundIndicators(t *testing.T) {
	def := DefaultIndicatorTerms()
	// figures with a healthy balance, settlement ratio and share; each case changes one thing
	base := FundFigures{Balance: m("900.00"), AnnualExpenditure: m("1200.00"),
		DRGDIPCost: m("90.00"), InpatientCost: m("100.00"), Final: m("200296600.00"), Advances: m("214650500.00")}
	with := func(change func(*FundFigures)) FundFigures { f := base; change(&f); return f }
	tests := []struct {
		name string
		in   FundFigures
		want Indicators
		err  error
	}{
		// 900.00 ÷ (1,200.00 ÷ 12) = 9.0000 (upper edge, healthy); V13 ratio 0.9331;
		// 90.00 ÷ 100.00 = 0.9000 = the target, not below
		{name: "edges healthy", in: base, want: Indicators{MonthsCovered: f("9"), HasMonthsCovered: true,
			SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.9"), HasDRGDIPShare: true}},
		// 600.00 ÷ 100.00 = 6.0000: lower edge, healthy
		{name: "lower edge", in: with(func(f *FundFigures) { f.Balance = m("600.00") }), want: Indicators{MonthsCovered: f("6"), HasMonthsCovered: true,
			SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.9"), HasDRGDIPShare: true}},
		// 599.99 ÷ 100.00 = 5.9999: low
		{name: "balance low", in: with(func(f *FundFigures) { f.Balance = m("599.99") }), want: Indicators{MonthsCovered: f("5.9999"), HasMonthsCovered: true, BalanceLow: true,
			SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.9"), HasDRGDIPShare: true}},
		// 900.01 ÷ 100.00 = 9.0001: high
		{name: "balance high", in: with(func(f *FundFigures) { f.Balance = m("900.01") }), want: Indicators{MonthsCovered: f("9.0001"), HasMonthsCovered: true, BalanceHigh: true,
			SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.9"), HasDRGDIPShare: true}},
		// 59,999,999.99 × 12 ÷ 120,000,000.00 = 5.9999999999 → shows 6.0000, low exactly
		{name: "band compared exactly", in: with(func(f *FundFigures) { f.Balance = m("59999999.99"); f.AnnualExpenditure = m("120000000.00") }),
			want: Indicators{MonthsCovered: f("6"), HasMonthsCovered: true, BalanceLow: true,
				SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.9"), HasDRGDIPShare: true}},
		// 1,000.00 × 12 ÷ 7,000.00 = 1.714285… → 1.7143; 89.99 ÷ 100 = 0.8999 below 0.90
		{name: "rounded half-up, share below", in: with(func(f *FundFigures) {
			f.Balance = m("1000.00")
			f.AnnualExpenditure = m("7000.00")
			f.DRGDIPCost = m("89.99")
		}), want: Indicators{MonthsCovered: f("1.7143"), HasMonthsCovered: true, BalanceLow: true,
			SettlementRatio: f("0.9331"), HasSettlementRatio: true, DRGDIPShare: f("0.8999"), HasDRGDIPShare: true, ShareBelowTarget: true}},
		// zero denominators: no figure, no flag
		{name: "nothing to divide by", in: FundFigures{Balance: m("1.00")}, want: Indicators{}},
		{name: "negative expenditure", in: with(func(f *FundFigures) { f.AnnualExpenditure = m("-1.00") }), err: pv.ErrNegative},
		{name: "share above 1", in: with(func(f *FundFigures) { f.DRGDIPCost = m("100.01") }), err: pv.ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FundIndicators(tc.in, def)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestIndicatorFlags(t *testing.T) {
	require.Equal(t, []string(nil), Indicators{}.Flags())
	require.Equal(t, []string{"balance-high", "share-below-target"}, Indicators{BalanceHigh: true, ShareBelowTarget: true}.Flags())
	require.Equal(t, []string{"balance-low"}, Indicators{BalanceLow: true}.Flags())
}
