package budget_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// histSynthFiles writes a synth batch's history, cases and hospitals as the files would hold them.
func histSynthFiles(t *testing.T, b *synth.Batch) (history, cases, hospitals []byte) {
	t.Helper()
	header := strings.Join(synth.CaseColumns, ",")
	h := []byte(header + ",year\n")
	for i := range b.History {
		h = synth.AppendCase(h, &b.History[i], true)
	}
	c := []byte(header + "\n")
	for i := range b.Cases {
		c = synth.AppendCase(c, &b.Cases[i], false)
	}
	var hb bytes.Buffer
	require.NoError(t, b.WriteHospitals(&hb))
	return h, c, hb.Bytes()
}

// TestRoundTripDRG: synth's three history years → ReadHistory → BuildWeights and
// HospitalCoefficients → settle the fourth year with budget.Settle (strict). The
// ledger balances (BUD-7), and the built RWs recover the generator's true
// relative costs T_g (below): every group with at least 500 history cases
// (over 100 groups) is within 8% of T_g and within 4.5 standard errors of its
// mean (CV ÷ √kept, from the report; about 2% at 500 cases: the synthetic costs
// are log-normal with σ 0.35 plus 8% deliberate outliers), the median group
// within 2.5%. The tighter "5% at 200 cases" is beyond what 200 such cases can
// estimate (standard error ≈ 3.5%). The DRG-4 coefficients follow the
// generator's hospital cost factors: coefficient ÷ cost factor within 8% of
// its median over the hospitals (the rest is each hospital's group mix).
// histSettleInput is the fourth year's settlement input of a synth batch.
func histSettleInput(t *testing.T, b *synth.Batch, p *policy.Policy, hospitals []budget.Hospital, cases *budget.Batch) budget.Input {
	t.Helper()
	var mb, sb, ab bytes.Buffer
	require.NoError(t, b.WriteMembers(&mb))
	require.NoError(t, b.WriteSpending(&sb))
	require.NoError(t, b.WriteAdjustments(&ab))
	members, err := files.ReadMembers(&mb, "members.csv", files.Options{})
	require.NoError(t, err)
	spending, err := files.ReadSpending(&sb, "spending.csv", files.Options{})
	require.NoError(t, err)
	adj, err := files.ReadAdjustments(&ab, "adjustments.csv", files.Options{})
	require.NoError(t, err)
	return budget.Input{Policy: p, Hospitals: hospitals, Cases: cases, Members: members, Spending: spending, Adjustments: adj}
}

