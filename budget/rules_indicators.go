package budget

import (
	"github.com/dipdrg/dipdrg/internal/rulecheck"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Flags of BUD-6, as written in outputs.
const (
	FlagBalanceLow       = "balance-low"
	FlagBalanceHigh      = "balance-high"
	FlagShareBelowTarget = "share-below-target"
)

// IndicatorTerms are BUD-6's policy parameters.
type IndicatorTerms struct {
	HealthyMonthsLow  pointvalue.Factor // lower edge of the healthy band, months (healthy)
	HealthyMonthsHigh pointvalue.Factor // upper edge, months (healthy)
	ShareTarget       pointvalue.Factor // target share of inpatient cost settled by DRG/DIP
}

// DefaultIndicatorTerms returns BUD-6's defaults: healthy band [6, 9] months, target share 0.90.
func DefaultIndicatorTerms() IndicatorTerms {
	return IndicatorTerms{
		HealthyMonthsLow:  6 * pointvalue.One,
		HealthyMonthsHigh: 9 * pointvalue.One,
		ShareTarget:       90_000_000,
	}
}

// FundFigures are BUD-6's inputs for one fund and year.
type FundFigures struct {
	Balance           pointvalue.Money // the fund's accumulated balance (累计结余)
	AnnualExpenditure pointvalue.Money // the year's expenditure
	DRGDIPCost        pointvalue.Money // inpatient cost settled by DRG or DIP
	InpatientCost     pointvalue.Money // all inpatient cost, every method (≥ DRGDIPCost)
	Final             pointvalue.Money // Σ year-end finals
	Advances          pointvalue.Money // Σ advances paid
}

// Indicators are BUD-6's fund indicators (基金运行指标). Ratios are Factors rounded to
// 4 decimals half-up (multiples of 10⁴ units); a Has… field false means "none"
// (a zero denominator).
type Indicators struct {
	MonthsCovered    pointvalue.Factor // balance ÷ (annual expenditure ÷ 12): 可支付月数
	HasMonthsCovered bool
	BalanceLow       bool // exactly below the healthy band
	BalanceHigh      bool // exactly above it

	SettlementRatio    pointvalue.Factor // 结付率 = final ÷ advances (CLR-4)
	HasSettlementRatio bool

	DRGDIPShare      pointvalue.Factor // DRG/DIP share of inpatient cost
	HasDRGDIPShare   bool
	ShareBelowTarget bool // exactly below the target
}

// Flags returns the indicator flags, sorted.
func (ind Indicators) Flags() []string {
	var f []string
	if ind.BalanceHigh {
		f = append(f, FlagBalanceHigh)
	}
	if ind.BalanceLow {
		f = append(f, FlagBalanceLow)
	}
	if ind.ShareBelowTarget {
		f = append(f, FlagShareBelowTarget)
	}
	return f
}

// ratio4 returns round_half_up(num × k ÷ den) to 4 decimals as a Factor, and false
// when den is 0. den must not be negative.
func ratio4(num pointvalue.Money, k int64, den pointvalue.Money) (pointvalue.Factor, bool, error) {
	if den == 0 {
		return 0, false, nil
	}
	// num·k·10⁸ ÷ den is the ratio in 10⁻⁸ units; Quo with unit 10⁴ rounds it to 4 decimals.
	q, err := pointvalue.ExactFrac(int64(num), int64(den)).Mul(k*pointvalue.FactorUnit).Round(10_000, pointvalue.HalfUp)
	return pointvalue.Factor(q), true, err
}

// FundIndicators is BUD-6. The band and target comparisons are exact (NUM-5,
// cross-multiplied), not made on the 4-decimal figures: 5.99999 months shows as
// 6.0000 and is still balance-low. The band edges are healthy; a share equal to the
// target is not below it. A zero expenditure, advances or inpatient cost gives no
// figure and no flag. Negative figures other than the balance are ErrNegative.
func FundIndicators(in FundFigures, t IndicatorTerms) (Indicators, error) {
	var ind Indicators
	for _, c := range []struct {
		f string
		m pointvalue.Money
	}{{"annual_expenditure", in.AnnualExpenditure}, {"drg_dip_cost", in.DRGDIPCost},
		{"inpatient_cost", in.InpatientCost}, {"advances", in.Advances}} {
		if err := rulecheck.NonNeg(c.f, c.m); err != nil {
			return ind, err
		}
	}
	if in.DRGDIPCost > in.InpatientCost {
		return ind, rulecheck.Err("drg_dip_cost", in.DRGDIPCost, pointvalue.ErrRange)
	}
	var err error
	if ind.MonthsCovered, ind.HasMonthsCovered, err = ratio4(in.Balance, 12, in.AnnualExpenditure); err != nil {
		return ind, err
	}
	if ind.HasMonthsCovered {
		// months = 12·balance ÷ expenditure against an edge e: compare 12·balance·10⁸ with e·expenditure.
		months := pointvalue.ExactFrac(int64(in.Balance), int64(in.AnnualExpenditure)).Mul(12 * pointvalue.FactorUnit) // in 10⁻⁸
		ind.BalanceLow = months.Cmp(pointvalue.ExactInt(int64(t.HealthyMonthsLow))) < 0
		ind.BalanceHigh = months.Cmp(pointvalue.ExactInt(int64(t.HealthyMonthsHigh))) > 0
	}
	if ind.SettlementRatio, ind.HasSettlementRatio, err = SettlementRatio(in.Final, in.Advances); err != nil {
		return ind, err
	}
	if ind.DRGDIPShare, ind.HasDRGDIPShare, err = ratio4(in.DRGDIPCost, 1, in.InpatientCost); err != nil {
		return ind, err
	}
	if ind.HasDRGDIPShare {
		share := pointvalue.ExactFrac(int64(in.DRGDIPCost), int64(in.InpatientCost)).Mul(pointvalue.FactorUnit)
		ind.ShareBelowTarget = share.Cmp(pointvalue.ExactInt(int64(t.ShareTarget))) < 0
	}
	return ind, nil
}
