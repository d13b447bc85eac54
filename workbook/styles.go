package workbook

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dipdrg/dipdrg/budget"
)

// styles are the workbook's cell styles.
type styles struct {
	title, header, money, count int
	decimals                    map[int]int // number format by decimals
}

func newStyles(f *excelize.File, res *budget.Result) (*styles, error) {
	s := &styles{decimals: map[int]int{}}
	var err error
	if s.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}); err != nil {
		return nil, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return nil, err
	}
	money := "#,##0.00"
	if s.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: &money}); err != nil {
		return nil, err
	}
	if s.count, err = f.NewStyle(&excelize.Style{NumFmt: 3}); err != nil { // #,##0
		return nil, err
	}
	ps, pvs := 4, 6
	if res.Policy != nil {
		ps, pvs = res.Policy.PointScale, res.Policy.PointValueScale
	}
	for _, d := range []int{ps, pvs, 4} {
		if _, ok := s.decimals[d]; ok {
			continue
		}
		fmt := "0"
		if d > 0 {
			fmt = "0." + strings.Repeat("0", d)
		}
		if s.decimals[d], err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmt}); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// cell is the value of column col's cell v: a styled number for money,
// counts and decimals, else the text.
func (s *styles) cell(col, v string) any {
	switch {
	case moneyColumns[col]:
		if x, ok := number(v); ok {
			return excelize.Cell{StyleID: s.money, Value: x}
		}
	case countColumns[col]:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return excelize.Cell{StyleID: s.count, Value: n}
		}
	case decimalColumns[col]:
		if x, ok := number(v); ok {
			_, frac, _ := strings.Cut(v, ".")
			style, ok := s.decimals[len(frac)]
			if !ok {
				style = s.decimals[4]
			}
			return excelize.Cell{StyleID: style, Value: x}
		}
	}
	return v
}