func TestRoundTripDRG(t *testing.T) {
	if testing.Short() {
		t.Skip("round trip over 280 000 synthetic cases")
	}
	b, err := synth.Generate(synth.Options{Seed: 3, Cases: 70000, Method: synth.DRG, History: true})
	require.NoError(t, err)
	hist, year, hosp := histSynthFiles(t, b)
	hospitals, err := files.ReadHospitals(bytes.NewReader(hosp), "hospitals.csv", files.Options{})
	require.NoError(t, err)
	cases, years, err := files.ReadHistory(bytes.NewReader(hist), "history.csv", files.Options{PointScale: 4})
	require.NoError(t, err)
	hc, err := budget.DRGHistory(cases, years, hospitals, "history.csv")
	require.NoError(t, err)
	w, rep, err := drg.BuildWeights(hc, nil, drg.BuildOptions{})
	require.NoError(t, err)
	require.Equal(t, []int{2022, 2023, 2024}, rep.Years)

	// The generator draws a case's cost as RW_g × M_fund × cost factor_h ×
	// deflator_year × a multiplier of mean 1 (outliers alike for every group), so
	// the true m_g ÷ M is T_g = (Σ w·e ÷ Σ w·n over g) ÷ (the same over every
	// grouped case), e = RW_g·M_fund·CF_h·deflator — the group's hospital and fund
	// mix included, as the builder sees it.
	rw := map[string]float64{}
	for _, r := range b.Weights {
		rw[r.Code] = float64(r.Weight) / 1e8
	}
	cf := map[string]float64{}
	for _, h := range b.Hospitals {
		cf[h.ID] = float64(h.CostFactor) / 1e8
	}
	yw := map[int]float64{2022: 0.1, 2023: 0.2, 2024: 0.7}
	defl := map[int]float64{2022: 1 / 1.03 / 1.03 / 1.03, 2023: 1 / 1.03 / 1.03, 2024: 1 / 1.03}
	num, den := map[string]float64{}, map[string]float64{}
	var allNum, allDen float64
	for i := range cases {
		c := &cases[i]
		if c.Group == "" || c.BedDayCategory != "" {
			continue
		}
		m := 10000.0
		if c.Fund == param.Resident {
			m = 8000
		}
		e := rw[c.Group] * m * cf[c.HospitalID] * defl[years[i]]
		num[c.Group] += yw[years[i]] * e
		den[c.Group] += yw[years[i]]
		allNum += yw[years[i]] * e
		allDen += yw[years[i]]
	}
	var devs []float64
	for _, g := range rep.Groups {
		i, ok := w.Lookup(g.Code)
		if !ok || g.Cases < 500 {
			continue
		}
		want := num[g.Code] / den[g.Code] / (allNum / allDen)
		d := math.Abs(float64(w.Groups[i].Weight)/1e8/want - 1)
		se := float64(g.CV) / 1e8 / math.Sqrt(float64(g.Kept))
		require.LessOrEqual(t, d, 0.08, "%s (%d cases): RW %s, true %.4f", g.Code, g.Cases, w.Groups[i].Weight, want)
		require.LessOrEqual(t, d, 4.5*se, "%s (%d cases): RW %s, true %.4f, standard error %.4f", g.Code, g.Cases, w.Groups[i].Weight, want, se)
		devs = append(devs, d)
	}
	require.GreaterOrEqual(t, len(devs), 20, "groups with ≥ 500 cases")
	slices.Sort(devs)
	require.LessOrEqual(t, devs[len(devs)/2], 0.025, "median deviation")

	// DRG-4 from the same history: coefficient_h ÷ cost factor_h is the same for every hospital.
	coefs, err := drg.HospitalCoefficients(hc, w, nil, pointvalue.One)
	require.NoError(t, err)
	var ratios []float64
	for i := range hospitals {
		h := &hospitals[i]
		k, ok := coefs[h.ID]
		if !ok {
			continue
		}
		ratios = append(ratios, float64(k)/float64(b.Hospitals[i].CostFactor))
		h.Coefficient, h.HasCoefficient = k, true
	}
	require.GreaterOrEqual(t, len(ratios), 10)
	slices.Sort(ratios)
	mid := ratios[len(ratios)/2]
	for _, r := range ratios {
		require.InDelta(t, 1, r/mid, 0.08, "coefficient ÷ cost factor %v", ratios)
	}

	// Settle the fourth year with the built table and coefficients.
	p, err := policy.Read(bytes.NewReader(b.Policy), "policy.json")
	require.NoError(t, err)
	yc, err := files.ReadCases(bytes.NewReader(year), "cases.csv", files.Options{PointScale: p.PointScale})
	require.NoError(t, err)
	in := histSettleInput(t, b, p, hospitals, yc)
	in.Weights = w
	res, err := settle(in)
	require.NoError(t, err)
	require.True(t, res.Balanced())
	for _, l := range res.Ledger {
		require.Equal(t, l.Budget, l.Carveouts+l.Payments+l.ReserveEnd+l.Residual, "BUD-7 %v", l)
	}
}

