package dip

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func hcase(year int, diag, procs string, t Treatment, l param.Level, cost string) HistoryCase {
	var ps []string
	if procs != "" {
		ps = strings.Split(procs, "|")
	}
	return HistoryCase{Year: year, Diagnosis: diag, Procedures: ps, Treatment: t, Level: l, Cost: money(cost)}
}

// smallHistory is the hand-worked one-year history (CoreMinCases 3):
//
//	K35.8, no procedures: 3000 ×3                          → core K35.8
//	K35.800x001 (cut to K35.8) + 47.09: 8000 T, 9000 T, 10000 S
//	  (one written "47.09|47.09", one " 47.09|")           → core K35.8+47.09
//	K35.8 + {54.51, 47.09}, surgical: 12000, 14000 (2 < 3) → comprehensive K35-surgical
//	K35.1, no procedures, no treatment: 2000               → K35-conservative
//	K35.2 + 99.99, no treatment: 5000                      → ungrouped (A14)
//	empty diagnosis: 7000                                  → ungrouped
func smallHistory() []HistoryCase {
	return []HistoryCase{
		hcase(2024, "K35.8", "", TreatmentUnset, param.Tertiary, "3000"),
		hcase(2024, "K35.8", "", Conservative, param.Secondary, "3000"),
		hcase(2024, "K35.8", "", TreatmentUnset, param.Primary, "3000"),
		hcase(2024, "K35.800x001", "47.09", Surgical, param.Tertiary, "8000"),
		hcase(2024, "K35.8", "47.09|47.09", Surgical, param.Tertiary, "9000"),
		hcase(2024, "K35.800x002", " 47.09|", Surgical, param.Secondary, "10000"),
		hcase(2024, "K35.8", "54.51|47.09", Surgical, param.Tertiary, "12000"),
		hcase(2024, "K35.8", "47.09|54.51", Surgical, param.Tertiary, "14000"),
		hcase(2024, "K35.1", "", TreatmentUnset, param.Tertiary, "2000"),
		hcase(2024, "K35.2", "99.99", TreatmentUnset, param.Tertiary, "5000"),
		hcase(2024, "", "", Conservative, param.Tertiary, "7000"),
	}
}

var oneYear = []pv.Factor{pv.One}

func TestBuildCatalogHandWorked(t *testing.T) {
	// Kept grouped cases: 9000 + 27000 + 26000 + 2000 = 64000 over 9 → M = 7111.11.
	// score = m_g ÷ M × 1000 = m_g × 9 ÷ 64:
	//   K35.8             3000 → 421.875
	//   K35.8+47.09       9000 → 1265.625
	//   K35-surgical     13000 → 1828.125
	//   K35-conservative  2000 → 281.25
	// Level references (one year, so the latest): K35.8 3000 at each level;
	// K35.8+47.09 tertiary (8000 + 9000) ÷ 2 = 8500, secondary 10000, no primary.
	want := []Group{
		{Code: "K35-conservative", Kind: Comprehensive, Diagnosis: "K35", Treatment: Conservative, Score: pts("281.25"),
			AvgCost: money("2000"), AvgCostByLevel: [param.NumLevels]pv.Money{money("2000"), 0, 0}},
		{Code: "K35-surgical", Kind: Comprehensive, Diagnosis: "K35", Treatment: Surgical, Score: pts("1828.125"),
			AvgCost: money("13000"), AvgCostByLevel: [param.NumLevels]pv.Money{money("13000"), 0, 0}},
		{Code: "K35.8", Kind: Core, Diagnosis: "K35.8", Score: pts("421.875"),
			AvgCost: money("3000"), AvgCostByLevel: [param.NumLevels]pv.Money{money("3000"), money("3000"), money("3000")}},
		{Code: "K35.8+47.09", Kind: Core, Diagnosis: "K35.8", Procedures: []string{"47.09"}, Score: pts("1265.625"),
			AvgCost: money("9000"), AvgCostByLevel: [param.NumLevels]pv.Money{money("8500"), money("10000"), 0}},
	}
	t.Run("4 decimals", func(t *testing.T) {
		c, rep, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear, CoreMinCases: 3})
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(want, c.Groups))
		require.Equal(t, 2, rep.Ungrouped)
		require.Equal(t, 2, rep.Core)
		require.Equal(t, 2, rep.Comprehensive)
		require.Equal(t, money("7111.11"), rep.M)
		require.Equal(t, 11, rep.Cases)
	})
	t.Run("0 decimals", func(t *testing.T) {
		// 421.875 → 422, 1265.625 → 1266, 1828.125 → 1828, 281.25 → 281 (half-up).
		c, _, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear, CoreMinCases: 3, ScoreDecimals: -1})
		require.NoError(t, err)
		var got []string
		for _, g := range c.Groups {
			got = append(got, g.Score.Format(4))
		}
		require.Equal(t, []string{"281.0000", "1828.0000", "422.0000", "1266.0000"}, got)
	})
	t.Run("score scale 100", func(t *testing.T) {
		c, _, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear, CoreMinCases: 3, ScoreScale: 100})
		require.NoError(t, err)
		require.Equal(t, pts("42.1875"), c.Groups[2].Score) // 3000 × 9 ÷ 64 ÷ 10
	})
	t.Run("default CoreMinCases 15: all comprehensive", func(t *testing.T) {
		// K35-conservative: 3000 ×3 + 2000 = 11000 over 4 → 2750 × 9 ÷ 64 = 386.71875 → 386.7188
		// K35-surgical: 27000 + 26000 = 53000 over 5 → 10600 × 9 ÷ 64 = 1490.625
		c, _, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear})
		require.NoError(t, err)
		require.Equal(t, 2, c.Len())
		require.Equal(t, pts("386.7188"), c.Groups[0].Score)
		require.Equal(t, pts("1490.625"), c.Groups[1].Score)
	})
	t.Run("grouping the history with the built catalog", func(t *testing.T) {
		c, _, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear, CoreMinCases: 3})
		require.NoError(t, err)
		g := c.GroupJoined("K35.800x001", "47.09", Surgical)
		require.Equal(t, "K35.8+47.09", c.Groups[g].Code)
		g = c.GroupJoined("K35.9", "", TreatmentUnset)
		require.Equal(t, "K35-conservative", c.Groups[g].Code)
	})
}

