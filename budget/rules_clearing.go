package budget

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/rulecheck"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// FundAmount is PV-1's F: the fund money (医保基金支付) of an amount x valued in
// points under formula, by r. With-patient-share and fixed rate value points in
// total-cost terms, so F(x) = x − share (share: the patient share of the cases
// behind x); by-reimbursement-ratio: F(x) = round_fen(x × ratio); fund-only values
// points in fund money: F(x) = x. share and ratio are read only where used.
func FundAmount(formula pointvalue.Formula, x, share pointvalue.Money, ratio pointvalue.Factor, r pointvalue.Rounding) (pointvalue.Money, error) {
	if formula == pointvalue.ByReimbursementRatio && (ratio <= 0 || ratio > pointvalue.One) {
		return 0, rulecheck.Err("reimbursement_ratio", ratio, pointvalue.ErrRange)
	}
	if formula > pointvalue.FixedRate {
		return 0, rulecheck.Err("point_value.formula", formula, pointvalue.ErrEnum)
	}
	return formula.FundMoney(x, share, ratio, r)
}

// MonthlyAdvance is CLR-1 for one month (月度预结算): round_fen(max(0, fund amount
// of the month's cases at the budget point value) × advanceRatio) by r.
func MonthlyAdvance(fundAmount pointvalue.Money, advanceRatio pointvalue.Factor, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := rulecheck.Ratio("advance_ratio", advanceRatio); err != nil {
		return 0, err
	}
	return max(0, fundAmount).MulFactor(advanceRatio, r)
}

// Advances is CLR-1 for the year: Σ_m MonthlyAdvance(monthly[m]), each month
// rounded on its own. monthly holds the fund amount of each discharge month (any
// number of months; empty months may be left out).
func Advances(monthly []pointvalue.Money, advanceRatio pointvalue.Factor, r pointvalue.Rounding) (pointvalue.Money, error) {
	var total pointvalue.Money
	for _, m := range monthly {
		a, err := MonthlyAdvance(m, advanceRatio, r)
		if err != nil {
			return 0, err
		}
		total += a
	}
	return total, nil
}

// CapitaAdvances is CLR-1 for a per-capita institution: the year's advances
// round_fen(max(0, B_i − referred) × advanceRatio) by r (the referred spending was
// already paid on its behalf, CAP-4), spread evenly over the 12 months by largest
// remainder, the odd fen to the earlier months (as BUD-5). Σ months = total.
func CapitaAdvances(budget, referred pointvalue.Money, advanceRatio pointvalue.Factor, r pointvalue.Rounding) (total pointvalue.Money, months [12]pointvalue.Money, err error) {
	if total, err = MonthlyAdvance(budget-referred, advanceRatio, r); err != nil {
		return 0, months, err
	}
	months, err = MonthlySchedule(total, nil)
	return total, months, err
}

// CorridorBand is the band of CLR-2's corridor a hospital falls in.
type CorridorBand uint8

const (
	BandNone    CorridorBand = iota // no corridor: rule none, or S ≤ 0 (A31); C = S
	BandSurplus                     // r ≤ 1: 结余
	BandShared                      // 1 < r ≤ 1 + OverBand: overspend shared (超支分担)
	BandOver                        // r > 1 + OverBand: the rest is the hospital's loss
)

var bandNames = [...]string{"none", "surplus", "shared", "over"}

// String returns the CSV spelling: "none", "surplus", "shared" or "over".
func (b CorridorBand) String() string {
	if int(b) < len(bandNames) {
		return bandNames[b]
	}
	return "band(?)"
}

// FlagLowUse is CLR-2's flag for r < LowUseRatio.
const FlagLowUse = "low-use"

// CorridorResult is the outcome of CLR-2 for one hospital and pool.
type CorridorResult struct {
	Band   CorridorBand
	Amount pointvalue.Money // C, in the same terms as S
	LowUse bool             // r < LowUseRatio (surplus band only)
	Capped bool             // VAR-6: the surplus cap was strictly the smaller term (flag surplus-capped)
}

