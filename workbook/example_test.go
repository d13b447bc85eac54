package workbook_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/workbook"
)

// ExampleWrite writes the workbook of the hand-worked small DRG year (budget's
// testdata/years/drg-small, NOTES.md) and reads it back as an officer's
// spreadsheet would: its sheets (a summary, the statements, a sheet of cases
// per hospital), and hospital H1's employee DRG row of the statements sheet,
// which NOTES.md works by hand: E = 64,600 + 4,310 reserve draw − 1,000
// deductions = 67,910.00; deposit 5 % = 3,395.50, 90 % of it returned at an
// assessment of 90 = 3,055.95; final 67,570.45; advances 70,000.00 paid;
// clearing −2,429.55.
func ExampleWrite() {
	dir := "../budget/testdata/years/drg-small/"
	res, err := files.Settle(context.Background(), files.Dir(dir), files.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, res, workbook.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	rows, err := f.GetRows(workbook.StatementsSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Row 1 is the Chinese header, row 2 the English one (statements.csv's names).
	col := map[string]int{}
	for j, name := range rows[1] {
		col[name] = j
	}
	for _, r := range rows[2:] {
		if r[col["hospital_id"]] == "H1" && r[col["fund"]] == "employee" && r[col["method"]] == "drg" {
			fmt.Println("final", r[col["final"]], "advances", r[col["advances"]], "clearing", r[col["clearing"]])
		}
	}
	// Output:
	// [汇总 Summary 结算单 Statements H1 H2 C1]
	// final 67570.45 advances 70000 clearing -2429.55
}