// TestRoundTripDIP: synth's DIP history → BuildCatalog (defaults: 1:2:7,
// CoreMinCases 15, no trimming) → settle the fourth year, strict. The ledger
// balances; the built catalog reads back from its catalog.csv unchanged; and
// the scores of the synthetic catalog's core groups are recovered: for every
// built group of synth's catalog with at least 300 history cases,
// built score ÷ synth score is within 10% of the median of that ratio (the
// two catalogs are relative to different M).
func TestRoundTripDIP(t *testing.T) {
	if testing.Short() {
		t.Skip("round trip over synthetic cases")
	}
	b, err := synth.Generate(synth.Options{Seed: 5, Cases: 30000, Method: synth.DIP, History: true})
	require.NoError(t, err)
	hist, year, hosp := histSynthFiles(t, b)
	hospitals, err := files.ReadHospitals(bytes.NewReader(hosp), "hospitals.csv", files.Options{})
	require.NoError(t, err)
	cases, years, err := files.ReadHistory(bytes.NewReader(hist), "history.csv", files.Options{PointScale: 4})
	require.NoError(t, err)
	hc, err := budget.DIPHistory(cases, years, hospitals, "history.csv")
	require.NoError(t, err)
	cat, rep, err := dip.BuildCatalog(hc, dip.BuildOptions{})
	require.NoError(t, err)
	require.Positive(t, rep.Core)
	require.Positive(t, rep.Comprehensive)

	var buf bytes.Buffer
	require.NoError(t, cat.Write(&buf))
	back, err := dip.ReadCatalog(&buf, "catalog.csv", 4)
	require.NoError(t, err)
	require.Equal(t, cat.Groups, back.Groups)

	synthScore := map[string]pointvalue.Points{}
	for _, e := range b.Catalog {
		synthScore[e.Code] = e.Score
	}
	var ratios []float64
	var codes []string
	for _, g := range rep.Groups {
		s, ok := synthScore[g.Code]
		i, built := cat.Lookup(g.Code)
		if !ok || !built || g.Cases < 300 {
			continue
		}
		ratios = append(ratios, float64(cat.Groups[i].Score)/float64(s))
		codes = append(codes, g.Code)
	}
	require.GreaterOrEqual(t, len(ratios), 10)
	sorted := slices.Clone(ratios)
	slices.Sort(sorted)
	mid := sorted[len(sorted)/2]
	for i, r := range ratios {
		require.InDelta(t, 1, r/mid, 0.10, "%s: built ÷ synth score %.4f, median %.4f", codes[i], r, mid)
	}

	p, err := policy.Read(bytes.NewReader(b.Policy), "policy.json")
	require.NoError(t, err)
	yc, err := files.ReadCases(bytes.NewReader(year), "cases.csv", files.Options{PointScale: p.PointScale})
	require.NoError(t, err)
	in := histSettleInput(t, b, p, hospitals, yc)
	in.Catalog = cat
	res, err := settle(in)
	require.NoError(t, err)
	require.True(t, res.Balanced())
}

const histHeader = "case_id,hospital_id,fund,method,group,diagnosis,procedures,treatment,admit_date,discharge_date,total_cost,patient_share,bedday_category,year\n"

func histHospitals(t *testing.T) []budget.Hospital {
	t.Helper()
	h, err := files.ReadHospitals(strings.NewReader("hospital_id,level\nH1,tertiary\nH2,secondary\nH3,primary\n"), "hospitals.csv", files.Options{})
	require.NoError(t, err)
	return h
}

func TestReadHistory(t *testing.T) {
	in := histHeader +
		"C1,H1,employee,,GB11,K35.800x001,47.09|54.51,surgical,2023-01-01,2023-01-05,1000.00,100.00,,2023\n" +
		"C2,H2,resident,drg,ES31,,,,2024-01-01,2024-01-02,500,50,,2024\n" +
		"C3,H1,resident,,,,,,2024-01-01,2024-01-02,500,50,,0\n" +
		"C4,H9,resident,,,,,,2024-01-01,2024-01-02,x,50,,2024\n"
	cases, years, err := files.ReadHistory(strings.NewReader(in), "dir/history.csv", files.Options{PointScale: 4})
	require.Equal(t, "history.csv:4: year: 0: value out of range: a history year is at least 1\n"+
		"history.csv:5: total_cost: x: not a number", histErrLines(err))
	require.Equal(t, []int{2023, 2024}, years)
	require.Len(t, cases, 2)
	require.Equal(t, "C1", cases[0].ID)
	require.Equal(t, "47.09|54.51", cases[0].Procedures)
	require.Equal(t, 3, cases[1].Line)
}

