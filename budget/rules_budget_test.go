package budget

import (
	"testing"

	pv "github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

var (
	m = pv.MustMoney
	f = pv.MustFactor
)

func TestMonthlySchedule(t *testing.T) {
	rep := func(v pv.Money) (a [12]pv.Money) {
		for i := range a {
			a[i] = v
		}
		return a
	}
	// 1,200.07: 100.0058… each → floors 100.00, 7 fen left, equal remainders → months 1–7
	odd := rep(m("100.00"))
	for i := range 7 {
		odd[i] = m("100.01")
	}
	// profile Jan 2.00, Feb–Dec 1.00 (Σ 13.00): pool 13.00 → Jan 2.00, others 1.00
	prof := rep(m("1.00"))
	prof[0] = m("2.00")
	// profile March 1 fen, July 2 fen: 10 fen → 3.33, 6.67 → floors 3, 6; the fen to July
	sparse := make([]pv.Money, 12)
	sparse[2], sparse[6] = 1, 2
	var sparseWant [12]pv.Money
	sparseWant[2], sparseWant[6] = m("0.03"), m("0.07")
	two := [12]pv.Money{1, 1}
	tests := []struct {
		name    string
		pool    pv.Money
		profile []pv.Money
		want    [12]pv.Money
		err     error
	}{
		{name: "even", pool: m("1200.00"), want: rep(m("100.00"))},
		{name: "even with odd fen", pool: m("1200.07"), want: odd},
		{name: "two fen to the earliest months", pool: m("0.02"), want: two},
		{name: "by profile", pool: m("13.00"), profile: prof[:], want: prof},
		{name: "equal profile ties to earlier month", pool: m("0.02"), profile: func() []pv.Money { a := rep(m("7.00")); return a[:] }(), want: two},
		{name: "profile remainder", pool: m("0.10"), profile: sparse, want: sparseWant},
		{name: "profile of 5 months", pool: m("1.00"), profile: make([]pv.Money, 5), err: pv.ErrInvalidArgument},
		{name: "all-zero profile", pool: m("1.00"), profile: make([]pv.Money, 12), err: pv.ErrInvalidArgument},
		{name: "negative month", pool: m("1.00"), profile: []pv.Money{-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, err: pv.ErrNegative},
		{name: "negative pool", pool: m("-1.00"), err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MonthlySchedule(tc.pool, tc.profile)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
