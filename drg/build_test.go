package drg

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// hc is a history case of a group in a year, cost in yuan.
func hc(year int, group, hosp, cost string) HistoryCase {
	return HistoryCase{Year: year, Group: group, Hospital: hosp, Cost: money(cost)}
}

// repeat gives n cases of the same cost.
func repeat(n int, year int, group, cost string) []HistoryCase {
	out := make([]HistoryCase, n)
	for i := range out {
		out[i] = hc(year, group, "H1", cost)
	}
	return out
}

type rwWant struct {
	code   string
	rw     string
	avg    string // "" = 0
	stable bool
}

func checkTable(t *testing.T, w *Weights, want []rwWant) {
	t.Helper()
	require.Equal(t, len(want), w.Len(), "groups")
	for i, g := range w.Groups {
		wt := want[i]
		require.Equal(t, wt.code, g.Code)
		require.Equal(t, factor(wt.rw), g.Weight, "%s RW", g.Code)
		avg := pointvalue.Money(0)
		if wt.avg != "" {
			avg = money(wt.avg)
		}
		require.Equal(t, avg, g.AvgCost, "%s avg_cost", g.Code)
		require.Equal(t, wt.stable, g.Stable, "%s stable", g.Code)
	}
}

// The three-year history of the hand-worked tests (weights 0.1, 0.2, 0.7):
//
//	A: 2022 1000; 2023 2000; 2024 3000, 5000
//	B: 2022 1000; 2024 4000
//	C: 2022 1000, 3000 (no case in the latest year)
//	ungrouped: 2024 99999 (in no average)
func threeYears() []HistoryCase {
	return []HistoryCase{
		hc(2022, "A", "H1", "1000"), hc(2023, "A", "H1", "2000"), hc(2024, "A", "H2", "3000"), hc(2024, "A", "H2", "5000"),
		hc(2024, "B", "H1", "4000"), hc(2022, "B", "H2", "1000"),
		hc(2022, "C", "H1", "1000"), hc(2022, "C", "H2", "3000"),
		hc(2024, "", "H1", "99999"),
	}
}

