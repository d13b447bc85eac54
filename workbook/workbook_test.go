package workbook

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func sample(t *testing.T) *budget.Result {
	t.Helper()
	res, err := files.Settle(context.Background(), files.Dir(filepath.Join("..", "examples", "testdata", "drg")), files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func csvRows(t *testing.T, write func(io.Writer) error) [][]string {
	t.Helper()
	rows, err := render(write)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// same compares a CSV cell with the workbook's raw cell: the same text, or
// for numbers the same decimal (Excel drops trailing zeros: 12.50 is 12.5).
func same(col, csvCell, xl string) bool {
	if csvCell == xl {
		return true
	}
	if !(moneyColumns[col] || decimalColumns[col] || countColumns[col]) {
		return false
	}
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		if s == "-0" {
			s = "0"
		}
		return s
	}
	return trim(csvCell) == trim(xl)
}

// compare checks sheet rows (after the two header rows at row `at`) against a CSV's rows, cell by cell.
func compare(t *testing.T, f *excelize.File, sheet string, at int, want [][]string) {
	t.Helper()
	got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := want[0]
	if len(got) < at+1 || strings.Join(got[at], ",") != strings.Join(header, ",") {
		t.Fatalf("%s: English header at row %d: %v, want %v", sheet, at+1, got[min(at, len(got)-1)], header)
	}
	for i, w := range want[1:] {
		r := at + 1 + i
		if r >= len(got) {
			t.Fatalf("%s: %d rows, want %d", sheet, len(got)-at-1, len(want)-1)
		}
		for j, v := range w {
			var g string
			if j < len(got[r]) {
				g = got[r][j]
			}
			if !same(header[j], v, g) {
				t.Errorf("%s!%s (%s): %q, CSV %q", sheet, cell(j+1, r+1), header[j], g, v)
			}
			if v != "" && (moneyColumns[header[j]] || decimalColumns[header[j]]) {
				if typ, _ := f.GetCellType(sheet, cell(j+1, r+1)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("%s!%s: type %v, want a number", sheet, cell(j+1, r+1), typ)
				}
			}
		}
	}
}

// The workbook of the sample year, read back: every number and text equals the CSV outputs.
func TestWorkbookMatchesCSV(t *testing.T) {
	res := sample(t)
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	statements := csvRows(t, func(w io.Writer) error { return files.WriteStatements(w, res) })
	compare(t, f, StatementsSheet, 1, statements)
	if p, err := f.GetPanes(StatementsSheet); err != nil || !p.Freeze || p.YSplit != 2 {
		t.Errorf("statements panes: %+v %v", p, err)
	}
	pools := csvRows(t, func(w io.Writer) error { return files.WritePools(w, res) })
	compare(t, f, SummarySheet, 4, pools) // title, blank, table title, Chinese header
	ledger := csvRows(t, func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) })
	compare(t, f, SummarySheet, 4+len(pools)+3, ledger)

	// Each hospital's sheet holds its cases, in case-id order, as cases.csv.
	cases := csvRows(t, func(w io.Writer) error { return files.WriteCases(w, res) })
	byHospital := map[string][][]string{}
	for _, r := range cases[1:] {
		byHospital[r[1]] = append(byHospital[r[1]], r)
	}
	n := 0
	for id, rows := range byHospital {
		compare(t, f, id, 1, append([][]string{cases[0]}, rows...))
		n += len(rows)
	}
	if n != res.NumCases() || len(f.GetSheetList()) != 2+len(byHospital) {
		t.Errorf("%d cases in %d sheets (%v), want %d", n, len(f.GetSheetList()), f.GetSheetList(), res.NumCases())
	}
}

// Past the row limit a hospital's cases stay in cases.csv, and the summary says so.
func TestWorkbookRowLimit(t *testing.T) {
	res := sample(t)
	var b bytes.Buffer
	if err := Write(&b, res, Options{MaxRows: 700}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(SummarySheet)
	notes := 0
	for _, r := range rows {
		if len(r) > 0 && strings.Contains(r[0], "more than a sheet holds (700 rows)") {
			notes++
		}
	}
	for _, s := range f.GetSheetList()[2:] {
		if r, _ := f.GetRows(s); len(r) > 700 {
			t.Errorf("sheet %s has %d rows", s, len(r))
		}
	}
	ids := map[string]bool{}
	for c := range res.Cases() {
		ids[c.HospitalID] = true
	}
	if notes == 0 || notes+len(f.GetSheetList())-2 != len(ids) {
		t.Errorf("%d notes, sheets %v", notes, f.GetSheetList())
	}
}

// number gives the double nearest to the decimal, which prints back to the same digits.
func TestNumber(t *testing.T) {
	check := func(fen int64) {
		s := pointvalue.Money(fen).String()
		x, ok := number(s)
		if !ok {
			t.Fatalf("number(%q) not a number", s)
		}
		back := strconv.FormatFloat(x, 'f', 2, 64)
		if back != s {
			t.Fatalf("number(%q) = %v, prints %q", s, x, back)
		}
	}
	for _, v := range []int64{0, 1, -1, 10, 99, 100, 123456789, -123456789, 999_999_999_999_999, -999_999_999_999_999} {
		check(v)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		check(r.Int64N(1_000_000_000_000_000) - 500_000_000_000_000)
	}
	for _, s := range []string{"", "-", "1.2.3", "1e5", "abc", "1234567890123456", "12345678901234.56"} {
		if _, ok := number(s); ok {
			t.Errorf("number(%q) is a number", s)
		}
	}
}