// FlagSurplusCapped is VAR-6's flag on a row whose retained surplus the cap limited.
const FlagSurplusCapped = "surplus-capped"

// CorridorAmount is CLR-2, the surplus/overspend corridor (结余留用、超支分担), for
// gross S and actual cost A in the same terms. r = A ÷ S is compared exactly by
// cross-multiplying (NUM-5); C is rounded to the fen by r once:
//
//	r ≤ 1:               C = A + SurplusKeep × (S − A)       (surplus; low-use when r < LowUseRatio)
//	1 < r ≤ 1+OverBand:  C = S + OverShare × (A − S)         (shared)
//	r > 1+OverBand:      C = S + OverShare × OverBand × S    (over)
//
// With a surplus cap (VAR-6, 结余留用上限) the surplus band keeps at most
// SurplusCap × S: C = A + min(SurplusKeep × (S − A), SurplusCap × S), the two
// terms compared exactly and C rounded once; Capped when the cap term is
// strictly the smaller. Rule none, or S ≤ 0 (A31), gives band none and C = S. A
// negative A is ErrNegative; terms out of range ErrRange.
func CorridorAmount(s, a pointvalue.Money, t policy.Corridor, r pointvalue.Rounding) (CorridorResult, error) {
	if err := rulecheck.NonNeg("actual_cost", a); err != nil {
		return CorridorResult{}, err
	}
	switch t.Rule {
	case policy.CorridorNone:
		return CorridorResult{Band: BandNone, Amount: s}, nil
	case policy.CorridorBands:
	default:
		return CorridorResult{}, rulecheck.Err("corridor.rule", t.Rule, pointvalue.ErrEnum)
	}
	for _, c := range []struct {
		f string
		v pointvalue.Factor
	}{{"corridor.surplus_keep", t.SurplusKeep}, {"corridor.over_share", t.OverShare}, {"corridor.low_use_ratio", t.LowUseRatio}, {"corridor.surplus_cap", t.SurplusCap}} {
		if err := rulecheck.Ratio(c.f, c.v); err != nil {
			return CorridorResult{}, err
		}
	}
	if t.OverBand < 0 {
		return CorridorResult{}, rulecheck.Err("corridor.over_band", t.OverBand, pointvalue.ErrNegative)
	}
	if s <= 0 {
		return CorridorResult{Band: BandNone, Amount: s}, nil // A31
	}
	r0 := pointvalue.ExactFrac(int64(a), int64(s)).Mul(pointvalue.FactorUnit) // r = A ÷ S, in 10⁻⁸
	// C is rounded as a whole, once (A65): under half-even a tie of the
	// increment alone could round the other way.
	round := func(x pointvalue.Exact) (pointvalue.Money, error) {
		v, err := x.Round(1, r)
		return pointvalue.Money(v), err
	}
	switch {
	case a <= s:
		// C = A + min(keep × (S − A), cap × S) (VAR-6), the two terms compared exactly
		res := CorridorResult{Band: BandSurplus, LowUse: r0.Cmp(pointvalue.ExactInt(int64(t.LowUseRatio))) < 0}
		kept := pointvalue.ExactInt(int64(s-a)).MulFrac(int64(t.SurplusKeep), pointvalue.FactorUnit)
		if t.HasSurplusCap {
			if cp := pointvalue.ExactInt(int64(s)).MulFrac(int64(t.SurplusCap), pointvalue.FactorUnit); cp.Cmp(kept) < 0 {
				kept, res.Capped = cp, true
			}
		}
		var err error
		res.Amount, err = round(pointvalue.ExactInt(int64(a)).Add(kept))
		return res, err
	case r0.Cmp(pointvalue.ExactInt(int64(pointvalue.One+t.OverBand))) <= 0:
		// C = S + share × (A − S)
		c, err := round(pointvalue.ExactInt(int64(s)).Add(pointvalue.ExactInt(int64(a-s)).MulFrac(int64(t.OverShare), pointvalue.FactorUnit)))
		return CorridorResult{Band: BandShared, Amount: c}, err
	default:
		// C = S + S × OverShare × OverBand
		c, err := round(pointvalue.ExactInt(int64(s)).Add(pointvalue.ExactInt(int64(s)).MulFrac(int64(t.OverShare), pointvalue.FactorUnit).MulFrac(int64(t.OverBand), pointvalue.FactorUnit)))
		return CorridorResult{Band: BandOver, Amount: c}, err
	}
}

