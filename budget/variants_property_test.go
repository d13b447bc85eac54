package budget_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Section 11's invariants 1–3 on random policies that switch on the hospital-
// and pool-level variants (VAR-6, VAR-8, VAR-9, VAR-10, VAR-13 with the
// coefficient rule), on the years of propGen: the ledger balances (BUD-7), every
// pool conserves (NUM-7), the outputs do not depend on record order or workers,
// and streaming gives what the in-memory run gives.

const variantRuns = 300

// variantYear draws a policy and a year of propGen, then switches variants on:
// a surplus cap, per-capita carry-over, monthly point values and month
// deductions, and an elastic point value with base points for every hospital.
func (g *propGen) variantYear(t testing.TB) (budget.Input, []budget.Case) {
	r := g.r
	p := g.policy()
	if r.IntN(2) == 0 { // VAR-6
		p.Corridor.SurplusCap, p.Corridor.HasSurplusCap = g.factor(0, 10), true
	}
	in, cases := g.input(t, p)
	for f := range param.Fund(param.NumFunds) {
		fp := p.Funds[f]
		if fp == nil {
			continue
		}
		a, err := p.FundAmounts(f)
		require.NoError(t, err)
		// VAR-10: a carry-over within R0 + the held-back parts.
		if p.HasPool(f, param.Capita) && !p.Capita.HasStandard && r.IntN(2) == 0 {
			risk, _ := a.Pools[param.Capita].MulFactor(p.Capita.RiskRatio, pointvalue.Down)
			serious, _ := a.Pools[param.Capita].MulFactor(p.Capita.SeriousIllnessRatio, pointvalue.Down)
			if room := a.Reserve + min(a.Pools[param.Capita], risk+serious) - 2; room > 0 { // 2 fen for the held-back parts' rounding
				p.Capita.CarryOver[f], p.Capita.HasCarryOver[f] = g.money(0, int64(room)), true
			}
		}
		// VAR-9: monthly point values for some months of the DRG pool.
		if r.IntN(2) == 0 {
			for mo := 1; mo <= 12; mo++ {
				if r.IntN(3) == 0 {
					p.Advances.MonthlyPointValues = append(p.Advances.MonthlyPointValues, policy.MonthlyPointValue{Fund: f, Method: param.DRG,
						Key: fmt.Sprintf("2025-%02d", mo), Year: 2025, Month: mo, Value: pointvalue.PointValue(g.money(5000, 20000)) * 1_000_000})
				}
			}
		}
		// VAR-8: an elastic DRG pool, where the policy allows one.
		pvp := &fp.PointValue
		if pvp.FormulaFor(param.DRG) != pointvalue.FixedRate && !pvp.HasBand() && p.Distribution != policy.ExactShare && r.IntN(2) == 0 {
			var sumB int64 // whole points
			for i := range in.Hospitals {
				b := r.Int64N(3000)
				in.Hospitals[i].BasePoints[f], in.Hospitals[i].HasBasePoints[f] = pointvalue.PointsFromInt(b), true
				sumB += b
			}
			if r.IntN(2) == 0 || sumB == 0 {
				pvp.Elastic = policy.Elastic{BaseShare: g.factor(10, 95), HasBaseShare: true}
			} else {
				// T = ΣB × PV_fix at most 0.9 × the pool ≤ N: PV_fix (10⁻⁸ yuan) ≤
				// 0.9 × pool fen × 10⁶ ÷ ΣB points; in whole cents of a yuan.
				most := int64(a.Pools[param.DRG]) * 9 / 10 * 1_000_000 / sumB / 1_000_000
				pvp.Elastic = policy.Elastic{FixedValue: pointvalue.PointValue(1+r.Int64N(max(1, most))) * 1_000_000, HasFixedValue: true}
			}
			if r.IntN(2) == 0 {
				pvp.Elastic.FloatCap, pvp.Elastic.HasFloatCap = pointvalue.PointValue(g.money(0, 20000))*1_000_000, true
			}
			pvp.HasElastic = true
		}
	}
	// VAR-9: month rows of deductions beside the year rows.
	n := len(in.Adjustments)
	for _, c := range cases[:min(len(cases), 6)] {
		if r.IntN(2) == 0 {
			in.Adjustments = append(in.Adjustments, budget.Adjustment{Line: n + 2, Hospital: c.HospitalID, Fund: c.Fund, Method: param.DRG,
				Deductions: g.money(0, 3_000_000), Year: 2025, Month: 1 + r.IntN(12)})
			n++
		}
	}
	in.Adjustments = dedupMonths(in.Adjustments)
	require.NoError(t, p.Validate())
	return in, cases
}

