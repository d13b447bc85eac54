package budget_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
)

// ExampleSettleStream settles the hand-worked small DRG year without holding its
// cases in memory: cases.csv is written as it streams out of the external sort,
// and the ledger is the one SettleFiles gives (see ExampleSettleFiles).
func ExampleSettleStream() {
	dir := "testdata/years/drg-small/"
	var cases strings.Builder
	res, err := budget.SettleStream(budget.Files{
		Policy: dir + "policy.json", Hospitals: dir + "hospitals.csv", Cases: dir + "cases.csv",
		Weights: dir + "weights.csv", Members: dir + "members.csv", Spending: dir + "spending.csv",
		Adjustments: dir + "adjustments.csv",
	}, false, &cases, budget.StreamOptions{TempDir: os.TempDir()})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSpace(cases.String()), "\n")
	fmt.Println(len(lines)-1, "cases, first:", lines[1][:strings.Index(lines[1], ",")])
	_ = res.WriteLedger(os.Stdout)
	// Output:
	// 15 cases, first: E01
	// fund,budget,carveouts,payments,reserve_end,residual,balanced
	// employee,175000.00,12500.00,129880.07,32619.93,0.00,true
	// resident,42000.00,0.00,36382.50,5617.50,0.00,true
}
