package budget_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Property tests of docs/rules.md section 11, items 1–5, on random policies and
// batches from a fixed seed (math/rand/v2's PCG): every run is the same run.

const propRuns = 800

// propWeights: stable groups of RW 0.5, 1 and 2.5 and an unstable one.
func propWeights(t testing.TB) *drg.Weights {
	w, err := drg.NewWeights([]drg.Group{
		{Code: "P1", Weight: pointvalue.MustFactor("0.5"), AvgCost: m("5000.00"), Stable: true},
		{Code: "P2", Weight: pointvalue.One, AvgCost: m("10000.00"), Stable: true},
		{Code: "P3", Weight: pointvalue.MustFactor("2.5"), Stable: true}, // reference RW × M
		{Code: "PU", Weight: pointvalue.MustFactor("1.5"), AvgCost: m("15000.00"), Stable: false},
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

type propGen struct {
	r *rand.Rand
	// noSpecial leaves out special-review claims (their cap depends on the count
	// of cases, so adding a case could change another's points).
	noSpecial bool
	noBand    bool
}

func (g *propGen) money(lo, hi int64) pointvalue.Money {
	return pointvalue.Money(lo + g.r.Int64N(hi-lo+1))
}

func (g *propGen) factor(lo, hi int64) pointvalue.Factor { // in hundredths
	return pointvalue.Factor((lo + g.r.Int64N(hi-lo+1)) * 1_000_000)
}

var propFormulas = []pointvalue.Formula{pointvalue.WithPatientShare, pointvalue.ByReimbursementRatio, pointvalue.FundOnly, pointvalue.FixedRate}

// policy draws a random policy: one or both funds, a random formula, reserve,
// band, pools (with or without per capita), corridor and assessment terms.
func (g *propGen) policy() *policy.Policy {
	r := g.r
	p := policy.Default("P", 2025, "prop")
	p.DRG.SpecialMaxShare = g.factor(0, 50)
	p.Distribution = distribution(r.IntN(3) == 0)
	p.Rounding = []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven}[r.IntN(2)]
	p.BedDay.Rates = map[string]bedday.Rates{"psychiatric": {
		Rate: [param.NumLevels]pointvalue.Money{m("420"), m("310"), m("205")},
		Has:  [param.NumLevels]bool{true, true, true}}}
	p.Corridor = policy.Corridor{Rule: policy.CorridorRule(r.IntN(2)), SurplusKeep: g.factor(0, 100),
		OverBand: g.factor(0, 30), OverShare: g.factor(0, 100), LowUseRatio: g.factor(0, 100)}
	p.Advances.DepositRatio = g.factor(0, 10)
	p.Advances.AssessmentRule = policy.AssessmentRule(r.IntN(2))
	if r.IntN(3) == 0 {
		p.Capita.Standard, p.Capita.HasStandard = g.money(5000, 50000), true
	}
	// the DRG-side variants, switched on at random: VAR-7, VAR-11, VAR-12
	p.DRG.IncompleteWithoutCoefficient = r.IntN(4) == 0
	if r.IntN(4) == 0 {
		p.BedDay.Rates = nil
		p.BedDay.Points = map[string]bedday.DailyPoints{"psychiatric": {
			Points: [param.NumLevels]pointvalue.Points{pointvalue.MustPoints("4.2"), pointvalue.MustPoints("3.1"), pointvalue.MustPoints("2.05")},
			Has:    [param.NumLevels]bool{true, true, true}}}
	}
	switch r.IntN(5) {
	case 0:
		p.DRG.Exclude = param.Exclusion{MaxDaysShort: 1 + r.IntN(3)}
	case 1:
		p.DRG.Exclude = param.Exclusion{MinDaysLong: 20 + r.IntN(20), AsBedDay: true, Category: "psychiatric"}
	}
	for f := range param.Fund(param.NumFunds) {
		if f == param.Resident && r.IntN(2) == 0 {
			continue
		}
		fp := policy.NewFund(g.money(50_000_00, 5_000_000_00))
		fp.ReserveRatio = g.factor(0, 15)
		fp.RegionAvgCost = m("10000.00")
		formula := propFormulas[r.IntN(len(propFormulas))]
		if p.Distribution == policy.ExactShare && (formula == pointvalue.ByReimbursementRatio || formula == pointvalue.FixedRate) {
			formula = pointvalue.FundOnly
		}
		pvp := &fp.PointValue
		pvp.Formula, pvp.FormulaGiven = formula, true
		pvp.ReimbursementRatio, pvp.HasReimbursementRatio = g.factor(50, 100), true
		if formula == pointvalue.FixedRate {
			pvp.FixedRate, pvp.HasFixedRate = pointvalue.PointValue(g.money(5000, 20000))*1_000_000, true
		}
		if r.IntN(2) == 0 {
			pvp.BudgetPointValue, pvp.HasBudgetPointValue = pointvalue.PointValue(g.money(5000, 20000))*1_000_000, true
			if !g.noBand && r.IntN(2) == 0 {
				pvp.BandDown, pvp.HasBandDown = g.factor(0, 20), true
				pvp.BandUp, pvp.HasBandUp = g.factor(0, 20), true
			}
		}
		if r.IntN(2) == 0 { // a per-capita pool beside the DRG pool
			fp.Pools = policy.Pools{Kind: policy.PoolsRatios}
			fp.Pools.Named[param.DRG], fp.Pools.Named[param.Capita] = true, true
			c := g.factor(5, 40)
			fp.Pools.Ratios[param.Capita], fp.Pools.Ratios[param.DRG] = c, pointvalue.One-c
		}
		p.Funds[f] = fp
	}
	return p
}

// input draws a year for p: hospitals, cases of every settled fund (at least one
// per fund), members and spending for capita pools, adjustments. The cases are
// returned as a slice (in.Cases is nil) for the tests to change; propSettle
// makes them a batch.
func (g *propGen) input(t testing.TB, p *policy.Policy) (budget.Input, []budget.Case) {
	r := g.r
	in := budget.Input{Policy: p, Weights: propWeights(t)}
	if r.IntN(3) == 0 { // VAR-4: group factors and level coefficients
		gs := append([]drg.Group(nil), in.Weights.Groups...)
		for i := range gs {
			if r.IntN(2) == 0 {
				gs[i].Factor = g.factor(80, 130)
			}
			if r.IntN(2) == 0 {
				gs[i].CoefByLevel[r.IntN(param.NumLevels)] = g.factor(80, 130)
			}
		}
		w, err := drg.NewWeights(gs)
		if err != nil {
			t.Fatal(err)
		}
		in.Weights = w
	}
	var cases []budget.Case
	nh := 2 + r.IntN(5)
	for i := range nh {
		h := budget.Hospital{Line: i + 2, ID: fmt.Sprintf("H%02d", i), Level: param.Level(r.IntN(3)),
			Assessment: g.factor(8000, 10000), HasAssessment: true}
		if r.IntN(2) == 0 {
			h.Coefficient, h.HasCoefficient = g.factor(70, 140), true
		}
		if r.IntN(3) == 0 { // VAR-3: a per-fund coefficient
			f := param.Fund(r.IntN(param.NumFunds))
			h.FundCoefficient[f], h.HasFundCoefficient[f] = g.factor(70, 140), true
		}
		in.Hospitals = append(in.Hospitals, h)
	}
	groups := []string{"P1", "P2", "P3", "PU", "", "XX"}
	nc := 5 + r.IntN(60)
	for i := range nc {
		f := param.Employee
		if p.Funds[param.Resident] != nil && (p.Funds[param.Employee] == nil || r.IntN(2) == 0) {
			f = param.Resident
		}
		if i == 0 {
			f = param.Employee
		}
		if i == 1 && p.Funds[param.Resident] != nil {
			f = param.Resident
		}
		cases = append(cases, g.drgCase(fmt.Sprintf("C%04d", i), in.Hospitals[r.IntN(nh)].ID, f, groups))
		cases[i].Line = i + 2
	}
	for f := range param.Fund(param.NumFunds) {
		fp := p.Funds[f]
		if fp == nil || !fp.Pools.Named[param.Capita] {
			continue
		}
		for i, h := range in.Hospitals {
			if i > 0 && r.IntN(2) == 0 {
				continue
			}
			in.Members = append(in.Members, budget.Members{Line: len(in.Members) + 2, Institution: h.ID, Fund: f, AgeBand: "all", Members: 1 + r.Int64N(5000)})
			if r.IntN(3) > 0 {
				in.Spending = append(in.Spending, budget.Spending{Line: len(in.Spending) + 2, Institution: h.ID, Fund: f,
					Own: g.money(0, 50_000_000), Referred: g.money(0, 10_000_000)})
			}
		}
	}
	// adjustments for some settled DRG rows
	seen := map[string]bool{}
	for _, c := range cases {
		k := c.HospitalID + c.Fund.String()
		if seen[k] || r.IntN(3) > 0 {
			continue
		}
		seen[k] = true
		a := budget.Adjustment{Line: len(in.Adjustments) + 2, Hospital: c.HospitalID, Fund: c.Fund, Method: param.DRG,
			Deductions: g.money(0, 100_000)}
		if r.IntN(2) == 0 {
			a.AdvancesPaid, a.HasAdvancesPaid = g.money(0, 10_000_000), true
		}
		in.Adjustments = append(in.Adjustments, a)
	}
	return in, cases
}

func (g *propGen) drgCase(id, hosp string, f param.Fund, groups []string) budget.Case {
	r := g.r
	admit := pointvalue.DateOf(2025, 1, 1) + pointvalue.Date(r.IntN(300))
	c := budget.Case{ID: id, HospitalID: hosp, Fund: f, Group: groups[r.IntN(len(groups))],
		Admit: admit, Discharge: admit + pointvalue.Date(r.IntN(40)),
		TotalCost: g.money(100_00, 8_000_000)}
	c.PatientShare = pointvalue.Money(r.Int64N(int64(c.TotalCost) + 1))
	if r.IntN(3) == 0 {
		c.PatientID = "pt" + strconv.Itoa(r.IntN(5))
	}
	c.Incomplete = r.IntN(8) == 0
	if !g.noSpecial && r.IntN(8) == 0 {
		c.SpecialPoints, c.HasSpecial = pointvalue.PointsFromInt(r.Int64N(400)), true
	}
	if r.IntN(10) == 0 {
		c.BedDayCategory = "psychiatric"
	}
	return c
}

func propOutputs(t testing.TB, res *budget.Result) []byte {
	var b bytes.Buffer
	for _, w := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return files.WriteHospitals(b, res) }, func(b *bytes.Buffer) error { return files.WriteCases(b, res) },
		func(b *bytes.Buffer) error { return files.WritePools(b, res) }, func(b *bytes.Buffer) error { return files.WriteLedger(b, res.Ledger) },
	} {
		if err := w(&b); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// propSettle settles in with the cases as a new batch.
func propSettle(t testing.TB, run int, in budget.Input, cases []budget.Case) *budget.Result {
	t.Helper()
	in.Cases = budget.NewBatch(cases)
	return propSettleBatch(t, run, in, budget.Options{})
}

// propSettleBatch settles in (its batch as it is) with opt.
func propSettleBatch(t testing.TB, run int, in budget.Input, opt budget.Options) *budget.Result {
	t.Helper()
	res, err := budget.Settle(context.Background(), in, opt)
	if err != nil {
		t.Fatalf("run %d: %v", run, err)
	}
	return res
}

// Items 1 and 2: BUD-7 balances for every fund and NUM-7 conserves for every pool,
// with a zero residual under exact-share (floating pools, no overrun).
func TestPropertyLedgerAndConservation(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(1, 7))}
	seen := map[string]int{} // the paths the random years went through
	for run := range propRuns {
		p := g.policy()
		in, cases := g.input(t, p)
		res := propSettle(t, run, in, cases)
		for _, h := range res.Hospitals {
			for _, f := range h.Flags {
				seen[f]++
			}
		}
		for _, pr := range res.Pools {
			seen["band"] += pr.Band * pr.Band
			if pr.FloorShort {
				seen["floor-short"]++
			}
			if p.Distribution == policy.ExactShare {
				seen["exact-share"]++
			}
			if pr.Method == param.Capita {
				seen["capita"]++
			}
		}
		if !res.Balanced() || len(res.Ledger) == 0 {
			t.Fatalf("run %d: ledger %+v", run, res.Ledger)
		}
		for _, l := range res.Ledger {
			if l.Budget != l.Carveouts+l.Payments+l.ReserveEnd+l.Residual || l.ReserveEnd < 0 {
				t.Fatalf("run %d: BUD-7 %+v", run, l)
			}
		}
		for _, pr := range res.Pools {
			if pr.Pool+pr.ReserveOut-pr.ReserveIn != pr.Payments+pr.Residual {
				t.Fatalf("run %d: NUM-7 %+v", run, pr)
			}
			if p.Distribution == policy.ExactShare && pr.Method == param.DRG && pr.Formula.Floating() && pr.HasPointValue && pr.Residual != 0 {
				t.Fatalf("run %d: exact-share residual %s", run, pr.Residual)
			}
		}
	}
	t.Logf("paths: %v", seen)
	for _, k := range []string{budget.FlagClawback, budget.FlagLowUse, budget.FlagOverrun, budget.FlagReserveShort, "band", "floor-short", "exact-share", "capita"} {
		if seen[k] == 0 {
			t.Errorf("no random year went through %s: the generator needs widening", k)
		}
	}
}

