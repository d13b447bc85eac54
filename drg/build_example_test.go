package drg_test

import (
	"fmt"
	"os"

	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Building next year's weights from three history years (DRG-2) and the
// hospital coefficients (DRG-4), then writing weights.csv.
func ExampleBuildWeights() {
	y := func(year int, group, hosp, cost string) drg.HistoryCase {
		return drg.HistoryCase{Year: year, Group: group, Hospital: hosp, Cost: pointvalue.MustMoney(cost)}
	}
	history := []drg.HistoryCase{
		y(2022, "GB11", "H1", "9000"), y(2023, "GB11", "H2", "10000"), y(2024, "GB11", "H1", "11000"),
		y(2024, "GB11", "H2", "13000"), y(2024, "ES31", "H1", "5000"), y(2024, "ES31", "H2", "7000"),
	}
	// 1:2:7 over 2022–2024, no trimming; GB11 m = (900 + 2000 + 16800) ÷ 1.7 = 11588.24,
	// ES31 m = 8400 ÷ 1.4 = 6000, M = 28100 ÷ 3.1 = 9064.52; RW 61070 ÷ 47770 = 1.2784
	// and 26040 ÷ 39340 = 0.6619. H1: actual 900 + 7700 + 3500 = 12100, expected
	// 0.8·11588.24 + 0.7·6000 = 13470.59 → 0.8983; H2: 16000 ÷ 14629.41 → 1.0937.
	w, rep, err := drg.BuildWeights(history, map[string]string{"GB11": "胃恶性肿瘤"},
		drg.BuildOptions{Trim: drg.TrimNone, StableMinCases: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("M", rep.M)
	if err := w.Write(os.Stdout); err != nil {
		fmt.Println(err)
	}
	coefs, err := drg.HospitalCoefficients(history, w, nil, pointvalue.One)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := drg.WriteCoefficients(os.Stdout, coefs); err != nil {
		fmt.Println(err)
	}
	// Output:
	// M 9064.52
	// drg_code,weight,name,avg_cost,stable
	// ES31,0.6619,ES31,6000.00,1
	// GB11,1.2784,胃恶性肿瘤,12000.00,1
	// hospital_id,coefficient
	// H1,0.8983
	// H2,1.0937
}
