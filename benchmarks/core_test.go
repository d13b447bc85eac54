package benchmarks

import (
	"context"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

// testCases is the size of the data sets the tests build (fast enough for go test).
const testCases = 30_000

// TestLoopsAllocNothing: the scoring loop of each method, as Settle runs it,
// allocates nothing per case.
func TestLoopsAllocNothing(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			d, err := buildLoop(method, testCases)
			require.NoError(t, err)
			allocs := testing.AllocsPerRun(5, func() {
				if err := d.scoreAll(); err != nil {
					t.Fatal(err)
				}
			})
			require.Zero(t, allocs)
		})
	}
}

// TestLoopEqualsScore: the loop's points and outcome are Score's, case by case
// (the fast path of normal cases included).
func TestLoopEqualsScore(t *testing.T) {
	d, err := buildLoop(synth.DRG, testCases)
	require.NoError(t, err)
	require.NoError(t, d.scoreAll())
	in := &d.drgIn
	classes := map[string]int{}
	for f := range d.rows {
		for _, i := range d.rows[f] {
			r, err := d.drg[f].Score(&drg.Case{Cost: in.Cost[i], Hospital: int32(in.Hospital[i]), Group: in.Group[i],
				Flags: in.Flags[i], Special: in.Special[i]})
			require.NoError(t, err)
			require.Equal(t, r.Points, d.drgOut.Points[i], "row %d", i)
			require.Equal(t, r.Class, d.drgOut.Outcome[i].Class(), "row %d", i)
			classes[r.Class.String()]++
		}
	}
	for _, c := range []string{"normal", "high", "low", "incomplete", "unstable", "ungrouped", "special"} {
		require.Positive(t, classes[c], "class %s: %v", c, classes)
	}
}

// TestNaiveIsFaithful: the naive baseline is a real DRG-5, not a strawman.
// Case by case it gives drg.Scorer's points, except where a straightforward
// decimal implementation is wrong: its Div stops at 16 digits, so a formula
// whose exact value is a half-way tie can land just below it and round down.
// Example: base 38.25, coef 0.909, cost 17164.36, reference RW × M = 0.3825 ×
// 10000 = 3825, T = 3, so high: 38.25 × 0.909 + 38.25 × (17164.36/3825 − 3) =
// 34.76925 + (171.6436 − 114.75) = 91.66285 exactly → 91.6629 half-up; the
// naive ratio 4.4874143790849673 (truncated from 4.48741437908496732…) gives
// 91.662849999… → 91.6628. Such misses are one unit of the 4th decimal and rare.
func TestNaiveIsFaithful(t *testing.T) {
	d, err := buildLoop(synth.DRG, testCases)
	require.NoError(t, err)
	require.NoError(t, d.scoreAll())
	recs, m := naiveDRG(d)
	step := pointvalue.Points(10_000) // 0.0001 point
	misses := 0
	var diff [param.NumFunds]map[string]pointvalue.Points
	var exact [param.NumFunds]map[string]pointvalue.Points
	for f := range d.rows {
		diff[f], exact[f] = map[string]pointvalue.Points{}, map[string]pointvalue.Points{}
		for _, i := range d.rows[f] {
			want := d.drgOut.Points[i]
			got := pointsOf(naiveScore(&recs[i], m[f]))
			exact[f][recs[i].hospital] += want
			if got != want {
				misses++
				require.True(t, got-want == step || want-got == step, "row %d: naive %s, exact %s", i, got.Format(8), want.Format(8))
				diff[f][recs[i].hospital] += got - want
			}
		}
	}
	t.Logf("%d of %d naive results differ from the exact ones", misses, d.n)
	require.Less(t, misses*1000, d.n)
	sums := naiveLoop(recs, m, d)
	for f := range sums {
		require.NotEmpty(t, sums[f])
		for h, s := range sums[f] {
			require.Equal(t, exact[f][h]+diff[f][h], pointsOf(s), "fund %d hospital %s", f, h)
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
// strict mode, every case is settled and its ledger balances; the streamed
// year writes the same outputs.
func TestYearSettles(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			y, err := buildYear(method, 5000)
			require.NoError(t, err)
			in, err := y.read()
			require.NoError(t, err)
			require.Equal(t, 5000, in.Cases.Len())
			res, err := budget.Settle(context.Background(), in, budget.Options{})
			require.NoError(t, err)
			require.True(t, res.Balanced())
			require.Equal(t, 5000, res.NumCases())
			require.NoError(t, writeAll(res))
		})
	}
}