// Item 3: the same input in any record order gives byte-identical outputs
// (NUM-8), whatever the number of workers (1 to 4 in turn for the permuted
// run; the first run is serial).
func TestPropertyPermutation(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(2, 7))}
	for run := range propRuns / 2 {
		in, cases := g.input(t, g.policy())
		in.Cases = budget.NewBatch(cases)
		want := propOutputs(t, propSettleBatch(t, run, in, budget.Options{Workers: 1}))
		perm := in
		perm.Cases = budget.NewBatch(shuffled(g.r, cases))
		perm.Hospitals = shuffled(g.r, in.Hospitals)
		perm.Members = shuffled(g.r, in.Members)
		perm.Spending = shuffled(g.r, in.Spending)
		perm.Adjustments = shuffled(g.r, in.Adjustments)
		got := propOutputs(t, propSettleBatch(t, run, perm, budget.Options{Workers: 1 + run%4}))
		if !bytes.Equal(got, want) {
			t.Fatalf("run %d: outputs differ under a permutation\n%s", run, settleLineDiff(string(want), string(got)))
		}
		// streamed in small batches and windows: the same bytes (NUM-8)
		if run%4 != 0 {
			continue
		}
		sin := perm
		sin.Cases = nil
		st, err := budget.NewStream(context.Background(), sin, budget.StreamOptions{Window: 3 + run%7, TempDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		sh := shuffled(g.r, cases)
		for lo := 0; lo < len(sh); lo += 5 {
			if err := st.Add(budget.NewBatch(sh[lo:min(len(sh), lo+5)])); err != nil {
				t.Fatal(err)
			}
		}
		res, err := st.Settle()
		if err != nil {
			t.Fatalf("run %d: stream: %v", run, err)
		}
		got = propOutputs(t, res)
		res.Close()
		if !bytes.Equal(got, want) {
			t.Fatalf("run %d: streamed outputs differ\n%s", run, settleLineDiff(string(want), string(got)))
		}
	}
}

func shuffled[T any](r *rand.Rand, s []T) []T {
	out := append([]T(nil), s...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// grossOf maps (fund, method, hospital) to gross and points.
func grossOf(res *budget.Result) map[string]budget.HospitalResult {
	out := map[string]budget.HospitalResult{}
	for _, h := range res.Hospitals {
		out[h.Fund.String()+"/"+h.Method.String()+"/"+h.HospitalID] = h
	}
	return out
}

// monoBound is section 11 item 4's allowance in fen: points × one unit of the
// last point-value decimal, plus one fen. points are 10⁻⁸ point, the unit
// 10^−PVScale yuan = 10^(2−PVScale) fen: ⌈points · 10^(2−PVScale) / 10⁸⌉ + 1.
//
// The quotient is computed here with math/big, half-up (half away from zero),
// independently of the code under test.
func monoBound(pts pointvalue.Points, pvScale int) pointvalue.Money {
	num := big.NewInt(int64(pts))
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(6+pvScale)), nil)
	// half-up of |num| ÷ den is ⌊(2·|num| + den) ÷ (2·den)⌋; the sign is num's
	abs := new(big.Int).Abs(num)
	q := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Lsh(abs, 1), den), new(big.Int).Lsh(den, 1))
	if num.Sign() < 0 {
		q.Neg(q)
	}
	return pointvalue.Money(q.Int64()) + 2 // ceil ≤ half-up + 1, plus the fen
}