func TestBuildWeightsHandWorked(t *testing.T) {
	t.Run("weighted years, latest-year reference", func(t *testing.T) {
		// Untrimmed. Σw·cost and Σw·n per group:
		//   A: 0.1·1000 + 0.2·2000 + 0.7·8000 = 6100; 0.1 + 0.2 + 0.7·2 = 1.7 → m = 3588.24
		//   B: 0.1·1000 + 0.7·4000 = 2900; 0.8 → m = 3625
		//   C: 0.1·4000 = 400; 0.2 → m = 2000
		//   M = 9400 ÷ 2.7 = 3481.48
		// RW_A = 6100·2.7 ÷ (1.7·9400) = 16470 ÷ 15980 = 1.030663 → 1.0307
		// RW_B = 2900·2.7 ÷ (0.8·9400) = 7830 ÷ 7520 = 1.041223 → 1.0412
		// RW_C = 400·2.7 ÷ (0.2·9400) = 1080 ÷ 1880 = 0.574468 → 0.5745
		// avg_cost: A (3000 + 5000) ÷ 2 = 4000; B 4000; C none in 2024 → m_C = 2000.
		// Stable (min 2 cases, max CV 1): A {1000, 2000, 3000, 5000}: mean 2750,
		// σ² = 9 750 000 − 7 562 500 = 2 187 500, CV = 1479.02 ÷ 2750 = 0.5378;
		// B {1000, 4000}: CV 1500 ÷ 2500 = 0.6; C {1000, 3000}: CV 0.5.
		w, rep, err := BuildWeights(threeYears(), map[string]string{"A": "甲"}, BuildOptions{Trim: TrimNone, StableMinCases: 2})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{
			{"A", "1.0307", "4000", true},
			{"B", "1.0412", "4000", true},
			{"C", "0.5745", "2000", true},
		})
		require.Equal(t, "甲", w.Groups[0].Name)
		require.Equal(t, "B", w.Groups[1].Name, "a code without a name is named by itself")
		require.Equal(t, []int{2022, 2023, 2024}, rep.Years)
		require.Equal(t, 9, rep.Cases)
		require.Equal(t, 1, rep.Ungrouped)
		require.Equal(t, money("3481.48"), rep.M) // 9400 ÷ 2.7 = 3481.481…
		require.Equal(t, money("3588.24"), rep.Groups[0].Mean)
		require.Equal(t, factor("0.53782543"), rep.Groups[0].CV) // √2 187 500 ÷ 2750 = 1479.0199 ÷ 2750 = 0.5378254348…, truncated
		require.Equal(t, factor("0.6"), rep.Groups[1].CV)
	})
	t.Run("stable needs the raw count (default 5)", func(t *testing.T) {
		w, _, err := BuildWeights(threeYears(), nil, BuildOptions{Trim: TrimNone})
		require.NoError(t, err)
		for _, g := range w.Groups {
			require.False(t, g.Stable, g.Code)
		}
	})
	t.Run("CV boundary", func(t *testing.T) {
		// one year, weight 1. S {100, 300}: mean 200, σ 100, CV 0.5 = max → stable;
		// U {100, 301}: CV 100.5 ÷ 200.5 > 0.5 → unstable. M = 801 ÷ 4 = 200.25:
		// RW_S = 200 ÷ 200.25 = 0.998752 → 0.9988; RW_U = 200.5 ÷ 200.25 = 1.001248 → 1.0012.
		h := []HistoryCase{hc(2024, "S", "H1", "100"), hc(2024, "S", "H1", "300"), hc(2024, "U", "H1", "100"), hc(2024, "U", "H1", "301")}
		w, _, err := BuildWeights(h, nil, BuildOptions{Trim: TrimNone, YearWeights: []pointvalue.Factor{pointvalue.One},
			StableMinCases: 2, StableMaxCV: factor("0.5")})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{{"S", "0.9988", "200", true}, {"U", "1.0012", "200.50", false}})
	})
}

func TestBuildWeightsTrim(t *testing.T) {
	// One year. T1: nine cases of 100 and one of 1000: n 10, mean 190,
	// σ² = 1 090 000 ÷ 10 − 190² = 72 900, σ = 270: mean + 3σ = 1000 exactly → kept.
	// T2: ten of 100 and one of 1000: mean 181.82, σ² = 1 100 000 ÷ 11 − 181.82² =
	// 66 942.15, σ = 258.73: mean + 3σ = 958.0 < 1000 → dropped.
	h := append(append(repeat(9, 2024, "T1", "100"), hc(2024, "T1", "H1", "1000")),
		append(repeat(10, 2024, "T2", "100"), hc(2024, "T2", "H1", "1000"))...)
	one := []pointvalue.Factor{pointvalue.One}
	t.Run("mean ± 3 SD (default)", func(t *testing.T) {
		// kept: T1 1900 ÷ 10 = 190, T2 1000 ÷ 10 = 100, M = 2900 ÷ 20 = 145.
		// RW_T1 = 190 ÷ 145 = 1.310345 → 1.3103; RW_T2 = 100 ÷ 145 = 0.689655 → 0.6897.
		// Stable: T1 CV = 270 ÷ 190 = 1.42 > 1; T2 kept all 100: CV 0.
		// avg_cost is over the kept cases: T2 100.
		w, rep, err := BuildWeights(h, nil, BuildOptions{YearWeights: one})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{{"T1", "1.3103", "190", false}, {"T2", "0.6897", "100", true}})
		require.Equal(t, 1, rep.Trimmed)
		require.Equal(t, 11, rep.Groups[1].Cases, "raw count before trimming")
		require.Equal(t, 10, rep.Groups[1].Kept)
	})
	t.Run("none", func(t *testing.T) {
		// T2: 2000 ÷ 11; M = 3900 ÷ 21. RW_T1 = 190·21 ÷ 3900 = 1.023077 → 1.0231;
		// RW_T2 = 2000·21 ÷ (11·3900) = 42000 ÷ 42900 = 0.979021 → 0.9790. avg T2 181.82.
		w, _, err := BuildWeights(h, nil, BuildOptions{YearWeights: one, Trim: TrimNone})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{{"T1", "1.0231", "190", false}, {"T2", "0.9790", "181.82", false}})
	})
	t.Run("K = 2", func(t *testing.T) {
		// T1: mean + 2σ = 730 < 1000 → dropped, kept nine of 100.
		// T2 as with K = 3. All kept costs are 100: every RW is 1.
		w, _, err := BuildWeights(h, nil, BuildOptions{YearWeights: one, K: factor("2")})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{{"T1", "1", "100", true}, {"T2", "1", "100", true}})
	})
	t.Run("percentile", func(t *testing.T) {
		// P: 80 cases costing 1 … 80 yuan. Nearest rank: P2.5 = rank ⌈2⌉ = 2,
		// P97.5 = rank ⌈78⌉ = 78: kept 2 … 78, mean 40. Q: 10 cases of 50 (kept).
		// M = (77·40 + 500) ÷ 87 = 3580 ÷ 87; RW_P = 40·87 ÷ 3580 = 0.972067 → 0.9721;
		// RW_Q = 50·87 ÷ 3580 = 1.215084 → 1.2151.
		var p []HistoryCase
		for i := 1; i <= 80; i++ {
			p = append(p, HistoryCase{Year: 2024, Group: "P", Cost: pointvalue.Yuan(int64(i))})
		}
		p = append(p, repeat(10, 2024, "Q", "50")...)
		w, rep, err := BuildWeights(p, nil, BuildOptions{YearWeights: one, Trim: TrimPercentile})
		require.NoError(t, err)
		checkTable(t, w, []rwWant{{"P", "0.9721", "40", true}, {"Q", "1.2151", "50", true}})
		require.Equal(t, 3, rep.Trimmed)
	})
}

