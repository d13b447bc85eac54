package dip

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/param"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// varHistory is VAR-5's one-year history: group A (K35.8) costs 6,000 and 6,600
// (m_A 6,300.00), group B (J18.9) 4,200 (m_B 4,200.00); every case 16,800 over 3
// = 5,600.00. CoreMinCases 1: both core.
func varHistory() []HistoryCase {
	return []HistoryCase{
		hcase(2024, "K35.8", "", Conservative, param.Tertiary, "6000.00"),
		hcase(2024, "K35.8", "", Conservative, param.Secondary, "6600.00"),
		hcase(2024, "J18.9", "", Conservative, param.Tertiary, "4200.00"),
	}
}

// VAR-5's reference vector through the builder: A = 6,300 ÷ 5,600 × 1000 =
// 1125.0000 (average); 6,300 ÷ 4,200 × 1000 = 1500.0000 with base-group B, B
// itself 1000.0000; 6,300 ÷ 3,600 × 1000 = 1750.0000 with fixed-quota 3,600.00
// (B 4,200 ÷ 3,600 × 1000 = 1166.6666… → 1166.6667). The report's M is the base used.
func TestBuildCatalogScoreBase(t *testing.T) {
	for _, tc := range []struct {
		base     string
		a, b     string
		m        string
		scaleOne bool
	}{
		{base: "average", a: "1125", b: "750", m: "5600.00"},
		{base: "base-group:J18.9", a: "1500", b: "1000", m: "4200.00"},
		{base: "base-group:ｊ18.9", a: "1500", b: "1000", m: "4200.00"}, // codes compared after NFKC and upper case (ERR-6)
		{base: "fixed-quota:3600.00", a: "1750", b: "1166.6667", m: "3600.00"},
		// the draft's 标准定额 form: ScoreScale 1, a group costing the quota scores 1
		{base: "fixed-quota:6300", a: "1", b: "0.6667", m: "6300.00", scaleOne: true},
	} {
		t.Run(tc.base, func(t *testing.T) {
			b, err := ParseScoreBase(tc.base)
			require.NoError(t, err)
			opt := BuildOptions{YearWeights: oneYear, CoreMinCases: 1, ScoreBase: b}
			if tc.scaleOne {
				opt.ScoreScale = 1
			}
			c, rep, err := BuildCatalog(varHistory(), opt)
			require.NoError(t, err)
			require.Equal(t, "J18.9", c.Groups[0].Code)
			require.Equal(t, "K35.8", c.Groups[1].Code)
			require.Equal(t, pts(tc.a), c.Groups[1].Score)
			require.Equal(t, pts(tc.b), c.Groups[0].Score)
			require.Equal(t, money(tc.m), rep.M)
			require.Equal(t, money("5600.00"), rep.Average)
			require.Equal(t, b, rep.ScoreBase)
		})
	}
}

func TestScoreBaseErrors(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"median", "score base median: want average, base-group:<code> or fixed-quota:<amount>"},
		{"average:1", "score base average:1: want average, base-group:<code> or fixed-quota:<amount>"},
		{"base-group:", "score base base-group:: base-group needs a group code"},
		{"fixed-quota:0", "score base fixed-quota:0: the quota is an amount > 0 with at most 2 decimals"},
		{"fixed-quota:-3", "score base fixed-quota:-3: the quota is an amount > 0 with at most 2 decimals"},
		{"fixed-quota:3600.001", "score base fixed-quota:3600.001: the quota is an amount > 0 with at most 2 decimals"},
		{"fixed-quota:x", "score base fixed-quota:x: the quota is an amount > 0 with at most 2 decimals"},
	} {
		_, err := ParseScoreBase(tc.base)
		var se *ScoreBaseError
		require.ErrorAs(t, err, &se, tc.base)
		require.ErrorIs(t, err, pv.ErrInvalidArgument)
		require.Equal(t, tc.want, err.Error())
	}
	_, err := ParseScoreBase("fixed-quota:3600.001")
	require.ErrorIs(t, err, pv.ErrPrecision)

	// A base group not built, or built with no kept case in a weighted year.
	h := append(varHistory(), hcase(2023, "I21.9", "", Conservative, param.Tertiary, "9000.00"))
	opt := BuildOptions{YearWeights: []pv.Factor{0, pv.One}, CoreMinCases: 1}
	for base, want := range map[string]string{
		"base-group:X99":   "score base base-group:X99: no group X99 was built from the history",
		"base-group:I21.9": "score base base-group:I21.9: the base group has no kept case with a cost in a weighted year",
	} {
		opt.ScoreBase, err = ParseScoreBase(base)
		require.NoError(t, err)
		_, _, err = BuildCatalog(h, opt)
		var se *ScoreBaseError
		require.True(t, errors.As(err, &se), base)
		require.Equal(t, want, err.Error())
	}
	_, _, err = BuildCatalog(varHistory(), BuildOptions{ScoreBase: ScoreBase{Kind: BaseQuota}})
	require.ErrorIs(t, err, pv.ErrInvalidArgument)
}

// Section 11 item 6 holds for a base group (both m_g scale alike), not for a fixed quota.
func TestScoreBaseScale(t *testing.T) {
	h := varHistory()
	hk := varHistory()
	for i := range hk {
		hk[i].Cost *= 3
	}
	for _, base := range []string{"base-group:J18.9", "fixed-quota:3600"} {
		b, _ := ParseScoreBase(base)
		opt := BuildOptions{YearWeights: oneYear, CoreMinCases: 1, ScoreBase: b}
		c1, _, err := BuildCatalog(h, opt)
		require.NoError(t, err)
		c2, _, err := BuildCatalog(hk, opt)
		require.NoError(t, err)
		require.Equal(t, base == "base-group:J18.9", c1.Groups[1].Score == c2.Groups[1].Score, base)
	}
}
