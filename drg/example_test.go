package drg_test

import (
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func ExampleReadWeights() {
	w, err := drg.ReadWeights(strings.NewReader(
		"drg_code,weight,name,avg_cost\nGB11,2.5,胃切除术,25000.00\nFR29,0.8,心力衰竭,\n"), "weights.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	i, _ := w.Lookup("GB11")
	fmt.Println(w.Len(), w.Groups[i].Name, w.Groups[i].Weight, w.Groups[i].AvgCost)

	_, err = drg.ReadWeights(strings.NewReader("drg_code,weight,name\nGB11,0,x\nGB11,1.5,y\n"), "weights.csv")
	fmt.Println(err)
	// Output:
	// 2 胃切除术 2.5 25000.00
	// weights.csv:2: weight: 0: value out of range: weight must be greater than 0
	// weights.csv:3: drg_code: GB11: duplicate key: drg_code appears more than once
}

func ExampleHarbinWeights2024() {
	w, err := drg.HarbinWeights2024()
	if err != nil {
		fmt.Println(err)
		return
	}
	i, _ := w.Lookup("AB19")
	fmt.Println(w.Len(), w.Groups[i].Code, w.Groups[i].Name, w.Groups[i].Weight)
	// Output: 703 AB19 肝移植 36.2185
}

func ExampleScorer_Score() {
	w, _ := drg.NewWeights([]drg.Group{
		{Code: "GB11", Name: "胃切除术", Weight: pointvalue.MustFactor("1"), AvgCost: pointvalue.MustMoney("10000"), Stable: true},
	})
	env := drg.Env{PointScale: 4, RegionAvgCost: pointvalue.MustMoney("10000")}
	s, err := drg.NewScorer(w, drg.DefaultParams(), env, drg.Hospitals([]pointvalue.Factor{pointvalue.MustFactor("1.2")}))
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := w.Lookup("GB11")
	cases := []drg.Case{
		{Cost: pointvalue.MustMoney("3000"), Group: g, Flags: drg.FlagIncomplete}, // V7
		{Cost: pointvalue.MustMoney("35000"), Group: g},                           // high
		{Cost: pointvalue.MustMoney("12345.67"), Group: drg.NoGroup},              // ungrouped
	}
	for i := range cases {
		r, err := s.Score(&cases[i])
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r.Class, r.Base.Format(4), r.Ratio.Format(4), r.Points.Format(4), r.Flags, r.Rules)
	}
	// Output:
	// incomplete 100.0000 0.3000 36.0000  DRG-3|DRG-4|DRG-5
	// high 100.0000 3.5000 170.0000  DRG-3|DRG-4|DRG-5
	// ungrouped 0.0000 0.0000 123.4567 ungrouped DRG-5
}

func ExamplePaymentStandard() {
	// Harbin 2024, level-I employee rate 12252.70 yuan per RW (DRG-9, 费率法).
	rate, _ := drg.RatePerPoint(pointvalue.MustMoney("12252.70"))
	m, _ := drg.PaymentStandard(pointvalue.MustPoints("100"), rate, pointvalue.HalfUp)
	fmt.Println(rate, m)
	// Output: 122.527000 12252.70
}
