package synth

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// MemberRow is one row of members.csv (CAP-1).
type MemberRow struct {
	InstitutionID string
	Fund          string
	AgeBand       string
	Members       int64
}

// SpendingRow is one row of spending.csv (CAP-4).
type SpendingRow struct {
	InstitutionID string
	Fund          string
	Own           pointvalue.Money // own_spending
	Referred      pointvalue.Money // referred_spending (转外就医)
}

// AdjustmentRow is one row of adjustments.csv: audit deductions (审核扣减) of a
// settled (hospital, fund, method); advances are left to the engine (CLR-1).
type AdjustmentRow struct {
	HospitalID string
	Fund       string
	Method     string
	Deductions pointvalue.Money
}

// FundTotals sums a fund's generated cases and the money the policy gives it.
type FundTotals struct {
	Fund           string
	Cases          int
	TotalCost      pointvalue.Money // Σ total_cost of the policy year's cases
	PatientShare   pointvalue.Money // Σ patient_share
	CapitaSpending pointvalue.Money // Σ own + referred spending
	InpatientPool  pointvalue.Money // target inpatient pool: 0.9 × fund-paid cost
	CapitaPool     pointvalue.Money // target per-capita pool: spending ÷ 0.85
	Budget         pointvalue.Money // annual budget (given, or what growth gives)
}

// Batch is a whole synthetic settlement year as Go values; WriteDir writes it.
type Batch struct {
	Options     Options // normalised
	Hospitals   []Hospital
	Weights     []WeightRow    // DRG batches
	Catalog     []CatalogEntry // DIP batches
	Members     []MemberRow
	Spending    []SpendingRow
	Adjustments []AdjustmentRow
	Cases       []CaseRecord // in file order (shuffled case ids)
	History     []CaseRecord // Options.History: three prior years, oldest first
	Totals      [2]FundTotals
	Policy      []byte // policy.json
	Plants      Plants // Options.Plants: the hospitals of the planted anomalies
}

const capitaStream = 0xca9174

// Generate makes the batch of opt in memory (fine for a few million cases; use
// CaseStream or WriteCases beyond).
func Generate(opt Options) (*Batch, error) {
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	w, err := newWorld(opt)
	if err != nil {
		return nil, err
	}
	b := &Batch{Options: opt, Hospitals: w.hosp, Weights: w.weights, Catalog: w.catalog}
	if opt.Plants {
		ph := w.plantHosp()
		b.Plants = Plants{Split: w.hosp[ph[PlantSplit]].ID, LowStandard: w.hosp[ph[PlantLowStandard]].ID,
			LowRiskDeath: w.hosp[ph[PlantLowRiskDeath]].ID}
		if opt.Method == DRG {
			b.Plants.Upcoding = w.hosp[ph[PlantUpcoding]].ID
		}
	}
	b.Totals[0].Fund, b.Totals[1].Fund = Employee, Resident
	type hf struct {
		n    int
		cost int64
	}
	perHosp := make([][2]hf, w.nInp)
	g := newGenerator(w, 0)
	b.Cases = make([]CaseRecord, g.n)
	for i := range b.Cases {
		c := &b.Cases[i]
		g.at(uint64(i), c)
		t := &b.Totals[c.fund]
		t.Cases++
		t.TotalCost += c.TotalCost
		t.PatientShare += c.PatientShare
		perHosp[c.hidx][c.fund].n++
		perHosp[c.hidx][c.fund].cost += int64(c.TotalCost)
	}
	if opt.History {
		for yi := 3; yi >= 1; yi-- {
			hg := newGenerator(w, yi)
			for i := uint64(0); i < hg.n; i++ {
				var c CaseRecord
				hg.at(i, &c)
				b.History = append(b.History, c)
			}
		}
	}
	r := rand.New(rand.NewPCG(opt.Seed, capitaStream))
	b.capita(w, r)
	for h := range w.nInp {
		if r.Uint64N(100) >= 30 {
			continue
		}
		for f := range 2 {
			if perHosp[h][f].n == 0 || r.Uint64N(2) == 0 {
				continue
			}
			d := perHosp[h][f].cost * between(r, 2, 10) / 1000 / 100 * 100
			b.Adjustments = append(b.Adjustments, AdjustmentRow{HospitalID: w.hosp[h].ID,
				Fund: fundNames[f], Method: opt.Method, Deductions: pointvalue.Money(d)})
		}
	}
	if len(b.Adjustments) == 0 {
	first:
		for h := range w.nInp {
			for f := range 2 {
				if perHosp[h][f].n > 0 {
					b.Adjustments = append(b.Adjustments, AdjustmentRow{HospitalID: w.hosp[h].ID,
						Fund: fundNames[f], Method: opt.Method, Deductions: pointvalue.Money(perHosp[h][f].cost / 200 / 100 * 100)})
					break first
				}
			}
		}
	}
	b.Policy, err = b.policy()
	if err != nil {
		return nil, err
	}
	return b, nil
}

