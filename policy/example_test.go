package policy_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// A fund's annual budget under "min": growth gives 30,000,000.00 × 1.04 =
// 31,200,000.00, revenue 40,000,000.00 × 0.97 = 38,800,000.00; the smaller is spent.
func ExampleBudget_Annual() {
	bud := policy.Budget{
		Method:           policy.BudgetMin,
		PriorExpenditure: pointvalue.MustMoney("30000000.00"),
		GrowthRate:       pointvalue.MustFactor("0.04"),
		ExpectedRevenue:  pointvalue.MustMoney("40000000.00"),
		SurplusRatio:     pointvalue.MustFactor("0.03"),
	}
	b, err := bud.Annual(pointvalue.HalfUp)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b)
	// Output: 31200000.00
}