func TestBuildCatalogYears(t *testing.T) {
	// Weights 0.3 (2023), 0.7 (2024), CoreMinCases 2.
	//   A01.0: 2023 1000, 1000; 2024 2000 → m = (600 + 1400) ÷ (0.6 + 0.7) = 1538.46
	//   B01.0: 2023 4000, 2000 (none in 2024) → m = 1800 ÷ 0.6 = 3000, avg_cost 3000
	//   M = (2000 + 1800) ÷ 1.9 = 2000.
	// score A = 2000·1.9 ÷ (1.3·3800) × 1000 = 769.2307… → 769.2308; B = 3000 ÷ 2000 × 1000 = 1500.
	// avg_cost A = 2000 (2024 only); B = m_B = 3000, no level costs.
	h := []HistoryCase{
		hcase(2023, "A01.0", "", Conservative, param.Tertiary, "1000"), hcase(2023, "A01.0", "", Conservative, param.Tertiary, "1000"),
		hcase(2024, "A01.0", "", Conservative, param.Primary, "2000"),
		hcase(2023, "B01.0", "", Conservative, param.Tertiary, "4000"), hcase(2023, "B01.0", "", Conservative, param.Tertiary, "2000"),
	}
	c, rep, err := BuildCatalog(h, BuildOptions{YearWeights: []pv.Factor{factor("0.3"), factor("0.7")}, CoreMinCases: 2})
	require.NoError(t, err)
	require.Equal(t, []int{2023, 2024}, rep.Years)
	require.Equal(t, money("2000"), rep.M)
	require.Equal(t, pts("769.2308"), c.Groups[0].Score)
	require.Equal(t, money("2000"), c.Groups[0].AvgCost)
	require.Equal(t, [param.NumLevels]pv.Money{0, 0, money("2000")}, c.Groups[0].AvgCostByLevel)
	require.Equal(t, pts("1500"), c.Groups[1].Score)
	require.Equal(t, money("3000"), c.Groups[1].AvgCost)
	require.Equal(t, [param.NumLevels]pv.Money{}, c.Groups[1].AvgCostByLevel)
	require.Equal(t, money("1538.46"), rep.Groups[0].Mean)
}

func TestBuildCatalogPercentile(t *testing.T) {
	// A01.0: 80 cases of 1 … 80 yuan: P2.5 = rank 2 → 2, P97.5 = rank 78 → 78:
	// kept 2 … 78, mean 40. B01.0: 40 cases of 100: kept. Raw counts decide core
	// (both ≥ 15). M = (77·40 + 4000) ÷ 117 = 7080 ÷ 117.
	// score A = 40·117 ÷ 7080 × 1000 = 661.0169… → 661.0169; B = 100·117 ÷ 7080 × 1000 = 1652.5424 (1652.54237…).
	var h []HistoryCase
	for i := 1; i <= 80; i++ {
		h = append(h, HistoryCase{Year: 2024, Diagnosis: "A01.0", Cost: pv.Yuan(int64(i))})
	}
	for range 40 {
		h = append(h, hcase(2024, "B01.0", "", TreatmentUnset, param.Tertiary, "100"))
	}
	c, rep, err := BuildCatalog(h, BuildOptions{YearWeights: oneYear, Trim: TrimPercentile})
	require.NoError(t, err)
	require.Equal(t, 3, rep.Trimmed)
	require.Equal(t, pts("661.0169"), c.Groups[0].Score)
	require.Equal(t, money("40"), c.Groups[0].AvgCost)
	require.Equal(t, pts("1652.5424"), c.Groups[1].Score)
	require.Equal(t, 80, rep.Groups[0].Cases)
	require.Equal(t, 77, rep.Groups[0].Kept)
}