// dedupMonths keeps the first row of each (hospital, fund, method, month).
func dedupMonths(adj []budget.Adjustment) []budget.Adjustment {
	type key struct {
		h      string
		f      param.Fund
		m      param.Method
		mo     int
		yearly bool
	}
	seen := map[key]bool{}
	var out []budget.Adjustment
	for _, a := range adj {
		k := key{a.Hospital, a.Fund, a.Method, a.Month, a.Month == 0}
		if !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

// settleVariant settles a variant year; a T > N or a capped pool may still
// refuse it (those are data errors, named), which the caller skips.
func settleVariant(t testing.TB, run int, in budget.Input, opt budget.Options) *budget.Result {
	t.Helper()
	res, err := budget.Settle(context.Background(), in, opt)
	if err != nil {
		t.Fatalf("run %d: %v", run, err)
	}
	return res
}

// Invariants 1 and 2 with the variants on.
func TestPropertyVariantsLedger(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(13, 7))}
	seen := map[string]int{}
	for run := range variantRuns {
		in, cases := g.variantYear(t)
		in.Cases = budget.NewBatch(cases)
		res := settleVariant(t, run, in, budget.Options{})
		for _, h := range res.Hospitals {
			for _, v := range append(slices.Clone(h.Variants), h.Flags...) {
				seen[v]++
			}
			if h.Advances < 0 {
				seen["negative advances"]++
			}
		}
		for _, pr := range res.Pools {
			for _, v := range pr.Variants {
				seen["pool "+v]++
			}
			if pr.ElasticFloatCapped {
				seen["float capped"]++
			}
			if pr.HasElastic && !pr.HasPointValue {
				seen["no increment"]++
			}
			if pr.Pool+pr.ReserveOut-pr.ReserveIn != pr.Payments+pr.Residual {
				t.Fatalf("run %d: NUM-7 %+v", run, pr)
			}
		}
		for _, l := range res.Ledger {
			if !l.Balanced || l.Budget != l.Carveouts+l.Payments+l.ReserveEnd+l.Residual || l.ReserveEnd < 0 {
				t.Fatalf("run %d: BUD-7 %+v", run, l)
			}
		}
	}
	t.Logf("paths: %v", seen)
	for _, k := range []string{budget.FlagSurplusCapped, budget.VariantSurplusCap, budget.VariantElastic, budget.VariantMonthly,
		budget.VariantAssessment, "pool " + budget.VariantElastic, "pool " + budget.VariantMonthly, "pool " + budget.VariantCarryOver,
		"float capped", "negative advances"} {
		if seen[k] == 0 {
			t.Errorf("no random year went through %s: the generator needs widening", k)
		}
	}
}