// Item 4: more points for one hospital (one more case, share 0, no patient id,
// specials off) never lower its gross, beyond the NUM-4 allowance; a larger pool
// never lowers any hospital's gross.
func TestPropertyMonotonicity(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(3, 7)), noSpecial: true}
	for run := range propRuns {
		p := g.policy()
		in, cases := g.input(t, p)
		in.Cases = budget.NewBatch(cases)
		before := grossOf(propSettleBatch(t, run, in, budget.Options{}))

		extra := g.drgCase("ZZZZ", cases[0].HospitalID, cases[0].Fund, []string{"P1", "P2", "P3", "PU", ""})
		extra.PatientID, extra.PatientShare, extra.Line = "", 0, len(cases)+2
		after := grossOf(propSettle(t, run, in, append(slices.Clone(cases), extra)))
		pool := param.DRG
		key := extra.Fund.String() + "/" + pool.String() + "/" + extra.HospitalID
		b, a := before[key], after[key]
		if a.Points < b.Points {
			t.Fatalf("run %d: points fell %s → %s", run, b.Points, a.Points)
		}
		if a.Gross < b.Gross-monoBound(a.Points, p.PointValueScale) {
			t.Fatalf("run %d: %s gross fell %s → %s with points %s → %s", run, key, b.Gross, a.Gross, b.Points, a.Points)
		}

		// a larger budget (so larger pools, same reserve ratio)
		richer := *p
		richer.Funds = p.Funds
		for f := range param.Fund(param.NumFunds) {
			if fp := p.Funds[f]; fp != nil {
				c := *fp
				c.Budget.Amount += g.money(0, 1_000_000_00)
				richer.Funds[f] = &c
			}
		}
		rin := in // the same batch, settled again under another policy
		rin.Policy = &richer
		after = grossOf(propSettleBatch(t, run, rin, budget.Options{}))
		for k, b := range before {
			a := after[k]
			if a.Gross < b.Gross-monoBound(b.Points, p.PointValueScale) {
				t.Fatalf("run %d: a larger pool lowered %s gross %s → %s", run, k, b.Gross, a.Gross)
			}
		}
	}
}

