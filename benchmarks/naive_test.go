package benchmarks

import (
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/shopspring/decimal"
)

// naiveCase is a DRG case as a straightforward decimal implementation holds it:
// every amount a decimal.Decimal, the hospital by its id.
type naiveCase struct {
	cost          decimal.Decimal
	rw, avg, coef decimal.Decimal // avg is zero when the table gives none (reference RW × M, A09)
	special       decimal.Decimal
	hospital      string
	grouped       bool
	stable        bool
	incomplete    bool
	readmit       bool
	hasSpecial    bool // approved (not refused by the DRG-8 cap)
}

var (
	dHundred = decimal.NewFromInt(100)
	dThree   = decimal.NewFromInt(3)
	dTwo     = decimal.NewFromInt(2)
	dOneHalf = decimal.RequireFromString("1.5")
	dLow     = decimal.RequireFromString("0.4")
	dHalf    = decimal.RequireFromString("0.5")
	d300     = decimal.NewFromInt(300)
)

func dec(v int64, exp int32) decimal.Decimal { return decimal.New(v, exp) }

// naiveDRG converts the loop's columns to naive records, by row (the flags of
// DRG-7 and DRG-8 are the loop's, so both score the same cases), and each
// fund's M.
func naiveDRG(d *loopData) (recs []naiveCase, m [param.NumFunds]decimal.Decimal) {
	in := &d.drgIn
	for f := range m {
		m[f] = dec(int64(d.policy.Funds[f].RegionAvgCost), -2)
	}
	recs = make([]naiveCase, d.n)
	for i := range recs {
		h := &d.hosp[in.Hospital[i]]
		fl := in.Flags[i]
		k, _, _ := h.CoefficientFor(param.DRG, d.fundOf[i], d.policy)
		r := naiveCase{cost: dec(int64(in.Cost[i]), -2),
			coef:       dec(int64(k), -8),
			hospital:   h.ID,
			incomplete: fl&drg.FlagIncomplete != 0, readmit: fl&drg.FlagReadmitted != 0,
			hasSpecial: fl&drg.FlagSpecial != 0 && fl&drg.FlagSpecialRefused == 0,
			special:    dec(int64(in.Special[uint32(i)]), -8)}
		if g := in.Group[i]; g >= 0 {
			w := &d.weights.Groups[g]
			r.grouped, r.stable = true, w.Stable
			r.rw, r.avg = dec(int64(w.Weight), -8), dec(int64(w.AvgCost), -2)
		}
		recs[i] = r
	}
	return recs, m
}

// naiveScore is DRG-5 (with DRG-7's factor and DRG-8's approved points) the way
// a first implementation writes it with shopspring/decimal: Div at the library's
// default 16-digit precision, Mul, and Round(4) at the end. Thresholds and
// ratios are the defaults of docs/rules.md (high: base ≤ 100 → 3, ≤ 300 → 2, else
// 1.5; low: 0.4; readmission 0.5).
func naiveScore(r *naiveCase, M decimal.Decimal) decimal.Decimal {
	if r.hasSpecial {
		return r.special
	}
	var pts decimal.Decimal
	if !r.grouped || !r.stable {
		pts = r.cost.Div(M).Mul(dHundred) // ungrouped or unstable: cost ÷ M × 100
	} else {
		base := r.rw.Mul(dHundred).Round(4)
		ref := r.avg
		if ref.IsZero() {
			ref = r.rw.Mul(M)
		}
		ratio := r.cost.Div(ref)
		t := dOneHalf
		if base.LessThanOrEqual(dHundred) {
			t = dThree
		} else if base.LessThanOrEqual(d300) {
			t = dTwo
		}
		switch {
		case r.incomplete || ratio.LessThan(dLow): // low: min(base, base × coef × ratio)
			pts = decimal.Min(base, base.Mul(r.coef).Mul(ratio))
		case ratio.GreaterThan(t): // high: base × coef + base × (ratio − T)
			pts = base.Mul(r.coef).Add(base.Mul(ratio.Sub(t)))
		default:
			pts = base.Mul(r.coef)
		}
	}
	if r.readmit {
		pts = pts.Mul(dHalf)
	}
	return pts.Round(4)
}

// naiveLoop scores every case and sums points per hospital id, per fund.
func naiveLoop(recs []naiveCase, m [param.NumFunds]decimal.Decimal, d *loopData) [param.NumFunds]map[string]decimal.Decimal {
	var sums [param.NumFunds]map[string]decimal.Decimal
	for f := range sums {
		sums[f] = map[string]decimal.Decimal{}
		for _, i := range d.rows[f] {
			r := &recs[i]
			sums[f][r.hospital] = sums[f][r.hospital].Add(naiveScore(r, m[f]))
		}
	}
	return sums
}

// pointsOf converts a decimal with at most 8 decimals to Points.
func pointsOf(d decimal.Decimal) pointvalue.Points {
	return pointvalue.Points(d.Shift(8).IntPart())
}
