package workbook

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
)

// ExcelMaxRows is the rows of an Excel sheet (1,048,576).
const ExcelMaxRows = 1 << 20

// Sheet names.
const (
	SummarySheet    = "汇总 Summary"
	StatementsSheet = "结算单 Statements"
)

// Options choose what the workbook holds. The zero value is the whole year.
type Options struct {
	// MaxRows is the rows a sheet may hold (0: ExcelMaxRows). A hospital whose
	// cases do not fit gets no sheet: the summary says so, and its cases are
	// in cases.csv.
	MaxRows int
	// NoCases leaves the per-hospital case sheets out.
	NoCases bool
}

// Write writes the workbook of res to w.
func Write(w io.Writer, res *budget.Result, opt Options) error {
	if opt.MaxRows <= 0 {
		opt.MaxRows = ExcelMaxRows
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f, res)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return err
	}
	pools, err := render(func(w io.Writer) error { return files.WritePools(w, res) })
	if err != nil {
		return err
	}
	ledger, err := render(func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) })
	if err != nil {
		return err
	}
	statements, err := render(func(w io.Writer) error { return files.WriteStatements(w, res) })
	if err != nil {
		return err
	}

	// The hospitals' case counts decide which case sheets fit.
	counts := map[string]int64{}
	var order []string
	for _, h := range res.Hospitals {
		if h.Method == param.Capita {
			continue
		}
		if _, ok := counts[h.HospitalID]; !ok {
			order = append(order, h.HospitalID)
		}
		counts[h.HospitalID] += h.Cases
	}
	var notes []string
	fits := map[string]bool{}
	for _, id := range order {
		if opt.NoCases {
			break
		}
		if counts[id]+2 > int64(opt.MaxRows) {
			notes = append(notes, fmt.Sprintf("%s: %d cases, more than a sheet holds (%d rows): its cases are in cases.csv only / 病例数超过 Excel 行数上限，见 cases.csv", id, counts[id], opt.MaxRows))
			continue
		}
		fits[id] = true
	}

	// Summary: the policy, the pools and the ledger.
	sw, err := f.NewStreamWriter(SummarySheet)
	if err != nil {
		return err
	}
	p := res.Policy
	row := 1
	put := func(cells ...any) error {
		err := sw.SetRow(cell(1, row), cells)
		row++
		return err
	}
	if err := setWidths(sw, append(pools, ledger...)); err != nil {
		return err
	}
	if err := put(excelize.Cell{StyleID: st.title, Value: fmt.Sprintf("结算汇总 Settlement summary: %s (region %s, year %d, version %s)", res.PolicyID, p.Region, p.Year, p.Version)}); err != nil {
		return err
	}
	row++
	for _, t := range []struct {
		title string
		rows  [][]string
	}{{"资金池与点值 Pools and point values", pools}, {"基金总账 Ledger", ledger}} {
		if err := put(excelize.Cell{StyleID: st.title, Value: t.title}); err != nil {
			return err
		}
		if err := writeTable(sw, &row, t.rows, st); err != nil {
			return err
		}
		row++
	}
	if len(notes) > 0 {
		if err := put(excelize.Cell{StyleID: st.title, Value: "说明 Notes"}); err != nil {
			return err
		}
		for _, n := range notes {
			if err := put(n); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	// Statements: one row per (fund, method, hospital), headers frozen.
	if err := writeSheet(f, StatementsSheet, statements, st, 3); err != nil {
		return err
	}

	// One sheet per hospital whose cases fit, filled from cases.csv's rows in one pass.
	if len(fits) > 0 {
		if err := writeCases(f, res, order, fits, st); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// render runs a CSV writer and returns its rows, header first.
func render(write func(io.Writer) error) ([][]string, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	return csv.NewReader(&b).ReadAll()
}

// writeSheet writes a CSV's rows as a sheet of its own with frozen headers
// (and the first frozen columns: the row's keys).
func writeSheet(f *excelize.File, name string, rows [][]string, st *styles, frozenCols int) error {
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := freeze(sw, frozenCols); err != nil {
		return err
	}
	if err := setWidths(sw, rows); err != nil {
		return err
	}
	row := 1
	if err := writeTable(sw, &row, rows, st); err != nil {
		return err
	}
	return sw.Flush()
}

// freeze freezes the two header rows and the first cols columns.
func freeze(sw *excelize.StreamWriter, cols int) error {
	return sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: cols, YSplit: 2, TopLeftCell: cell(cols+1, 3), ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: cell(cols+1, 3), ActiveCell: cell(cols+1, 3), Pane: "bottomRight"}}})
}

