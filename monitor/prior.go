package monitor

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Prior is last year's CMI (MON-1's cmi-change): the cmi rows of a prior
// monitoring.csv, by (hospital, fund, method); the empty hospital is the region.
type Prior struct {
	Year int // the year the rows are of (the policy year − 1)
	rows map[priorKey]priorRow
}

type priorKey struct {
	hosp   string
	fund   param.Fund
	method param.Method
}

type priorRow struct {
	value, region       pointvalue.Factor
	hasValue, hasRegion bool
}

var (
	fundWords = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.Employee), Words: param.Employee.Words()},
		csvio.EnumWord{Value: int(param.Resident), Words: param.Resident.Words()},
	)
	methodWords = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.DRG), Words: param.DRG.Words()},
		csvio.EnumWord{Value: int(param.DIP), Words: param.DIP.Words()},
	)
)

// ReadPrior reads last year's monitoring.csv (or any CSV with its key columns,
// value and region_value) for the policy year year: only the rows of indicator
// cmi with an empty group and period year − 1 are kept; a key repeated among
// them is an error. Errors are a *pointvalue.ErrorList naming source, line,
// column and value (ERR-1): a bad prior file is bad input.
func ReadPrior(r io.Reader, source string, year int) (*Prior, error) {
	errs := &pointvalue.ErrorList{Cap: 1 << 20}
	rd := csvio.NewReaderOptions(r, source, errs, csvio.Options{})
	hosp, fund, method := rd.Col("hospital_id", true), rd.Col("fund", true), rd.Col("method", true)
	period, ind, group := rd.Col("period", true), rd.Col("indicator", true), rd.Col("group", false)
	value, region := rd.Col("value", true), rd.Col("region_value", false)
	p := &Prior{Year: year - 1, rows: map[priorKey]priorRow{}}
	want := strconv.Itoa(year - 1)
	lines := map[priorKey]int{}
	for rd.Next() {
		if strings.TrimSpace(rd.Raw(ind)) != "cmi" || strings.TrimSpace(rd.Raw(group)) != "" || strings.TrimSpace(rd.Raw(period)) != want {
			continue
		}
		h := strings.TrimSpace(rd.Raw(hosp)) // empty: the region row
		f, ok1 := rd.Enum(fund, fundWords, 0)
		m, ok2 := rd.Enum(method, methodWords, 0)
		var pr priorRow
		var ok3, ok4 bool
		if pr.value, ok3 = rd.Factor(value, 0); ok3 && strings.TrimSpace(rd.Raw(value)) != "" {
			pr.hasValue = true
		}
		if pr.region, ok4 = rd.Factor(region, 0); ok4 && strings.TrimSpace(rd.Raw(region)) != "" {
			pr.hasRegion = true
		}
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		k := priorKey{strings.Clone(h), param.Fund(f), param.Method(m)}
		if first, dup := lines[k]; dup {
			rd.Report(hosp, fmt.Errorf("%w: the cmi row of this (hospital, fund, method) is also on line %d", pointvalue.ErrDuplicate, first))
			continue
		}
		lines[k] = rd.Line()
		p.rows[k] = pr
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// value is a hospital's prior CMI.
func (p *Prior) value(hosp string, f param.Fund, m param.Method) (pointvalue.Factor, bool) {
	r, ok := p.rows[priorKey{hosp, f, m}]
	return r.value, ok && r.hasValue
}

// region is the region's prior CMI: its region row's value, else a hospital
// row's region_value.
func (p *Prior) region(f param.Fund, m param.Method) (pointvalue.Factor, bool) {
	if r, ok := p.rows[priorKey{"", f, m}]; ok && r.hasValue {
		return r.value, true
	}
	best := ""
	var v pointvalue.Factor
	found := false
	for k, r := range p.rows { // the first hospital in id order that gives one
		if k.hosp != "" && k.fund == f && k.method == m && r.hasRegion && (!found || k.hosp < best) {
			best, v, found = k.hosp, r.region, true
		}
	}
	return v, found
}