// FlagReserveShort is BUD-3's flag on a row whose corridor draw was scaled down.
const FlagReserveShort = "reserve-short"

// ScaleDraws is BUD-3's scaling of corridor draws (section 13, last step of the
// reserve order): when Σ draws exceeds the balance the reserve holds, every draw is
// scaled by the same ratio balance ÷ Σ draws by largest remainder to the fen, ties
// to the smaller index (the caller orders rows by (hospital id, method)), so Σ paid
// = balance exactly; short[i] reports that row i got less than it drew (flag
// reserve-short). When the balance covers them, paid = draws and no row is short.
// Negative draws or balance are ErrNegative.
func ScaleDraws(draws []pointvalue.Money, balance pointvalue.Money) (paid []pointvalue.Money, short []bool, err error) {
	if err := rulecheck.NonNeg("reserve balance", balance); err != nil {
		return nil, nil, err
	}
	w := make([]int64, len(draws))
	var sum pointvalue.Money
	for i, d := range draws {
		if err := rulecheck.NonNeg(fmt.Sprintf("draw[%d]", i), d); err != nil {
			return nil, nil, err
		}
		w[i] = int64(d)
		if sum += d; sum < 0 {
			return nil, nil, rulecheck.Err("draws", "sum", pointvalue.ErrOverflow)
		}
	}
	short = make([]bool, len(draws))
	if sum <= balance {
		paid = make([]pointvalue.Money, len(draws))
		copy(paid, draws)
		return paid, short, nil
	}
	if paid, err = pointvalue.Allocate(balance, w); err != nil {
		return nil, nil, err
	}
	for i := range paid {
		short[i] = paid[i] < draws[i]
	}
	return paid, short, nil
}

// CLR-3's score range: q in [0, 100].
const fullScore = 100 * pointvalue.One

// Entitlement is CLR-3's E under the deposit rule: F(C) − audit deductions
// (审核扣减, which go to the reserve), fundC being FundAmount of the corridor
// amount. Assess gives E under either rule.
func Entitlement(fundC, deductions pointvalue.Money) pointvalue.Money { return fundC - deductions }

// CapitaEntitlement is CLR-3's E for a per-capita institution under the deposit
// rule: C − referred spending (already paid on its behalf, CAP-4) − audit deductions.
func CapitaEntitlement(c, referred, deductions pointvalue.Money) pointvalue.Money {
	return c - referred - deductions
}

// Assessment is the outcome of CLR-3 and CLR-4's final for one row.
type Assessment struct {
	Entitlement pointvalue.Money // E
	Deposit     pointvalue.Money // D (质量保证金); 0 under the coefficient rule
	Returned    pointvalue.Money // the part of D returned for the score
	ToReserve   pointvalue.Money // D − returned (forfeited), or under the coefficient rule what the coefficient took; the deductions not included
	Final       pointvalue.Money // CLR-4: E − D + returned (under the coefficient rule, E)
}

