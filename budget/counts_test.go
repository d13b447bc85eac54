package budget_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
)

// TestCaseCounts: the summary's counts are the cases' classes and flags
// counted one by one, in memory and streamed alike, on random years (with
// ungrouped, unknown-group, refused and readmitted cases).
func TestCaseCounts(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(14, 8))}
	var total budget.CaseCounts
	for run := range 60 {
		p := g.policy()
		in, cases := g.input(t, p)
		res := propSettle(t, run, in, cases)
		var want budget.CaseCounts
		for c := range res.Cases() {
			want.ByClass[c.Method][c.Class]++
			flags := strings.Split(c.Flags, "|")
			for name, n := range map[string]*int64{"ungrouped": &want.Ungrouped, "unknown-group": &want.UnknownGroup,
				"special-refused": &want.SpecialRefused, "readmission": &want.Readmitted} {
				if slices.Contains(flags, name) {
					*n++
				}
			}
		}
		got := res.CaseCounts()
		require.Equal(t, want, got, "run %d", run)
		require.Equal(t, int64(res.NumCases()), got.Total())
		if run%10 == 0 {
			in.Cases = budget.NewBatch(cases)
			s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{Window: 7, TempDir: t.TempDir()})
			require.NoError(t, err)
			require.NoError(t, s.Add(in.Cases))
			sres, err := s.Settle()
			require.NoError(t, err)
			require.Equal(t, want, sres.CaseCounts(), "run %d streamed", run)
			s.Close()
		}
		total.Ungrouped += got.Ungrouped
		total.UnknownGroup += got.UnknownGroup
		total.Readmitted += got.Readmitted
		total.SpecialRefused += got.SpecialRefused
	}
	require.Positive(t, total.Ungrouped)
	require.Positive(t, total.UnknownGroup)
	require.Positive(t, total.SpecialRefused)
	t.Logf("%+v", total)
}