// V6: a group averaging 15,000 in a region averaging 10,000 has RW 1.5 and
// base points 150.0000 (DRG-3).
func TestBuildWeightsV6(t *testing.T) {
	h := []HistoryCase{hc(2024, "X", "H1", "15000"), hc(2024, "Y", "H1", "5000")}
	w, rep, err := BuildWeights(h, nil, BuildOptions{YearWeights: []pointvalue.Factor{pointvalue.One}, Trim: TrimNone})
	require.NoError(t, err)
	require.Equal(t, money("10000"), rep.M)
	s, err := newTestScorer(w, defaultTestParams(), nil)
	require.NoError(t, err)
	g, ok := w.Lookup("X")
	require.True(t, ok)
	base, ok := s.Base(g)
	require.True(t, ok)
	require.Equal(t, "150.0000", base.Format(4))
}

// Section 11 item 6: multiplying every history cost by k leaves the RWs and
// stable flags unchanged (avg_cost scales by k, up to the fen).
func TestBuildWeightsScaleInvariance(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 11))
	var h []HistoryCase
	for i := 0; i < 3000; i++ {
		g := string(rune('A' + r.IntN(12)))
		cost := pointvalue.Money(int64(g[0]-'A'+1)*50_000 + r.Int64N(400_000))
		if r.IntN(50) == 0 {
			cost *= 8 // outliers for the trimming rules
		}
		h = append(h, HistoryCase{Year: 2022 + r.IntN(3), Group: g, Hospital: "H", Cost: cost})
	}
	for _, trim := range []TrimRule{TrimNone, TrimSD, TrimPercentile} {
		for _, k := range []int64{3, 7, 1001} {
			t.Run(trim.String()+"/k="+strconv.FormatInt(k, 10), func(t *testing.T) {
				opt := BuildOptions{Trim: trim}
				w1, _, err := BuildWeights(h, nil, opt)
				require.NoError(t, err)
				hk := make([]HistoryCase, len(h))
				for i, c := range h {
					hk[i] = c
					hk[i].Cost = c.Cost * pointvalue.Money(k)
				}
				w2, _, err := BuildWeights(hk, nil, opt)
				require.NoError(t, err)
				require.Equal(t, w1.Len(), w2.Len())
				for i := range w1.Groups {
					require.Equal(t, w1.Groups[i].Weight, w2.Groups[i].Weight, w1.Groups[i].Code)
					require.Equal(t, w1.Groups[i].Stable, w2.Groups[i].Stable, w1.Groups[i].Code)
				}
			})
		}
	}
}