func histErrLines(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestHistoryConversions(t *testing.T) {
	in := histHeader +
		"C1,H1,employee,,GB11,K35.800x001,47.09|54.51,surgical,2023-01-01,2023-01-05,1000.00,100.00,,2023\n" +
		"C2,H3,resident,,ES31,K35.8,,,2024-01-01,2024-01-02,500,50,,2024\n" +
		"C3,H2,resident,,,,,,2024-01-01,2024-01-20,900,50,psychiatric,2024\n" + // bed-day: left out
		"C4,H2,employee,dip,,A01.0,,,2024-01-01,2024-01-02,700,50,,2024\n" + // DIP only
		"C5,H2,employee,drg,XX11,,,,2024-01-01,2024-01-02,800,50,,2024\n" + // DRG only
		"C6,H7,employee,,,,,,2024-01-01,2024-01-02,800,50,,2024\n" // unknown hospital
	cases, years, err := files.ReadHistory(strings.NewReader(in), "history.csv", files.Options{PointScale: 4})
	require.NoError(t, err)
	hs := histHospitals(t)

	d, err := budget.DRGHistory(cases, years, hs, "history.csv")
	require.EqualError(t, err, "history.csv:7: hospital_id: H7: unknown hospital")
	require.Equal(t, []drg.HistoryCase{
		{Year: 2023, Group: "GB11", Hospital: "H1", Cost: pointvalue.MustMoney("1000"), Line: 2},
		{Year: 2024, Group: "ES31", Hospital: "H3", Cost: pointvalue.MustMoney("500"), Line: 3},
		{Year: 2024, Group: "XX11", Hospital: "H2", Cost: pointvalue.MustMoney("800"), Line: 6},
	}, d)

	p, err := budget.DIPHistory(cases[:5], years[:5], hs, "history.csv")
	require.NoError(t, err)
	require.Equal(t, []dip.HistoryCase{
		{Year: 2023, Diagnosis: "K35.800x001", Procedures: []string{"47.09", "54.51"}, Treatment: dip.Surgical, Level: param.Tertiary, Cost: pointvalue.MustMoney("1000"), Line: 2},
		{Year: 2024, Diagnosis: "K35.8", Level: param.Primary, Cost: pointvalue.MustMoney("500"), Line: 3},
		{Year: 2024, Diagnosis: "A01.0", Level: param.Secondary, Cost: pointvalue.MustMoney("700"), Line: 5},
	}, p)

	emp, ey := budget.SelectFund(cases, years, param.Employee)
	require.Len(t, emp, 4)
	require.Equal(t, []int{2023, 2024, 2024, 2024}, ey)

	_, err = budget.DRGHistory(cases, years[:1], hs, "history.csv")
	require.ErrorIs(t, err, pointvalue.ErrInvalidArgument)
}

func TestBudgetPointValueFromHistory(t *testing.T) {
	w, err := drg.NewWeights([]drg.Group{
		{Code: "A", Name: "A", Weight: pointvalue.MustFactor("1.5"), Stable: true},
		{Code: "B", Name: "B", Weight: pointvalue.MustFactor("0.5"), Stable: false},
	})
	require.NoError(t, err)
	// Base points A 150, B 50 (unstable groups too: no class rules). Weights 0.3, 0.7.
	// employee (with-patient-share: total cost):
	//   2023: A 12000 → cost 12000, points 150
	//   2024: A 16000 + B 4000 → cost 20000, points 200 (ungrouped 9999 and bed-day left out)
	//   PV = (0.3·12000 + 0.7·20000) ÷ (0.3·150 + 0.7·200) = 17600 ÷ 185 = 95.135135…
	// resident (fund-only: total − share): 2024: A 10000 − 2500 = 7500, 150 points
	//   PV = 0.7·7500 ÷ (0.7·150) = 50
	in := histHeader +
		"C1,H1,employee,,A,,,,2023-01-01,2023-01-02,12000,1000,,2023\n" +
		"C2,H1,employee,,A,,,,2024-01-01,2024-01-02,16000,1000,,2024\n" +
		"C3,H1,employee,,B,,,,2024-01-01,2024-01-02,4000,1000,,2024\n" +
		"C4,H1,employee,,,,,,2024-01-01,2024-01-02,9999,1000,,2024\n" +
		"C5,H1,employee,,A,,,,2024-01-01,2024-01-30,9999,1000,psychiatric,2024\n" +
		"C6,H1,resident,,A,,,,2024-01-01,2024-01-02,10000,2500,,2024\n" +
		"C7,H1,resident,,ZZ,,,,2024-01-01,2024-01-02,10000,2500,,2024\n"
	cases, years, err := files.ReadHistory(strings.NewReader(in), "history.csv", files.Options{PointScale: 4})
	require.NoError(t, err)
	p := policy.Default("R", 2025, "1")
	p.Funds[param.Employee] = policy.NewFund(pointvalue.MustMoney("1000000"))
	p.Funds[param.Resident] = policy.NewFund(pointvalue.MustMoney("1000000"))
	p.Funds[param.Resident].PointValue.Formula = pointvalue.FundOnly
	p.Funds[param.Resident].PointValue.FormulaGiven = true
	o := budget.PolicyHistoryPVOptions(p)
	require.Equal(t, [param.NumFunds]bool{false, true}, o.FundOnly)
	o.Weights = w
	o.YearWeights = []pointvalue.Factor{pointvalue.MustFactor("0.3"), pointvalue.MustFactor("0.7")}
	got, err := budget.BudgetPointValueFromHistory(cases, years, o)
	require.NoError(t, err)
	require.Equal(t, []budget.HistoryPointValue{
		{Fund: param.Employee, Years: []int{2023, 2024}, Value: pointvalue.MustPointValue("95.135135"),
			Totals: []pointvalue.YearTotals{{Cost: pointvalue.MustMoney("12000"), Points: pointvalue.MustPoints("150")},
				{Cost: pointvalue.MustMoney("20000"), Points: pointvalue.MustPoints("200")}}},
		{Fund: param.Resident, Years: []int{2023, 2024}, Value: pointvalue.MustPointValue("50"),
			Totals: []pointvalue.YearTotals{{}, {Cost: pointvalue.MustMoney("7500"), Points: pointvalue.MustPoints("150")}}},
	}, got)

	t.Run("DIP", func(t *testing.T) {
		// K35.8 score 400, K35-surgical 1200; one year, weight 1. The group column
		// is not used: C2's "K35.8" code is grouped from its procedures.
		// employee: (3000 + 9000) ÷ (400 + 1200) = 7.5
		cat, err := dip.NewCatalog([]dip.Group{
			{Code: "K35.8", Kind: dip.Core, Diagnosis: "K35.8", Score: pointvalue.PointsFromInt(400), AvgCost: pointvalue.MustMoney("3000")},
			{Code: "K35-surgical", Kind: dip.Comprehensive, Diagnosis: "K35", Treatment: dip.Surgical, Score: pointvalue.PointsFromInt(1200), AvgCost: pointvalue.MustMoney("9000")},
		})
		require.NoError(t, err)
		in := histHeader +
			"C1,H1,employee,,,K35.800x001,,,2024-01-01,2024-01-02,3000,0,,2024\n" +
			"C2,H1,employee,,K35.8,K35.9,47.09,surgical,2024-01-01,2024-01-02,9000,0,,2024\n" +
			"C3,H1,employee,,,K35.9,47.09,,2024-01-01,2024-01-02,5555,0,,2024\n" // ungrouped (A14)
		cases, years, err := files.ReadHistory(strings.NewReader(in), "history.csv", files.Options{PointScale: 4})
		require.NoError(t, err)
		got, err := budget.BudgetPointValueFromHistory(cases, years, budget.HistoryPVOptions{Catalog: cat,
			YearWeights: []pointvalue.Factor{pointvalue.One}, PointScale: 4, PointValueScale: 6})
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, pointvalue.MustPointValue("7.5"), got[0].Value)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := budget.BudgetPointValueFromHistory(cases, years, budget.HistoryPVOptions{})
		require.ErrorIs(t, err, pointvalue.ErrInvalidArgument)
		_, err = budget.BudgetPointValueFromHistory(cases, years, budget.HistoryPVOptions{Weights: w, YearWeights: []pointvalue.Factor{pointvalue.One}, PointScale: 4, PointValueScale: 6})
		require.EqualError(t, err, "history:2: year: 2023: value out of range: before the first weighted year 2024")
	})
}

