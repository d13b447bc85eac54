package report_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/report"
)

// ExampleWrite writes the report page of the hand-worked small DRG year
// (budget's testdata/years/drg-small, NOTES.md) and reads back what an officer
// checks first: the page loads no script from anywhere, and the pools table
// has, for each pool, the money, points and point value NOTES.md works by
// hand (employee DRG: 110,500.00 over 1,417 points with 31,200.00 of patient
// share, point value 100 against the budget's 90; its payments 114,220.45, no
// residual).
func ExampleWrite() {
	dir := "../budget/testdata/years/drg-small/"
	res, err := files.Settle(context.Background(), files.Dir(dir), files.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.Write(&page, res, report.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	fmt.Println("external scripts:", strings.Count(html, "<script src="))
	row := regexp.MustCompile(`<tr>((?:<td>[^<]*</td>)+)</tr>`)
	cell := regexp.MustCompile(`<td>([^<]*)</td>`)
	for _, m := range row.FindAllStringSubmatch(html, -1) {
		var cells []string
		for _, c := range cell.FindAllStringSubmatch(m[1], -1) {
			cells = append(cells, c[1])
		}
		if strings.HasPrefix(cells[0], "职工") && strings.Contains(cells[1], "DRG") {
			fmt.Println(strings.Join(cells, " | "))
		}
	}
	// Output:
	// external scripts: 0
	// 职工 employee | DRG drg | 110500.00 | 1417.0000 | 90.000000 | 100.000000 | 114220.45 | 0.00
}