// Section 11 item 6: multiplying every cost by k leaves every score unchanged.
func TestBuildCatalogScaleInvariance(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	diags := []string{"K35.8", "K35.900x001", "I21.9", "J18.9", "E11.9"}
	procs := []string{"", "47.09", "47.09|54.51", "36.06", "99.10"}
	var h []HistoryCase
	for range 4000 {
		d, p := r.IntN(len(diags)), r.IntN(len(procs))
		c := hcase(2022+r.IntN(3), diags[d], procs[p], Treatment(r.IntN(5)), param.Level(r.IntN(3)), "0")
		c.Cost = pv.Money(int64(d+p+1)*100_000 + r.Int64N(300_000))
		if r.IntN(40) == 0 {
			c.Cost *= 10
		}
		h = append(h, c)
	}
	for _, trim := range []TrimRule{TrimNone, TrimPercentile} {
		for _, k := range []int64{3, 17, 1000} {
			t.Run(strconv.Itoa(int(trim))+"/"+strconv.FormatInt(k, 10), func(t *testing.T) {
				opt := BuildOptions{Trim: trim, CoreMinCases: 100}
				c1, _, err := BuildCatalog(h, opt)
				require.NoError(t, err)
				hk := make([]HistoryCase, len(h))
				for i, c := range h {
					hk[i] = c
					hk[i].Cost *= pv.Money(k)
				}
				c2, _, err := BuildCatalog(hk, opt)
				require.NoError(t, err)
				require.Equal(t, c1.Len(), c2.Len())
				require.Greater(t, c1.Len(), 5)
				for i := range c1.Groups {
					require.Equal(t, c1.Groups[i].Code, c2.Groups[i].Code)
					require.Equal(t, c1.Groups[i].Score, c2.Groups[i].Score, c1.Groups[i].Code)
				}
			})
		}
	}
}

func TestBuildCatalogErrors(t *testing.T) {
	_, _, err := BuildCatalog(nil, BuildOptions{})
	require.ErrorIs(t, err, pv.ErrInvalidArgument)
	_, _, err = BuildCatalog(smallHistory(), BuildOptions{ScoreDecimals: 9})
	require.ErrorIs(t, err, pv.ErrInvalidArgument)
	_, _, err = BuildCatalog(smallHistory(), BuildOptions{YearWeights: []pv.Factor{0}})
	require.ErrorIs(t, err, pv.ErrInvalidArgument)
	h := smallHistory()
	h[3].Cost = -5
	h[4].Year = 2020
	h[4].Line = 42
	_, _, err = BuildCatalog(h, BuildOptions{Source: "h.csv"})
	var list *pv.ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list.Errors, 1, "the year window is checked first")
	require.Equal(t, "h.csv:42: year: 2020: value out of range: before the first weighted year 2022", list.Errors[0].Error())
	h[4].Year = 2024
	_, _, err = BuildCatalog(h, BuildOptions{Source: "h.csv"})
	require.ErrorIs(t, err, pv.ErrNegative)
	require.Contains(t, err.Error(), "h.csv:4: total_cost: -0.05")
	_, _, err = BuildCatalog([]HistoryCase{{Year: 2024, Diagnosis: "A01.0"}}, BuildOptions{})
	require.ErrorIs(t, err, pv.ErrRange, "M = 0")
}

func TestCatalogWriteRoundTrip(t *testing.T) {
	c, _, err := BuildCatalog(smallHistory(), BuildOptions{YearWeights: oneYear, CoreMinCases: 3})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, c.Write(&buf))
	want := "group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary,avg_cost_secondary,avg_cost_primary,primary\n" +
		"K35-conservative,comprehensive,K35,,conservative,281.2500,2000.00,2000.00,,,0\n" +
		"K35-surgical,comprehensive,K35,,surgical,1828.1250,13000.00,13000.00,,,0\n" +
		"K35.8,core,K35.8,,,421.8750,3000.00,3000.00,3000.00,3000.00,0\n" +
		"K35.8+47.09,core,K35.8,47.09,,1265.6250,9000.00,8500.00,10000.00,,0\n"
	require.Equal(t, want, buf.String())
	back, err := ReadCatalog(&buf, "catalog.csv", 4)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(c.Groups, back.Groups))

	// a read catalog with 8-decimal scores, procedures and a primary group writes back the same
	src := "group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary,avg_cost_secondary,avg_cost_primary,primary\n" +
		"A09.9,core,A09.9,,,278.12345678,2780.40,,,2293.83,1\n" +
		"I21.9+00.66+36.06,core,I21.9,00.66|36.06,,3959.0000,39592.20,,,,0\n"
	c2, err := ReadCatalog(strings.NewReader(src), "catalog.csv", 8)
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, c2.Write(&buf))
	require.Equal(t, src, buf.String())
}