// capita makes the per-capita members and spending (CAP-1, CAP-4).
func (b *Batch) capita(w *world, r *rand.Rand) {
	rate := [2]int64{52_000, 31_000} // fen per head point and year
	for _, h := range w.hosp[w.nInp:] {
		for f := range 2 {
			var heads int64 // × 0.01
			for _, band := range ageBands {
				rg := band.employee
				if f == 1 {
					rg = band.resident
				}
				if rg[1] == 0 {
					continue
				}
				m := between(r, rg[0], rg[1])
				heads += m * band.weight
				b.Members = append(b.Members, MemberRow{InstitutionID: h.ID, Fund: fundNames[f], AgeBand: band.band, Members: m})
			}
			own := heads * rate[f] / 100 * between(r, 80, 120) / 100
			ref := own * between(r, 15, 35) / 100
			b.Spending = append(b.Spending, SpendingRow{InstitutionID: h.ID, Fund: fundNames[f],
				Own: pointvalue.Money(own), Referred: pointvalue.Money(ref)})
			b.Totals[f].CapitaSpending += pointvalue.Money(own + ref)
		}
	}
}

// policy.json structures, in the field order of docs/formats.md.
type (
	policyJSON struct {
		Region          string       `json:"region"`
		Year            int          `json:"year"`
		Version         string       `json:"version"`
		InpatientMethod string       `json:"inpatient_method"`
		PointScale      int          `json:"point_scale"`
		PointValueScale int          `json:"point_value_scale"`
		Rounding        string       `json:"rounding"`
		Distribution    string       `json:"distribution"`
		Funds           fundsJSON    `json:"funds"`
		DRG             *drgJSON     `json:"drg,omitempty"`
		DIP             *dipJSON     `json:"dip,omitempty"`
		BedDay          beddayJSON   `json:"bedday"`
		Capita          capitaJSON   `json:"capita"`
		Corridor        corridorJSON `json:"corridor"`
		Advances        advancesJSON `json:"advances"`
	}
	fundsJSON struct {
		Employee fundJSON `json:"employee"`
		Resident fundJSON `json:"resident"`
	}
	fundJSON struct {
		Budget        budgetJSON     `json:"budget"`
		Carveouts     []carveoutJSON `json:"carveouts"`
		ReserveRatio  string         `json:"reserve_ratio"`
		Pools         poolsJSON      `json:"pools"`
		PointValue    pointValueJSON `json:"point_value"`
		RegionAvgCost string         `json:"region_avg_cost"`
	}
	budgetJSON struct {
		Method           string `json:"method"`
		Amount           string `json:"amount,omitempty"`
		PriorExpenditure string `json:"prior_expenditure,omitempty"`
		GrowthRate       string `json:"growth_rate,omitempty"`
	}
	carveoutJSON struct {
		Name   string `json:"name"`
		Amount string `json:"amount,omitempty"`
		Ratio  string `json:"ratio,omitempty"`
	}
	poolsJSON struct {
		Ratios map[string]string `json:"ratios"`
	}
	pointValueJSON struct {
		Formula            string  `json:"formula"`
		ReimbursementRatio string  `json:"reimbursement_ratio"`
		FixedRate          *string `json:"fixed_rate"`
		BudgetPointValue   *string `json:"budget_point_value"`
		BandDown           *string `json:"band_down"`
		BandUp             *string `json:"band_up"`
	}
	drgJSON struct {
		HighThresholds  [][2]*string `json:"high_thresholds"`
		LowRatio        string       `json:"low_ratio"`
		ReadmitDays     int          `json:"readmit_days"`
		ReadmitFactor   string       `json:"readmit_factor"`
		SpecialMaxShare string       `json:"special_max_share"`
		SpecialScope    string       `json:"special_scope"`
	}
	dipJSON struct {
		ScoreScale           int               `json:"score_scale"`
		HighRule             string            `json:"high_rule"`
		HighRatio            string            `json:"high_ratio"`
		LowRatio             string            `json:"low_ratio"`
		Inclusive            bool              `json:"inclusive"`
		ExtremeRatio         string            `json:"extreme_ratio"`
		LevelCoefficients    map[string]string `json:"level_coefficients"`
		PrimaryCoefficient   string            `json:"primary_coefficient"`
		TCMBonus             string            `json:"tcm_bonus"`
		TCMShareMin          string            `json:"tcm_share_min"`
		SeverityCoefficients map[string]string `json:"severity_coefficients"`
		ReadmitDays          int               `json:"readmit_days"`
		ReadmitFactor        string            `json:"readmit_factor"`
		SpecialMaxShare      string            `json:"special_max_share"`
		SpecialScope         string            `json:"special_scope"`
		UngroupedFactor      string            `json:"ungrouped_factor"`
	}
	beddayJSON struct {
		Rates            map[string]map[string]string `json:"rates"`
		Segments         [][2]any                     `json:"segments"`
		MaxDays          *int                         `json:"max_days"`
		Pool             string                       `json:"pool"`
		BudgetPointValue *string                      `json:"budget_point_value"`
	}
	capitaJSON struct {
		Standard            *string           `json:"standard"`
		RiskRatio           string            `json:"risk_ratio"`
		SeriousIllnessRatio string            `json:"serious_illness_ratio"`
		AgeWeights          map[string]string `json:"age_weights"`
	}
	corridorJSON struct {
		Rule        string `json:"rule"`
		SurplusKeep string `json:"surplus_keep"`
		OverBand    string `json:"over_band"`
		OverShare   string `json:"over_share"`
		LowUseRatio string `json:"low_use_ratio"`
	}
	advancesJSON struct {
		AdvanceRatio   string `json:"advance_ratio"`
		DepositRatio   string `json:"deposit_ratio"`
		AssessmentRule string `json:"assessment_rule"`
	}
)

