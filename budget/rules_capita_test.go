package budget

import (
	"testing"

	pv "github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

func TestHeadPoints(t *testing.T) {
	weights := map[string]pv.Factor{"0-6": f("1.5"), "60+": f("2.2")}
	tests := []struct {
		name    string
		members []AgeBandMembers
		weights map[string]pv.Factor
		scale   int
		r       pv.Rounding
		want    pv.Points
		err     error
	}{
		// A80: a band the table does not list takes its "*" weight: 100 × 1.5 + 50 × 2.2
		// + 1,000 × 0.9 = 150 + 110 + 900 = 1,160
		{name: "weighted, missing band takes *", members: []AgeBandMembers{{"0-6", 100}, {"60+", 50}, {"adult", 1000}},
			weights: map[string]pv.Factor{"0-6": f("1.5"), "60+": f("2.2"), "*": f("0.9")}, scale: 4, want: pv.MustPoints("1160")},
		// without "*" it is an error (A80)
		{name: "weighted, missing band", members: []AgeBandMembers{{"0-6", 100}, {"adult", 1000}},
			weights: weights, scale: 4, err: pv.ErrPolicy},
		// V11/V12 heads: 100,000 members, no weights → 100,000 points
		{name: "no weights", members: []AgeBandMembers{{"all", 100000}}, scale: 4, want: pv.PointsFromInt(100000)},
		// two bands of one member at 0.00005: exact Σ 0.0001 → 0.0001 (rounding each would give 0.0002)
		{name: "rounded once", members: []AgeBandMembers{{"a", 1}, {"b", 1}},
			weights: map[string]pv.Factor{"a": f("0.00005"), "b": f("0.00005")}, scale: 4, want: pv.MustPoints("0.0001")},
		// 5 × 0.5 = 2.5 at scale 0: half-up 3, half-even 2
		{name: "scale 0 half-up", members: []AgeBandMembers{{"a", 5}}, weights: map[string]pv.Factor{"a": f("0.5")}, scale: 0, want: pv.PointsFromInt(3)},
		{name: "scale 0 half-even", members: []AgeBandMembers{{"a", 5}}, weights: map[string]pv.Factor{"a": f("0.5")}, scale: 0, r: pv.HalfEven, want: pv.PointsFromInt(2)},
		{name: "no members", scale: 4, want: 0},
		{name: "negative members", members: []AgeBandMembers{{"a", -1}}, scale: 4, err: pv.ErrNegative},
		{name: "negative weight", members: []AgeBandMembers{{"a", 1}}, weights: map[string]pv.Factor{"a": f("-1")}, scale: 4, err: pv.ErrNegative},
		{name: "scale 9", members: []AgeBandMembers{{"a", 1}}, scale: 9, err: pv.ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := HeadPoints(tc.members, tc.weights, tc.scale, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "got %s", got)
		})
	}
}

