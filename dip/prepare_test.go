package dip

import (
	"github.com/dipdrg/dipdrg/param"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func day(m time.Month, d int) pv.Date { return pv.DateOf(2025, m, d) }

func flagsOf(cases []Case, f uint8) []int {
	var out []int
	for i := range cases {
		if cases[i].Flags&f != 0 {
			out = append(out, i)
		}
	}
	return out
}

func TestPrepareSpecialCap(t *testing.T) {
	t.Run("region", func(t *testing.T) {
		p := defaultTestParams()
		p.SpecialMaxShare = factor("0.5") // 4 cases → limit floor(2) = 2
		s := testScorer(t, p)
		cases := []Case{
			{Hospital: hTert, Group: gPlain, Patient: NoPatient, Discharge: day(1, 10), Flags: FlagSpecial},
			{Hospital: hSec, Group: gPlain, Patient: NoPatient, Discharge: day(1, 5), Flags: FlagSpecial},
			{Hospital: hTert, Group: gPlain, Patient: NoPatient, Discharge: day(1, 1)},
			{Hospital: hSec, Group: gPlain, Patient: NoPatient, Discharge: day(1, 10), Flags: FlagSpecial},
		}
		require.NoError(t, s.Prepare(cases))
		// Kept earliest first: (Jan 5, #1), (Jan 10, #0); (Jan 10, #3) is the latest with the larger id.
		require.Equal(t, []int{3}, flagsOf(cases, FlagSpecialRefused))
		res, err := s.Score(&cases[3])
		require.NoError(t, err)
		require.Equal(t, FlagsSpecialRefused, res.Flags)
		require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-8", res.Rules.String())
	})
	t.Run("default share 千分之五", func(t *testing.T) {
		s := testScorer(t, defaultTestParams())
		// 399 cases: floor(0.005 × 399) = 1; 400: 2.
		for _, n := range []int{399, 400} {
			cases := make([]Case, n)
			for i := range cases {
				cases[i] = Case{Hospital: hTert, Group: gPlain, Patient: NoPatient, Discharge: day(3, 1)}
			}
			for i := 0; i < 3; i++ {
				cases[i].Flags = FlagSpecial
			}
			require.NoError(t, s.Prepare(cases))
			if n == 399 {
				require.Equal(t, []int{1, 2}, flagsOf(cases, FlagSpecialRefused))
			} else {
				require.Equal(t, []int{2}, flagsOf(cases, FlagSpecialRefused))
			}
		}
	})
	t.Run("hospital", func(t *testing.T) {
		p := defaultTestParams()
		p.SpecialScope = param.ScopeHospital
		p.SpecialMaxShare = factor("0.5")
		s := testScorer(t, p)
		cases := []Case{
			{Hospital: hTert, Patient: NoPatient, Discharge: day(2, 2), Flags: FlagSpecial}, // hospital 0: 2 cases → 1 kept
			{Hospital: hTert, Patient: NoPatient, Discharge: day(2, 1), Flags: FlagSpecial},
			{Hospital: hSec, Patient: NoPatient, Discharge: day(2, 9), Flags: FlagSpecial}, // hospital 1: 2 cases → 1 kept
			{Hospital: hSec, Patient: NoPatient, Discharge: day(2, 1)},
			{Hospital: hPrim, Patient: NoPatient, Discharge: day(2, 1), Flags: FlagSpecial}, // 1 case → floor(0.5) = 0
		}
		require.NoError(t, s.Prepare(cases))
		require.Equal(t, []int{0, 4}, flagsOf(cases, FlagSpecialRefused))
	})
}

func TestPrepareReadmission(t *testing.T) {
	p := defaultTestParams()
	p.SpecialMaxShare = pv.One // no approval refused here
	s := testScorer(t, p)
	cases := []Case{
		// Patient 7, hospital 0, PLAIN: #0 out Jan 10; #1 in Jan 25 (15 days: linked); #2 in Feb 15 (16 days after #1: not).
		{Patient: 7, Hospital: hTert, Group: gPlain, Admit: day(1, 1), Discharge: day(1, 10), Cost: money("25000")},
		{Patient: 7, Hospital: hTert, Group: gPlain, Admit: day(1, 25), Discharge: day(1, 30), Cost: money("10000")},
		{Patient: 7, Hospital: hTert, Group: gPlain, Admit: day(2, 15), Discharge: day(2, 20), Cost: money("10000")},
		// Same patient, other group or other hospital: no link to #0.
		{Patient: 7, Hospital: hTert, Group: gOdd, Admit: day(1, 12), Discharge: day(1, 13)},
		{Patient: 7, Hospital: hSec, Group: gPlain, Admit: day(1, 12), Discharge: day(1, 13)},
		// Ungrouped stays never link.
		{Patient: 8, Hospital: hTert, Group: NoGroup, Admit: day(3, 1), Discharge: day(3, 2)},
		{Patient: 8, Hospital: hTert, Group: NoGroup, Admit: day(3, 3), Discharge: day(3, 4)},
		// No patient id: never linked.
		{Patient: NoPatient, Hospital: hTert, Group: gPlain, Admit: day(4, 1), Discharge: day(4, 2)},
		{Patient: NoPatient, Hospital: hTert, Group: gPlain, Admit: day(4, 3), Discharge: day(4, 4)},
		// An approved special stay is never reduced.
		{Patient: 9, Hospital: hTert, Group: gPlain, Admit: day(5, 1), Discharge: day(5, 2), Flags: FlagSpecial, Special: pts("10")},
		{Patient: 9, Hospital: hTert, Group: gPlain, Admit: day(5, 3), Discharge: day(5, 4)},
	}
	require.NoError(t, s.Prepare(cases))
	require.Equal(t, []int{0}, flagsOf(cases, FlagReadmitted))
	// V3's 1500 × 0.5 = 750 for the earlier stay; the later one is scored normally.
	res, err := s.Score(&cases[0])
	require.NoError(t, err)
	require.Equal(t, "750.0000", res.Points.Format(4))
	require.Equal(t, FlagsReadmission, res.Flags)
	require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-7", res.Rules.String())
	res, err = s.Score(&cases[1])
	require.NoError(t, err)
	require.Equal(t, "1000.0000", res.Points.Format(4))

	// Run again: the same marks (stale ones cleared first).
	cases[5].Flags |= FlagReadmitted
	require.NoError(t, s.Prepare(cases))
	require.Equal(t, []int{0}, flagsOf(cases, FlagReadmitted))

	// ReadmitDays 14: Jan 10 → Jan 25 is 15 days, outside.
	p.ReadmitDays = 14
	require.NoError(t, testScorer(t, p).Prepare(cases))
	require.Empty(t, flagsOf(cases, FlagReadmitted))

	p.ReadmitDays = 15
	p.ReadmitRule = param.ReadmitNone
	require.NoError(t, testScorer(t, p).Prepare(cases))
	require.Empty(t, flagsOf(cases, FlagReadmitted))
}

func TestPrepareRefusedSpecialIsReduced(t *testing.T) {
	// DIP-8 runs first: a refused approval is scored normally, so DIP-7 may reduce it.
	p := defaultTestParams()
	p.SpecialMaxShare = 0 // every approval refused
	s := testScorer(t, p)
	cases := []Case{
		{Patient: 1, Hospital: hSec, Group: gPlain, Admit: day(6, 1), Discharge: day(6, 5), Cost: money("10000"), Flags: FlagSpecial, Special: pts("10")},
		{Patient: 1, Hospital: hSec, Group: gPlain, Admit: day(6, 5), Discharge: day(6, 9), Cost: money("10000")},
	}
	require.NoError(t, s.Prepare(cases))
	require.Equal(t, []int{0}, flagsOf(cases, FlagSpecialRefused))
	require.Equal(t, []int{0}, flagsOf(cases, FlagReadmitted))
	// 1000 × 0.9 × 0.5 = 450.
	res, err := s.Score(&cases[0])
	require.NoError(t, err)
	require.Equal(t, "450.0000", res.Points.Format(4))
	require.Equal(t, "readmission|special-refused", res.Flags.String())
	require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-7|DIP-8", res.Rules.String())
}

func TestPrepareErrors(t *testing.T) {
	s := testScorer(t, defaultTestParams())
	cases := []Case{{Hospital: hTert, Flags: FlagReadmitted}, {Hospital: 42}}
	require.ErrorIs(t, s.Prepare(cases), pv.ErrUnknownHospital)
	require.Equal(t, FlagReadmitted, cases[0].Flags, "nothing changed")
}
