package readmit_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func ExampleMark() {
	// V10: the patient leaves on 2025-03-10 and is readmitted to the same
	// hospital in the same group 10 days later; the window is 15 days.
	d := pointvalue.DateOf
	stays := []readmit.Stay{
		{Patient: 7, Hospital: 1, Group: 3, Admit: d(2025, 3, 1), Discharge: d(2025, 3, 10)},
		{Patient: 7, Hospital: 1, Group: 3, Admit: d(2025, 3, 20), Discharge: d(2025, 3, 28)},
	}
	reduced := make([]bool, len(stays))
	readmit.Mark(stays, 15, reduced)
	// The scorer applies the factor to the earlier stay's exact points: 120 × 0.5.
	earlier, _ := pointvalue.MustPoints("120").Mul(pointvalue.MustFactor("0.5"), 4, pointvalue.HalfUp)
	fmt.Println(reduced, earlier.Format(4))
	// Output: [true false] 60.0000
}