// Assess is CLR-3's entitlement and quality assessment (考核) and CLR-4's final
// amount for one row, all by r, under the policy's AssessmentRule and
// DepositRatio (the advance ratio is not read). fc is the fund money the
// corridor gives the row (F(C), or F(S) + its scaled draw; for a per-capita
// institution C − referred spending, CAP-4), deductions the audit deductions
// (审核扣减, which go to the reserve) and q the score in [0, 100] (ErrRange
// outside):
//
//	deposit:     E = fc − deductions, D = round_fen(DepositRatio × max(0, E)),
//	             returned = round_fen(D × q ÷ 100), forfeited = D − returned,
//	             final = E − D + returned;
//	coefficient: E = round_fen(fc × q ÷ 100) − deductions when fc > 0, else
//	             fc − deductions (A33); no deposit, final = E, and
//	             fc − round_fen(fc × q ÷ 100) goes to the reserve.
//
// The coefficient applies before the deductions (VAR-13, the DIP 3.0 draft's
// 〔Σ(分值 × 点值 × 支付比例)〕 × 考核系数 − Σ审核扣减): the earlier order,
// deductions first, misread the draft.
func Assess(fc, deductions pointvalue.Money, q pointvalue.Factor, t policy.Advances, r pointvalue.Rounding) (Assessment, error) {
	var as Assessment
	if q < 0 || q > fullScore {
		return as, rulecheck.Err("assessment", q, pointvalue.ErrRange)
	}
	switch t.AssessmentRule {
	case policy.AssessDeposit:
		if err := rulecheck.Ratio("deposit_ratio", t.DepositRatio); err != nil {
			return as, err
		}
		e := fc - deductions
		var err error
		if as.Deposit, err = max(0, e).MulFactor(t.DepositRatio, r); err != nil {
			return as, err
		}
		ret, err := pointvalue.ExactFrac(int64(as.Deposit), int64(fullScore)).Mul(int64(q)).Round(1, r)
		if err != nil {
			return as, err
		}
		as.Entitlement = e
		as.Returned = pointvalue.Money(ret)
		as.ToReserve = as.Deposit - as.Returned
		as.Final = e - as.Deposit + as.Returned
	case policy.AssessCoefficient:
		kept := fc
		if fc > 0 {
			k, err := pointvalue.ExactFrac(int64(fc), int64(fullScore)).Mul(int64(q)).Round(1, r)
			if err != nil {
				return as, err
			}
			kept = pointvalue.Money(k)
		}
		as.ToReserve = fc - kept
		as.Entitlement = kept - deductions
		as.Final = as.Entitlement
	default:
		return as, rulecheck.Err("advances.assessment_rule", t.AssessmentRule, pointvalue.ErrEnum)
	}
	return as, nil
}

// ClearingResult is CLR-4's year-end clearing (年度清算) of one row.
type ClearingResult struct {
	Clearing           pointvalue.Money  // final − advances: paid when positive, recovered when negative
	SettlementRatio    pointvalue.Factor // 结付率 final ÷ advances, 4 decimals half-up
	HasSettlementRatio bool              // false when nothing (or less than nothing, VAR-9) was advanced
}

// Clearing is CLR-4: clearing = final − advances and the settlement ratio.
// Advances ≤ 0 (none, or VAR-9's month deductions beyond what was advanced)
// give no ratio.
func Clearing(final, advances pointvalue.Money) (ClearingResult, error) {
	cl := ClearingResult{Clearing: final - advances}
	if advances <= 0 {
		return cl, nil
	}
	var err error
	cl.SettlementRatio, cl.HasSettlementRatio, err = SettlementRatio(final, advances)
	return cl, err
}

// SettlementRatio is CLR-4's (and BUD-6's) settlement ratio (结付率) final ÷
// advances, rounded half-up to 4 decimals (a Factor that is a multiple of 10⁴
// units); ok is false when advances are 0 (no ratio).
func SettlementRatio(final, advances pointvalue.Money) (ratio pointvalue.Factor, ok bool, err error) {
	if err := rulecheck.NonNeg("advances", advances); err != nil {
		return 0, false, err
	}
	return ratio4(final, 1, advances)
}
