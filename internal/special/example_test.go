package special_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func ExampleRefused() {
	// DRG-8 default: 0.05 of each hospital's cases. Hospital 0 has 40 DRG cases
	// (limit 2) and three approvals; the latest discharge is refused.
	d := pointvalue.DateOf
	claims := []special.Claim{
		{Scope: 0, Discharge: d(2025, 3, 9), Index: 17},
		{Scope: 0, Discharge: d(2025, 1, 5), Index: 4},
		{Scope: 0, Discharge: d(2025, 2, 1), Index: 9},
	}
	share := pointvalue.MustFactor("0.05")
	fmt.Println(special.Limit(share, 40), special.Refused(claims, []int{40}, share))
	// Output: 2 [17]
}