func TestBuildWeightsErrors(t *testing.T) {
	t.Run("year before the window", func(t *testing.T) {
		h := []HistoryCase{hc(2024, "A", "H", "1"), {Year: 2020, Group: "A", Cost: 100, Line: 7}}
		_, _, err := BuildWeights(h, nil, BuildOptions{})
		var list *pointvalue.ErrorList
		require.ErrorAs(t, err, &list)
		require.Len(t, list.Errors, 1)
		require.Equal(t, "history:7: year: 2020: value out of range: before the first weighted year 2022", list.Errors[0].Error())
	})
	t.Run("negative cost", func(t *testing.T) {
		_, _, err := BuildWeights([]HistoryCase{{Year: 2024, Group: "A", Cost: -1}}, nil, BuildOptions{Source: "h.csv"})
		require.ErrorIs(t, err, pointvalue.ErrNegative)
		require.Contains(t, err.Error(), "h.csv:1: total_cost: -0.01")
	})
	t.Run("zero M", func(t *testing.T) {
		_, _, err := BuildWeights([]HistoryCase{{Year: 2024, Group: "A"}}, nil, BuildOptions{})
		require.ErrorIs(t, err, pointvalue.ErrRange)
	})
	t.Run("bad options", func(t *testing.T) {
		for name, opt := range map[string]BuildOptions{
			"no positive weight": {YearWeights: []pointvalue.Factor{0}},
			"negative weight":    {YearWeights: []pointvalue.Factor{-1, pointvalue.One}},
			"negative K":         {K: -1},
			"trim":               {Trim: 9},
		} {
			_, _, err := BuildWeights(threeYears(), nil, opt)
			require.Error(t, err, name)
		}
		_, _, err := BuildWeights(nil, nil, BuildOptions{})
		require.ErrorIs(t, err, pointvalue.ErrInvalidArgument)
	})
	t.Run("group only in a zero-weight year is dropped", func(t *testing.T) {
		h := []HistoryCase{hc(2023, "OLD", "H", "100"), hc(2024, "NEW", "H", "100")}
		w, rep, err := BuildWeights(h, nil, BuildOptions{YearWeights: []pointvalue.Factor{0, pointvalue.One}})
		require.NoError(t, err)
		require.Equal(t, 1, w.Len())
		require.True(t, rep.Groups[1].Dropped)
		require.Equal(t, "OLD", rep.Groups[1].Code)
	})
}

func TestWeightsWriteRoundTrip(t *testing.T) {
	w, err := NewWeights([]Group{
		{Code: "AA19", Name: "心脏移植, 含\"引号\"", Weight: factor("18.2858"), Stable: true},
		{Code: "GB11", Name: "胃", Weight: factor("1.23456789"), AvgCost: money("12345.6"), Stable: false},
	})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, w.Write(&buf))
	want := "drg_code,weight,name,avg_cost,stable\n" +
		"AA19,18.2858,\"心脏移植, 含\"\"引号\"\"\",,1\n" +
		"GB11,1.23456789,胃,12345.60,0\n"
	require.Equal(t, want, buf.String())
	back, err := ReadWeights(strings.NewReader(buf.String()), "weights.csv")
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(w.Groups, back.Groups))
}

func TestBuildWeightsWriteReadBack(t *testing.T) {
	w, _, err := BuildWeights(threeYears(), nil, BuildOptions{Trim: TrimNone, StableMinCases: 2})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, w.Write(&buf))
	require.Equal(t, "drg_code,weight,name,avg_cost,stable\nA,1.0307,A,4000.00,1\nB,1.0412,B,4000.00,1\nC,0.5745,C,2000.00,1\n", buf.String())
	back, err := ReadWeights(&buf, "weights.csv")
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(w.Groups, back.Groups))
}

