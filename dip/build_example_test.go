package dip_test

import (
	"fmt"
	"os"

	"github.com/dipdrg/dipdrg/param"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Building a DIP catalog from one history year (DIP-2) and writing catalog.csv.
func ExampleBuildCatalog() {
	c := func(diag string, procs []string, t dip.Treatment, l param.Level, cost string) dip.HistoryCase {
		return dip.HistoryCase{Year: 2024, Diagnosis: diag, Procedures: procs, Treatment: t, Level: l, Cost: pointvalue.MustMoney(cost)}
	}
	appendectomy := []string{"47.09"}
	history := []dip.HistoryCase{
		c("K35.800x001", appendectomy, dip.Surgical, param.Tertiary, "9000"),
		c("K35.8", appendectomy, dip.Surgical, param.Tertiary, "11000"),
		c("K35.8", appendectomy, dip.Surgical, param.Secondary, "7000"),
		c("K35.9", nil, dip.Conservative, param.Secondary, "3000"),
	}
	// K35.8+47.09 has 3 cases (core with CoreMinCases 3), mean 9000; the K35.9 case
	// goes to K35-conservative. M = 30000 ÷ 4 = 7500: scores 1200 and 400.
	cat, _, err := dip.BuildCatalog(history, dip.BuildOptions{
		YearWeights: []pointvalue.Factor{pointvalue.One}, CoreMinCases: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := cat.Write(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary,avg_cost_secondary,avg_cost_primary,primary
	// K35-conservative,comprehensive,K35,,conservative,400.0000,3000.00,,3000.00,,0
	// K35.8+47.09,core,K35.8,47.09,,1200.0000,9000.00,10000.00,7000.00,,0
}