// Invariant 3 with the variants on: any record order, any number of workers,
// the same outputs and results.
func TestPropertyVariantsPermutation(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(14, 7))}
	for run := range variantRuns / 2 {
		in, cases := g.variantYear(t)
		in.Cases = budget.NewBatch(cases)
		want := settleVariant(t, run, in, budget.Options{Workers: 1})
		perm := in
		perm.Cases = budget.NewBatch(shuffled(g.r, cases))
		perm.Hospitals = shuffled(g.r, in.Hospitals)
		perm.Members = shuffled(g.r, in.Members)
		perm.Spending = shuffled(g.r, in.Spending)
		perm.Adjustments = shuffled(g.r, in.Adjustments)
		got := settleVariant(t, run, perm, budget.Options{Workers: 1 + run%4})
		if a, b := propOutputs(t, want), propOutputs(t, got); !bytes.Equal(a, b) {
			t.Fatalf("run %d: outputs differ under a permutation\n%s", run, settleLineDiff(string(a), string(b)))
		}
		require.Equal(t, want.Hospitals, got.Hospitals, "run %d", run)
		require.Equal(t, want.Pools, got.Pools, "run %d", run)
	}
}

// Streaming = in memory with the variants on: the cases added in shuffled
// batches, settled in small windows.
func TestPropertyVariantsStream(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(15, 7))}
	for run := range variantRuns / 10 {
		in, cases := g.variantYear(t)
		in.Cases = budget.NewBatch(cases)
		want := settleVariant(t, run, in, budget.Options{})
		s, err := budget.NewStream(context.Background(), in, budget.StreamOptions{Window: 1 + g.r.IntN(9), TempDir: t.TempDir()})
		require.NoError(t, err)
		sh := shuffled(g.r, cases)
		for lo := 0; lo < len(sh); lo += 7 {
			require.NoError(t, s.Add(budget.NewBatch(sh[lo:min(lo+7, len(sh))])))
		}
		got, err := s.Settle()
		require.NoError(t, err, "run %d", run)
		if a, b := propOutputs(t, want), propOutputs(t, got); !bytes.Equal(a, b) {
			t.Fatalf("run %d: streamed outputs differ\n%s", run, settleLineDiff(string(a), string(b)))
		}
		require.Equal(t, want.Hospitals, got.Hospitals, "run %d", run)
		require.Equal(t, want.Pools, got.Pools, "run %d", run)
		require.Equal(t, want.Ledger, got.Ledger, "run %d", run)
		require.NoError(t, s.Close())
	}
}

// Invariant 5 with the variants on: two hospitals with equal points, shares and
// (VAR-8) base points get equal gross (within a fen under exact-share).
func TestPropertyVariantsSymmetry(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(16, 7)), noSpecial: true}
	for run := range variantRuns / 3 {
		in, cases := g.variantYear(t)
		twin := g.drgCase("", "", cases[0].Fund, []string{"P1", "P2", "P3", "PU", ""})
		twin.PatientID = ""
		lvl := param.Level(g.r.IntN(3))
		base := pointvalue.PointsFromInt(g.r.Int64N(3000))
		for i, id := range []string{"T1", "T2"} {
			h := budget.Hospital{Line: 100 + i, ID: id, Level: lvl, Assessment: 100 * pointvalue.One}
			for f := range param.Fund(param.NumFunds) {
				h.BasePoints[f], h.HasBasePoints[f] = base, true
				if fp := in.Policy.Funds[f]; fp != nil && fp.PointValue.Elastic.HasFixedValue {
					h.BasePoints[f] = 0 // the fixed value was drawn for the others' ΣB (T ≤ N)
				}
			}
			in.Hospitals = append(in.Hospitals, h)
			c := twin
			c.ID, c.HospitalID, c.Line = "twin"+id, id, 1000+i
			cases = append(cases, c)
		}
		in.Cases = budget.NewBatch(cases)
		rows := grossOf(settleVariant(t, run, in, budget.Options{}))
		pre := twin.Fund.String() + "/drg/"
		a, b := rows[pre+"T1"], rows[pre+"T2"]
		d := a.Gross - b.Gross
		limit := pointvalue.Money(0)
		if in.Policy.Distribution == policy.ExactShare {
			limit = 1
		}
		if a.Points != b.Points || d > limit || -d > limit || a.ElasticBasePoints != b.ElasticBasePoints {
			t.Fatalf("run %d: twins differ: %+v %+v", run, a, b)
		}
	}
}