func strp(s string) *string { return &s }

// ratio4 formats num ÷ den with 4 decimals, half-up (den > 0).
func ratio4(num, den int64) string {
	v, err := pointvalue.ExactFrac(num, den).Mul(10_000).Round(1, pointvalue.HalfUp)
	if err != nil {
		return "0"
	}
	return pointvalue.Factor(v * 10_000).Format(4)
}

// fundPolicy sets a fund's budget so that its pools are about 0.9 × the
// fund-paid cost of its cases (inpatient) and its capita spending ÷ 0.85 (the
// derived standard holds back 15%, CAP-2), after 5% carve-outs and the 5% reserve.
func (b *Batch) fundPolicy(f int) (fundJSON, error) {
	t := &b.Totals[f]
	method := b.Options.Method
	M := drgM[f]
	if method == DIP {
		M = dipM[f]
	}
	cost, share := int64(t.TotalCost), int64(t.PatientShare)
	paid := cost - share
	t.InpatientPool = pointvalue.Money(paid * 9 / 10)
	t.CapitaPool = pointvalue.Money(int64(t.CapitaSpending) * 100 / 85)
	T := int64(t.InpatientPool + t.CapitaPool)
	// budget B: pools T = 0.95 (reserve) × 0.95 (carve-outs 2% + 3%) × B
	B, err := pointvalue.ExactFrac(T, 9_025).Mul(10_000).Round(1, pointvalue.HalfUp)
	if err != nil {
		return fundJSON{}, err
	}
	B = (B + 99) / 100 * 100
	t.Budget = pointvalue.Money(B)
	offsite := B * 3 / 100 / 100 * 100
	fj := fundJSON{
		Carveouts: []carveoutJSON{
			{Name: "offsite", Amount: pointvalue.Money(offsite).String()},
			{Name: "itemised", Ratio: "0.02"},
		},
		ReserveRatio:  "0.05",
		RegionAvgCost: pointvalue.Money(M).String(),
	}
	if f == 0 {
		fj.Budget = budgetJSON{Method: "given", Amount: pointvalue.Money(B).String()}
	} else {
		prior := (B*100/104 + 50) / 100 * 100
		fj.Budget = budgetJSON{Method: "growth", PriorExpenditure: pointvalue.Money(prior).String(), GrowthRate: "0.04"}
		got, err := pointvalue.ExactFrac(prior, 100).Mul(104).Round(1, pointvalue.HalfUp)
		if err != nil {
			return fundJSON{}, err
		}
		t.Budget = pointvalue.Money(got)
	}
	capRatio := "0.0000"
	inpRatio := "1.0000"
	if T > 0 {
		c4, err := pointvalue.ExactFrac(int64(t.CapitaPool), T).Mul(10_000).Round(1, pointvalue.HalfUp)
		if err != nil {
			return fundJSON{}, err
		}
		capRatio = pointvalue.Factor(c4 * 10_000).Format(4)
		inpRatio = pointvalue.Factor((10_000 - c4) * 10_000).Format(4)
	}
	fj.Pools.Ratios = map[string]string{method: inpRatio, "capita": capRatio}
	pv := pointValueJSON{ReimbursementRatio: "0.75"}
	if cost > 0 {
		pv.ReimbursementRatio = ratio4(paid, cost)
	}
	// A budget point value (PV-3 stand-in) from the points the cases should make.
	var cents int64
	switch {
	case cost <= 0 || paid <= 0:
	case method == DRG: // points ≈ cost ÷ M × 100; PV = (pool + share) ÷ points
		pv.Formula = "with-patient-share"
		cents, err = pointvalue.ExactFrac(int64(t.InpatientPool)+share, cost*100).Mul(M).Round(1, pointvalue.HalfUp)
	default: // points ≈ cost ÷ (1.15 M) × 1000; PV = pool ÷ ratio ÷ points
		cents, err = pointvalue.ExactFrac(int64(t.InpatientPool), paid*100_000).Mul(M*115).Round(1, pointvalue.HalfUp)
	}
	if err != nil {
		return fundJSON{}, err
	}
	if method == DRG {
		pv.Formula = "with-patient-share"
	} else {
		pv.Formula = "by-reimbursement-ratio"
	}
	if cents > 0 {
		pv.BudgetPointValue = strp(pointvalue.Money(cents).String())
	}
	fj.PointValue = pv
	return fj, nil
}