// Item 5: two hospitals with equal points and shares get equal gross (within a
// fen under exact-share).
func TestPropertySymmetry(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(4, 7)), noSpecial: true}
	for run := range propRuns {
		p := g.policy()
		in, cases := g.input(t, p)
		twin := g.drgCase("", "", cases[0].Fund, []string{"P1", "P2", "P3", "PU", ""})
		twin.PatientID = ""
		lvl := param.Level(g.r.IntN(3))
		for i, id := range []string{"T1", "T2"} {
			in.Hospitals = append(in.Hospitals, budget.Hospital{Line: 100 + i, ID: id, Level: lvl, Assessment: 100 * pointvalue.One})
			c := twin
			c.ID, c.HospitalID, c.Line = "twin"+id, id, 1000+i
			cases = append(cases, c)
		}
		rows := grossOf(propSettle(t, run, in, cases))
		pre := twin.Fund.String() + "/drg/"
		a, b := rows[pre+"T1"], rows[pre+"T2"]
		if a.Points != b.Points || a.PatientShare != b.PatientShare {
			t.Fatalf("run %d: twins differ in points or share: %+v %+v", run, a, b)
		}
		d := a.Gross - b.Gross
		limit := pointvalue.Money(0)
		if p.Distribution == policy.ExactShare {
			limit = 1
		}
		if d > limit || -d > limit {
			t.Fatalf("run %d: twins' gross %s and %s", run, a.Gross, b.Gross)
		}
	}
}
