package budget_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// The corridor with its default terms, for a hospital whose points are worth
// S = 1,000,000.00, at four actual costs.
func ExampleCorridorAmount() {
	s := pointvalue.MustMoney("1000000.00")
	for _, a := range []string{"400000.00", "900000.00", "1080000.00", "1300000.00"} {
		c, err := budget.CorridorAmount(s, pointvalue.MustMoney(a), policy.Default("X", 2025, "1").Corridor, pointvalue.HalfUp)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a, c.Band, c.Amount, c.LowUse)
	}
	// Output:
	// 400000.00 surplus 1000000.00 true
	// 900000.00 surplus 1000000.00 false
	// 1080000.00 shared 1040000.00 false
	// 1300000.00 over 1050000.00 false
}