func (b *Batch) policy() ([]byte, error) {
	opt := b.Options
	p := policyJSON{
		Region: Region, Year: opt.Year, Version: "synth-" + itoa(opt.Seed),
		InpatientMethod: opt.Method, PointScale: 4, PointValueScale: 6,
		Rounding: "half-up", Distribution: "point-value",
	}
	var err error
	if p.Funds.Employee, err = b.fundPolicy(0); err != nil {
		return nil, err
	}
	if p.Funds.Resident, err = b.fundPolicy(1); err != nil {
		return nil, err
	}
	if opt.Method == DRG {
		p.DRG = &drgJSON{
			HighThresholds: [][2]*string{{strp("100"), strp("3")}, {strp("300"), strp("2")}, {nil, strp("1.5")}},
			LowRatio:       "0.4", ReadmitDays: 15, ReadmitFactor: "0.5",
			SpecialMaxShare: "0.05", SpecialScope: "hospital",
		}
	} else {
		p.DIP = &dipJSON{
			ScoreScale: 1000, HighRule: "formula", HighRatio: "2", LowRatio: "0.5",
			ExtremeRatio: "5",
			LevelCoefficients: map[string]string{levelNames[0]: dipLevelCoefStr[0],
				levelNames[1]: dipLevelCoefStr[1], levelNames[2]: dipLevelCoefStr[2]},
			PrimaryCoefficient: "1", TCMBonus: "0.05", TCMShareMin: "0.5",
			SeverityCoefficients: map[string]string{"2": "1.05", "3": "1.1"},
			ReadmitDays:          15, ReadmitFactor: "0.5",
			SpecialMaxShare: "0.005", SpecialScope: "region", UngroupedFactor: "1",
		}
	}
	p.BedDay = beddayJSON{
		Rates:    map[string]map[string]string{},
		Segments: [][2]any{{60, "1"}, {90, "0.9"}, {nil, "0.8"}},
		Pool:     "inpatient",
	}
	for _, br := range beddayRates {
		m := map[string]string{}
		for lv, rate := range br.rates {
			m[levelNames[lv]] = itoa(uint64(rate))
		}
		p.BedDay.Rates[br.category] = m
	}
	p.Capita = capitaJSON{RiskRatio: "0.10", SeriousIllnessRatio: "0.05", AgeWeights: map[string]string{}}
	for _, band := range ageBands {
		p.Capita.AgeWeights[band.band] = pointvalue.Factor(band.weight * 1_000_000).String()
	}
	p.Corridor = corridorJSON{Rule: "bands", SurplusKeep: "1", OverBand: "0.10", OverShare: "0.5", LowUseRatio: "0.5"}
	p.Advances = advancesJSON{AdvanceRatio: "0.90", DepositRatio: "0.05", AssessmentRule: "deposit"}
	out, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func itoa(v uint64) string { return string(appendPadded(nil, v, 1)) }