// FuzzReadHistory: no input makes the history reader panic (ERR-4); what it
// returns is consistent (one year per case, years 1–9999, no case without its
// required fields).
func FuzzReadHistory(f *testing.F) {
	f.Add(histHeader + "C1,H1,employee,,GB11,K35.8,47.09,surgical,2023-01-01,2023-01-05,1000.00,100.00,,2023\n")
	f.Add(histHeader + "C1,H1,居民,dip,,K35.8,,手术,2023-01-01,2023-01-05,1000.001,100.00,,0\n")
	f.Add("year\n2024\n")
	f.Add("\ufeff" + histHeader + "\"C1\n\",H1,employee,,,,,,2023-01-01,2022-01-05,1,2,,99999999999999999999\n")
	f.Fuzz(func(t *testing.T, in string) {
		cases, years, err := files.ReadHistory(strings.NewReader(in), "history.csv", files.Options{PointScale: 4})
		if len(cases) != len(years) {
			t.Fatalf("%d cases, %d years", len(cases), len(years))
		}
		for i, c := range cases {
			if years[i] < 1 || years[i] > 9999 || c.ID == "" || c.HospitalID == "" || c.PatientShare > c.TotalCost {
				t.Fatalf("case %d: %+v year %d", i, c, years[i])
			}
		}
		if err == nil {
			return
		}
		if !strings.Contains(err.Error(), "history.csv:") {
			t.Fatalf("error without its source: %v", err)
		}
	})
}