func TestHospitalCoefficients(t *testing.T) {
	// Weights (stable A and B, unstable U). One history year, weight 1.
	//   A: H1 100, 300; H2 200 → m_A = 600 ÷ 3 = 200
	//   B: H1 1000; H2 3000, 2000 → m_B = 6000 ÷ 3 = 2000
	//   U (unstable) and ungrouped cases do not count.
	// H1: actual 100 + 300 + 1000 = 1400, expected 2·200 + 2000 = 2400 → raw 0.583333
	// H2: actual 200 + 5000 = 5200, expected 200 + 2·2000 = 4200 → raw 1.238095
	// blend 1: 0.5833, 1.2381; blend 0.5: 1 + 0.5·(raw − 1) = 0.791667 → 0.7917, 1.119048 → 1.1190.
	w, err := NewWeights([]Group{
		{Code: "A", Name: "A", Weight: factor("1"), Stable: true},
		{Code: "B", Name: "B", Weight: factor("10"), Stable: true},
		{Code: "U", Name: "U", Weight: factor("1"), Stable: false},
	})
	require.NoError(t, err)
	h := []HistoryCase{
		hc(2024, "A", "H1", "100"), hc(2024, "A", "H1", "300"), hc(2024, "A", "H2", "200"),
		hc(2024, "B", "H1", "1000"), hc(2024, "B", "H2", "3000"), hc(2024, "B", "H2", "2000"),
		hc(2024, "U", "H1", "99999"), hc(2024, "", "H2", "99999"), hc(2024, "ZZ", "H3", "5"),
	}
	one := []pointvalue.Factor{pointvalue.One}
	for _, tc := range []struct {
		blend  string
		h1, h2 string
	}{{"1", "0.5833", "1.2381"}, {"0.5", "0.7917", "1.119"}, {"0", "1", "1"}} {
		t.Run("blend "+tc.blend, func(t *testing.T) {
			got, err := HospitalCoefficients(h, w, one, factor(tc.blend))
			require.NoError(t, err)
			require.Equal(t, map[string]pointvalue.Factor{"H1": factor(tc.h1), "H2": factor(tc.h2)}, got)
		})
	}
	t.Run("weighted years", func(t *testing.T) {
		// A: 2023 H1 100 (w 0.3); 2024 H2 300 (w 0.7). m_A = (30 + 210) ÷ 1 = 240.
		// H1: 30 ÷ (0.3·240 = 72) = 0.416667 → 0.4167; H2: 210 ÷ 168 = 1.25.
		h := []HistoryCase{hc(2023, "A", "H1", "100"), hc(2024, "A", "H2", "300")}
		got, err := HospitalCoefficients(h, w, []pointvalue.Factor{factor("0.3"), factor("0.7")}, pointvalue.One)
		require.NoError(t, err)
		require.Equal(t, map[string]pointvalue.Factor{"H1": factor("0.4167"), "H2": factor("1.25")}, got)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := HospitalCoefficients(h, w, one, factor("1.5"))
		require.ErrorIs(t, err, pointvalue.ErrInvalidArgument)
		_, err = HospitalCoefficients(h, nil, one, pointvalue.One)
		require.ErrorIs(t, err, pointvalue.ErrInvalidArgument)
		// H1 spends nothing: raw 0, coefficient 0 cannot go in hospitals.csv.
		_, err = HospitalCoefficients([]HistoryCase{hc(2024, "A", "H1", "0"), hc(2024, "A", "H2", "100")}, w, one, pointvalue.One)
		require.True(t, errors.Is(err, pointvalue.ErrRange), "%v", err)
	})
	t.Run("write", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteCoefficients(&buf, map[string]pointvalue.Factor{"H2": factor("1.2381"), "H1": factor("0.5")}))
		require.Equal(t, "hospital_id,coefficient\nH1,0.5000\nH2,1.2381\n", buf.String())
	})
}