func TestDerivedStandard(t *testing.T) {
	tests := []struct {
		name          string
		pool, carry   pv.Money
		points        pv.Points
		risk, serious pv.Factor
		r             pv.Rounding
		want          CapitaStandard
		err           error
	}{
		// V11: (100,000,000.00 − 10,000,000.00 − 5,000,000.00) ÷ 100,000 = 850.00
		{name: "V11", pool: m("100000000.00"), points: pv.PointsFromInt(100000), risk: f("0.10"), serious: f("0.05"),
			want: CapitaStandard{Standard: m("850.00"), RiskPart: m("10000000.00"), SeriousIllnessPart: m("5000000.00")}},
		// A34: 0.35 × 0.10 = 3.5 fen → 4; 0.35 × 0.05 = 1.75 fen → 2 (together 5.25 → 5);
		// 35 − 4 − 2 = 29 fen over 1 head → 0.29
		{name: "parts rounded separately", pool: m("0.35"), points: pv.PointsFromInt(1), risk: f("0.10"), serious: f("0.05"),
			want: CapitaStandard{Standard: m("0.29"), RiskPart: m("0.04"), SeriousIllnessPart: m("0.02")}},
		// 1,000.00 ÷ 3 = 333.333… → 333.33; 2,000.00 ÷ 3 = 666.666… → 666.67
		{name: "standard rounds down", pool: m("1000.00"), points: pv.PointsFromInt(3), want: CapitaStandard{Standard: m("333.33")}},
		{name: "standard rounds up", pool: m("2000.00"), points: pv.PointsFromInt(3), want: CapitaStandard{Standard: m("666.67")}},
		// 1.00 ÷ 0.5 head point = 2.00 (fractional head points)
		{name: "fractional points", pool: m("1.00"), points: pv.MustPoints("0.5"), want: CapitaStandard{Standard: m("2.00")}},
		// 0.01 ÷ 2 = 0.005: half-up 0.01, half-even 0.00
		{name: "half-up", pool: m("0.01"), points: pv.PointsFromInt(2), want: CapitaStandard{Standard: m("0.01")}},
		{name: "half-even", pool: m("0.01"), points: pv.PointsFromInt(2), r: pv.HalfEven, want: CapitaStandard{Standard: m("0.00")}},
		{name: "zero points with money", pool: m("1.00"), err: pv.ErrZeroPoints},
		{name: "zero points, no money", pool: 0, want: CapitaStandard{}},
		// everything held back: 1.00 × 0.5 = 0.50 twice, nothing to share, zero points is fine
		{name: "zero points, all held back", pool: m("1.00"), risk: f("0.5"), serious: f("0.5"),
			want: CapitaStandard{RiskPart: m("0.50"), SeriousIllnessPart: m("0.50")}},
		// 1 fen at 0.5/0.5: both parts round up to 1 fen; the serious-illness part keeps what is left (0)
		{name: "parts never exceed the pool", pool: m("0.01"), points: pv.PointsFromInt(1), risk: f("0.5"), serious: f("0.5"),
			want: CapitaStandard{RiskPart: m("0.01")}},
		// VAR-10: (36,000,000.00 − 2,880,000.00 − 1,440,000.00 + 1,350,000.00) ÷ 48,000 =
		// 33,030,000.00 ÷ 48,000 = 688.125 → 688.13 (without the carry-over 660.00)
		{name: "VAR-10 carry-over", pool: m("36000000.00"), carry: m("1350000.00"), points: pv.PointsFromInt(48000), risk: f("0.08"), serious: f("0.04"),
			want: CapitaStandard{Standard: m("688.13"), RiskPart: m("2880000.00"), SeriousIllnessPart: m("1440000.00")}},
		{name: "VAR-10 none", pool: m("36000000.00"), points: pv.PointsFromInt(48000), risk: f("0.08"), serious: f("0.04"),
			want: CapitaStandard{Standard: m("660.00"), RiskPart: m("2880000.00"), SeriousIllnessPart: m("1440000.00")}},
		// the carry-over alone with no head points is money with no points
		{name: "VAR-10 no heads", carry: m("1.00"), err: pv.ErrZeroPoints},
		{name: "VAR-10 negative carry-over", pool: m("1.00"), carry: m("-0.01"), points: pv.PointsFromInt(1), err: pv.ErrNegative},
		{name: "ratios above 1", pool: m("1.00"), points: pv.PointsFromInt(1), risk: f("0.6"), serious: f("0.5"), err: pv.ErrRange},
		{name: "negative pool", pool: m("-1.00"), points: pv.PointsFromInt(1), err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DerivedStandard(tc.pool, tc.carry, tc.points, tc.risk, tc.serious, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestInstitutionBudget(t *testing.T) {
	tests := []struct {
		name     string
		points   pv.Points
		standard pv.Money
		r        pv.Rounding
		want     pv.Money
		err      error
	}{
		// V12: 10,000 heads × 100.00 = 1,000,000.00
		{name: "V12", points: pv.PointsFromInt(10000), standard: m("100.00"), want: m("1000000.00")},
		// 1.2345 × 850.00 = 1,049.325: half-up 1,049.33, half-even 1,049.32
		{name: "half-up", points: pv.MustPoints("1.2345"), standard: m("850.00"), want: m("1049.33")},
		{name: "half-even", points: pv.MustPoints("1.2345"), standard: m("850.00"), r: pv.HalfEven, want: m("1049.32")},
		{name: "negative points", points: -1, standard: m("1.00"), err: pv.ErrNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := InstitutionBudget(tc.points, tc.standard, tc.r)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "got %s", got)
		})
	}
}
