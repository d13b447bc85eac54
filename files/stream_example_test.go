package files_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/files"
)

// ExampleStream settles the hand-worked small DRG year without holding its
// cases in memory: cases.csv is written as the result's cases are read back
// from the sorted runs, and the ledger is the one Settle gives (see the budget
// package's Example_files).
func ExampleStream() {
	dir := "../budget/testdata/years/drg-small/"
	res, err := files.Stream(context.Background(), files.Dir(dir), files.Options{TempDir: os.TempDir()})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Close() // removes the runs
	var cases strings.Builder
	if err := files.WriteCases(&cases, res); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSpace(cases.String()), "\n")
	fmt.Println(len(lines)-1, "cases, first:", lines[1][:strings.Index(lines[1], ",")])
	_ = files.WriteLedger(os.Stdout, res.Ledger)
	// Output:
	// 15 cases, first: E01
	// fund,budget,carveouts,payments,reserve_end,residual,balanced
	// employee,175000.00,12500.00,129880.07,32619.93,0.00,true
	// resident,42000.00,0.00,36382.50,5617.50,0.00,true
}
