package budget_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// explainedAll settles in with cases (ids from crossID) in memory and streamed
// (windows of 2) and returns Explained's cases, checking both give the same.
func explainedAll(t *testing.T, in budget.Input, cases []budget.Case) []budget.CaseResult {
	t.Helper()
	cases = slices.Clone(cases)
	for i := range cases {
		cases[i].ID, cases[i].Line = crossID(i), i+2
	}
	in.Cases = budget.NewBatch(cases)
	res, err := settle(in)
	require.NoError(t, err)
	var want []budget.CaseResult
	for c := range res.Explained() {
		want = append(want, c)
	}
	require.Len(t, want, len(cases))
	for k := range want {
		require.Equal(t, res.Explain(k), want[k])
	}
	s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{Window: 2, TempDir: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	slices.Reverse(cases)
	require.NoError(t, s.Add(budget.NewBatch(cases)))
	sres, err := s.Settle()
	require.NoError(t, err)
	var got []budget.CaseResult
	for c := range sres.Explained() {
		for _, p := range []*string{&c.CaseID, &c.HospitalID, &c.Group, &c.Flags, &c.Rules, &c.ReadmittedBy} {
			*p = strings.Clone(*p)
		}
		got = append(got, c)
	}
	require.NoError(t, sres.CasesErr())
	require.Equal(t, want, got, "streamed explanations")
	return want
}

// TestReadmittedBy: an earlier stay reduced by DRG-7 names the later stay that
// readmitted it — the first in discharge order when several link — in memory
// and streamed alike (cases_explained.csv's readmitted_by).
func TestReadmittedBy(t *testing.T) {
	// c000 (days 1–5), c001 (10–12) and c002 (14–16), one patient at H0 in G1:
	// c001 readmits c000 (5 days), c002 readmits c001 (2 days) — and c000 too
	// (9 days), but c000 is reduced once, by the first: c001. c003 is another
	// patient's single stay.
	got := explainedAll(t, crossDRGInput(t, nil), []budget.Case{
		drgStay("P7", 0, "G1", 1, 5), drgStay("P7", 0, "G1", 10, 12), drgStay("P7", 0, "G1", 14, 16), drgStay("P8", 0, "G1", 1, 5),
	})
	var by []string
	for _, c := range got {
		by = append(by, c.ReadmittedBy)
	}
	require.Equal(t, []string{"c001", "c002", "", ""}, by)
	// The explanation of the reduced stay: H0's coefficient 1.2, the reference 10,000.00.
	require.Equal(t, pointvalue.MustFactor("1.2"), got[0].Coef)
	require.Equal(t, pointvalue.MustMoney("10000.00"), got[0].RefCost)
	require.Equal(t, pointvalue.MustPoints("60"), got[0].Points)

	// DIP alike.
	got = explainedAll(t, crossDIPInput(t, nil), []budget.Case{
		dipStay("P7", hTert, dxPlain, jan(1), jan(5), "10000.00"), dipStay("P7", hTert, dxPlain, jan(10), jan(12), "10000.00"),
	})
	require.Equal(t, "c001", got[0].ReadmittedBy)
	require.Empty(t, got[1].ReadmittedBy)
}
