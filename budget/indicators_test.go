package budget_test

import (
	"context"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestResultIndicators is BUD-6 on the hand-worked drg-small year (NOTES.md).
// Employee: inpatient cost Σ total_cost = 165,000.00 of which the bed-day stay
// 18,000.00, so DRG share 147,000 ÷ 165,000 = 0.890909… → 0.8909, below 0.90;
// Σ final 126,880.07 ÷ Σ advances 118,532.50 = 1.070424… → 1.0704; expenditure
// = payments 129,880.07 + carve-outs 12,500.00 = 142,380.07. A balance of
// 71,190.04 covers 71,190.04 × 12 ÷ 142,380.07 = 6.0000004 months (healthy,
// the edge is healthy); 71,190.03 covers 5.9999996 months: 6.0000 to 4
// decimals, but below 6 exactly, so balance-low (compared exactly, not rounded).
// Resident: nothing advanced (no ratio), DRG share 57,900 ÷ 57,900 = 1.0000.
func TestResultIndicators(t *testing.T) {
	res, err := files.Settle(context.Background(), files.Dir("testdata/years/drg-small"), files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	terms := budget.DefaultIndicatorTerms()
	ind, err := res.Indicators(param.Employee, pointvalue.MustMoney("71190.04"), terms)
	if err != nil {
		t.Fatal(err)
	}
	f4 := pointvalue.MustFactor
	if ind.DRGDIPShare != f4("0.8909") || !ind.ShareBelowTarget ||
		ind.SettlementRatio != f4("1.0704") || !ind.HasSettlementRatio ||
		ind.MonthsCovered != f4("6") || ind.BalanceLow || ind.BalanceHigh {
		t.Errorf("employee: %+v", ind)
	}
	ind, _ = res.Indicators(param.Employee, pointvalue.MustMoney("71190.03"), terms)
	if ind.MonthsCovered != f4("6") || !ind.BalanceLow {
		t.Errorf("employee, a fen less: %+v", ind)
	}
	ind, _ = res.Indicators(param.Resident, pointvalue.MustMoney("0"), terms)
	if ind.HasSettlementRatio || ind.DRGDIPShare != f4("1") || ind.ShareBelowTarget {
		t.Errorf("resident: %+v", ind)
	}
}
