package benchmarks

import (
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

// testCases is the size of the data sets the tests build (fast enough for go test).
const testCases = 30_000

// TestDRGCoreLoopAllocsNothing: scoring + accumulating 1000 cases allocates
// nothing once the accumulator is sized.
func TestDRGCoreLoopAllocsNothing(t *testing.T) {
	d, err := buildDRG(testCases)
	require.NoError(t, err)
	var sub drgData
	sub.w, sub.scorers = d.w, d.scorers
	for f := range d.cases {
		sub.cases[f] = d.cases[f][:min(500, len(d.cases[f]))]
	}
	require.Equal(t, 1000, len(sub.cases[0])+len(sub.cases[1]))
	acc := pointvalue.NewAccumulator(param.NumFunds, len(d.w.hospitals))
	allocs := testing.AllocsPerRun(10, func() {
		if err := drgLoop(&sub, acc); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

// TestDIPCoreLoopAllocsNothing: grouping + scoring + accumulating allocates nothing.
func TestDIPCoreLoopAllocsNothing(t *testing.T) {
	d, err := buildDIP(testCases)
	require.NoError(t, err)
	var sub dipData
	sub.w, sub.scorers = d.w, d.scorers
	for f := range d.cases {
		sub.cases[f] = d.cases[f][:min(500, len(d.cases[f]))]
	}
	acc := pointvalue.NewAccumulator(param.NumFunds, len(d.w.hospitals))
	allocs := testing.AllocsPerRun(10, func() {
		if err := dipLoop(&sub, acc); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

// TestNaiveIsFaithful: the naive baseline is a real DRG-5, not a strawman.
// Case by case it gives drg.Scorer's points, except where a straightforward
// decimal implementation is wrong: its Div stops at 16 digits, so a formula
// whose exact value is a half-way tie can land just below it and round down.
// Example (fund 0, case 2501 of this sample): base 38.25, coef 0.909, cost
// 17164.36, reference RW × M = 0.3825 × 10000 = 3825, T = 3, so high:
// 38.25 × 0.909 + 38.25 × (17164.36/3825 − 3) = 34.76925 + (171.6436 − 114.75)
// = 91.66285 exactly → 91.6629 half-up; the naive ratio 4.4874143790849673
// (truncated from 4.48741437908496732…) gives 91.662849999… → 91.6628. Such
// misses are one unit of the 4th decimal and rare; the per-hospital sums are
// the accumulator's plus exactly those differences.
func TestNaiveIsFaithful(t *testing.T) {
	d, err := buildDRG(testCases)
	require.NoError(t, err)
	recs, m := naiveDRG(d)
	classes := map[string]int{}
	step := pointvalue.Points(10_000) // 0.0001 point
	misses, total := 0, 0
	var diff [param.NumFunds]map[string]pointvalue.Points
	for f := range d.cases {
		diff[f] = map[string]pointvalue.Points{}
		for i := range d.cases[f] {
			want, err := d.scorers[f].Score(&d.cases[f][i])
			require.NoError(t, err)
			classes[want.Class.String()]++
			total++
			got := pointsOf(naiveScore(&recs[f][i], m[f]))
			if got != want.Points {
				misses++
				require.True(t, got-want.Points == step || want.Points-got == step,
					"fund %d case %d (%s): naive %s, drg %s", f, i, want.Class, got.Format(8), want.Points.Format(8))
				diff[f][recs[f][i].hospital] += got - want.Points
			}
		}
	}
	t.Logf("%d of %d naive results differ from the exact ones", misses, total)
	require.Less(t, misses*1000, total, "%d of %d cases differ", misses, total)
	// The sample exercises every class the naive code has a branch for.
	for _, c := range []string{"normal", "high", "low", "incomplete", "unstable", "ungrouped", "special"} {
		require.Positive(t, classes[c], "class %s: %v", c, classes)
	}
	sums := naiveLoop(&recs, &m)
	acc := pointvalue.NewAccumulator(param.NumFunds, len(d.w.hospitals))
	require.NoError(t, drgLoop(d, acc))
	for f := range sums {
		require.NotEmpty(t, sums[f])
		for i, h := range d.w.hospitals {
			require.Equal(t, acc.Row(f, i).Points+diff[f][h.ID], pointsOf(sums[f][h.ID]), "fund %d hospital %s", f, h.ID)
		}
	}
}

// TestFloorSums: the floor reads every cost (1 + 2 + … + 100 = 5050).
func TestFloorSums(t *testing.T) {
	costs := make([]int64, 100)
	for i := range costs {
		costs[i] = int64(i + 1)
	}
	require.Equal(t, int64(5050), floorSum(costs))
}

// TestYearSettles: the whole-year input the benchmarks settle is accepted in
// strict mode and its ledger balances; the CSV path reads back every case.
func TestYearSettles(t *testing.T) {
	for _, method := range []string{"drg", "dip"} {
		t.Run(method, func(t *testing.T) {
			y, err := buildYear(method, 5000)
			require.NoError(t, err)
			require.Len(t, y.in.Cases, 5000)
			res, err := budget.Settle(y.in)
			require.NoError(t, err)
			require.True(t, res.Balanced())
			require.Len(t, res.Cases, 5000)
			in, err := y.read()
			require.NoError(t, err)
			require.Equal(t, y.in.Cases, in.Cases)
		})
	}
}