// writeTable writes a CSV's header in Chinese and English, then its rows.
func writeTable(sw *excelize.StreamWriter, row *int, rows [][]string, st *styles) error {
	if len(rows) == 0 {
		return nil
	}
	header := rows[0]
	cn := make([]any, len(header))
	en := make([]any, len(header))
	for i, h := range header {
		l, ok := labels[h]
		if !ok {
			l = h
		}
		cn[i] = excelize.Cell{StyleID: st.header, Value: l}
		en[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow(cell(1, *row), cn); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, *row+1), en); err != nil {
		return err
	}
	*row += 2
	out := make([]any, len(header))
	for _, r := range rows[1:] {
		for i, v := range r {
			out[i] = st.cell(header[i], v)
		}
		if err := sw.SetRow(cell(1, *row), out); err != nil {
			return err
		}
		*row++
	}
	return nil
}

// setWidths sets each column's width from its longest cell (header included).
func setWidths(sw *excelize.StreamWriter, rows [][]string) error {
	var w []float64
	for _, r := range rows {
		for i, v := range r {
			for len(w) <= i {
				w = append(w, 8)
			}
			n := float64(displayWidth(v)) + 2
			if l, ok := labels[v]; ok {
				n = max(n, float64(displayWidth(l))+2)
			}
			w[i] = min(max(w[i], n), 40)
		}
	}
	for i, x := range w {
		if err := sw.SetColWidth(i+1, i+1, x); err != nil {
			return err
		}
	}
	return nil
}

// displayWidth counts a Chinese character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r > 0x2e80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// writeCases writes each fitting hospital's cases to a sheet of its own, from
// one pass over cases.csv's rows (in case-id order).
func writeCases(f *excelize.File, res *budget.Result, order []string, fits map[string]bool, st *styles) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(files.WriteCases(pw, res)) }()
	defer pr.Close()
	cr := csv.NewReader(pr)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return err
	}
	header = append([]string(nil), header...)
	hcol := -1
	for i, h := range header {
		if h == "hospital_id" {
			hcol = i
		}
	}
	type sheet struct {
		sw  *excelize.StreamWriter
		row int
	}
	sheets := map[string]*sheet{}
	used := map[string]bool{SummarySheet: true, StatementsSheet: true}
	widths := [][]string{header, {"C000000000000", "H00000000000", "employee", "bedday", "GB11A", "incomplete", "10000.0000", "10.0000", "10000.0000", "1000000.00", "special-review-candidate", "DRG-3|DRG-4|DRG-5"}}
	for _, id := range order {
		if !fits[id] {
			continue
		}
		name := sheetName(id, used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := freeze(sw, 1); err != nil {
			return err
		}
		if err := setWidths(sw, widths); err != nil {
			return err
		}
		s := &sheet{sw: sw, row: 1}
		if err := writeTable(sw, &s.row, [][]string{header}, st); err != nil {
			return err
		}
		sheets[id] = s
	}
	out := make([]any, len(header))
	for {
		r, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		s := sheets[r[hcol]]
		if s == nil {
			continue
		}
		for i, v := range r {
			out[i] = st.cell(header[i], v)
		}
		if err := s.sw.SetRow(cell(1, s.row), out); err != nil {
			return err
		}
		s.row++
	}
	for _, id := range order {
		if s := sheets[id]; s != nil {
			if err := s.sw.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// sheetName is a hospital's sheet name: its id without the characters Excel
// refuses, at most 31 characters, unique.
func sheetName(id string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, id)
	name = strings.Trim(name, "'")
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = "hospital"
	}
	base := []rune(name)
	for i := 2; used[name]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		name = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	used[name] = true
	return name
}
