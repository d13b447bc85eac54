package budget

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// History (历史数据) is the input of the builders (DIP-2, DRG-2, DRG-4) and of
// PV-3 from history: a cases.csv with a `year` column (docs/formats.md, "History").
//
// Choices where the spec is silent (section 13 settles the rest):
//   - Bed-day stays (a bedday_category) are left out of every builder and of
//     PV-3: they are never scored by DRG/DIP (BED-3). So is a case whose method
//     column names another method than the one being built.
//   - Both funds are pooled; SelectFund filters one.
//   - DIP history is grouped from its diagnosis, procedures and treatment; the
//     group column is not used (it names last year's catalog).
//   - Case ids are not checked for duplicates (years may reuse them); the year is
//     not checked against the discharge date.

// SelectFund returns the cases of fund f and their years (the builders pool
// both funds unless the caller filters, section 13).
func SelectFund(cases []Case, years []int, f param.Fund) ([]Case, []int) {
	var oc []Case
	var oy []int
	for i := range cases {
		if cases[i].Fund == f {
			oc = append(oc, cases[i])
			oy = append(oy, years[i])
		}
	}
	return oc, oy
}

// builds reports whether a history case enters a builder of method m.
func builds(c *Case, m param.Method) bool {
	return c.BedDayCategory == "" && (!c.MethodGiven || c.Method == m)
}

func indexHospitals(hospitals []Hospital) map[string]*Hospital {
	idx := make(map[string]*Hospital, len(hospitals))
	for i := range hospitals {
		idx[hospitals[i].ID] = &hospitals[i]
	}
	return idx
}

// DRGHistory converts history cases for drg.BuildWeights and
// drg.HospitalCoefficients: bed-day stays and cases of another method are
// left out. A case at a hospital missing from hospitals is
// pointvalue.ErrUnknownHospital on its hospital_id (errors name source and the
// case's line).
func DRGHistory(cases []Case, years []int, hospitals []Hospital, source string) ([]drg.HistoryCase, error) {
	if len(years) != len(cases) {
		return nil, fmt.Errorf("budget: %w: %d cases, %d years", pointvalue.ErrInvalidArgument, len(cases), len(years))
	}
	idx := indexHospitals(hospitals)
	var errs pointvalue.ErrorList
	var out []drg.HistoryCase
	for i := range cases {
		c := &cases[i]
		if !builds(c, param.DRG) {
			continue
		}
		if idx[c.HospitalID] == nil {
			errs.Addf(source, c.Line, "hospital_id", c.HospitalID, pointvalue.ErrUnknownHospital)
			continue
		}
		out = append(out, drg.HistoryCase{Year: years[i], Group: c.Group, Hospital: c.HospitalID, Cost: c.TotalCost, Line: c.Line})
	}
	return out, errs.Err()
}

// DIPHistory converts history cases for dip.BuildCatalog, each with its
// hospital's level from hospitals (section 13): bed-day stays and cases of
// another method are left out; an unknown hospital is
// pointvalue.ErrUnknownHospital on its hospital_id.
func DIPHistory(cases []Case, years []int, hospitals []Hospital, source string) ([]dip.HistoryCase, error) {
	if len(years) != len(cases) {
		return nil, fmt.Errorf("budget: %w: %d cases, %d years", pointvalue.ErrInvalidArgument, len(cases), len(years))
	}
	idx := indexHospitals(hospitals)
	var errs pointvalue.ErrorList
	var out []dip.HistoryCase
	for i := range cases {
		c := &cases[i]
		if !builds(c, param.DIP) {
			continue
		}
		h := idx[c.HospitalID]
		if h == nil {
			errs.Addf(source, c.Line, "hospital_id", c.HospitalID, pointvalue.ErrUnknownHospital)
			continue
		}
		var procs []string
		if c.Procedures != "" {
			procs = strings.Split(c.Procedures, "|")
		}
		out = append(out, dip.HistoryCase{Year: years[i], Diagnosis: c.Diagnosis, Procedures: procs,
			Treatment: c.Treatment, Level: h.Level, Cost: c.TotalCost, Line: c.Line})
	}
	return out, errs.Err()
}

// HistoryPVOptions say how PV-3 scores the history (section 13): with the
// built (or given) table at base points only — coefficient 1, no class rules.
// Exactly one of Weights and Catalog is set.
type HistoryPVOptions struct {
	Weights *drg.Weights // DRG: base points RW × 100, rounded to PointScale (DRG-3)
	Catalog *dip.Catalog // DIP: the group's score (DIP-3 grouping)
	// YearWeights weigh the years, oldest first, ending with the latest year of
	// the history (nil: 1:2:7 over three years).
	YearWeights []pointvalue.Factor
	// FundOnly[f]: fund f's pool is fund-only, so cost_y is fund-paid cost
	// (total − patient share) (PV-3).
	FundOnly        [param.NumFunds]bool
	PointScale      int // NUM-2 (a policy's; 4 by default)
	PointValueScale int // NUM-4 (a policy's; 6 by default)
	Rounding        pointvalue.Rounding
	Source          string // names the history in errors (default "history")
}

// PolicyHistoryPVOptions returns the options PV-3 from history takes from a
// policy: its scales and rounding, and which funds' inpatient pools are fund-only.
func PolicyHistoryPVOptions(p *policy.Policy) HistoryPVOptions {
	o := HistoryPVOptions{PointScale: p.PointScale, PointValueScale: p.PointValueScale, Rounding: p.Rounding}
	for f := range param.Fund(param.NumFunds) {
		if p.Funds[f] != nil {
			o.FundOnly[f] = p.Formula(f, p.Inpatient(f)) == pointvalue.FundOnly
		}
	}
	return o
}

// HistoryPointValue is PV-3 from history for one fund.
type HistoryPointValue struct {
	Fund   param.Fund
	Years  []int                   // the weighted years, oldest first
	Totals []pointvalue.YearTotals // each year's cost and base points (policy.json's budget_point_value years)
	Value  pointvalue.PointValue   // Σ w·cost ÷ Σ w·points, to PointValueScale
}

// BudgetPointValueFromHistory is PV-3 from history (section 13): each history
// year is scored with the table at base points only (coefficient 1, no class
// rules), and PV_budget = Σ w·cost ÷ Σ w·base points per fund, with
// pointvalue.BudgetPointValue. Only cases with a group of the table count, in
// both sums (ungrouped cases and bed-day stays have no base points); cost is
// total cost, or fund-paid cost where FundOnly. It returns one result per
// fund with a counted case, employee first. A case before the year window is
// an error; a fund whose cases make no points is pointvalue.ErrZeroPoints.
func BudgetPointValueFromHistory(cases []Case, years []int, o HistoryPVOptions) ([]HistoryPointValue, error) {
	if len(years) != len(cases) || (o.Weights == nil) == (o.Catalog == nil) ||
		o.PointScale < 0 || o.PointScale > pointvalue.MaxScale || o.PointValueScale < 0 || o.PointValueScale > pointvalue.MaxScale {
		return nil, fmt.Errorf("budget: %w: history point value options", pointvalue.ErrInvalidArgument)
	}
	yw := o.YearWeights
	if yw == nil {
		yw = pointvalue.DefaultYearWeights()
	}
	if len(yw) == 0 || len(yw) > 100 {
		return nil, fmt.Errorf("budget: %w: %d year weights", pointvalue.ErrInvalidArgument, len(yw))
	}
	if o.Source == "" {
		o.Source = "history"
	}
	method := param.DRG
	if o.Catalog != nil {
		method = param.DIP
	}
	unit := pointvalue.ScaleUnit(o.PointScale)
	var base []pointvalue.Points // DRG: per group
	if o.Weights != nil {
		base = make([]pointvalue.Points, o.Weights.Len())
		for i, g := range o.Weights.Groups {
			b, err := pointvalue.ExactInt(int64(g.Weight)).Mul(100).Round(unit, o.Rounding)
			if err != nil {
				return nil, fmt.Errorf("budget: group %s: base points: %w", g.Code, err)
			}
			base[i] = pointvalue.Points(b)
		}
	}
	latest := math.MinInt
	for i := range cases {
		if builds(&cases[i], method) {
			latest = max(latest, years[i])
		}
	}
	first := latest - len(yw) + 1
	var totals [param.NumFunds][]pointvalue.YearTotals
	var errs pointvalue.ErrorList
	for i := range cases {
		c := &cases[i]
		if !builds(c, method) {
			continue
		}
		var pts pointvalue.Points
		if o.Weights != nil {
			g, ok := o.Weights.Lookup(c.Group)
			if !ok {
				continue
			}
			pts = base[g]
		} else {
			g := o.Catalog.GroupJoined(c.Diagnosis, c.Procedures, c.Treatment)
			if g < 0 {
				continue
			}
			pts = o.Catalog.Groups[g].Score.Round(o.PointScale, o.Rounding)
		}
		if years[i] < first {
			errs.Addf(o.Source, c.Line, "year", strconv.Itoa(years[i]),
				fmt.Errorf("%w: before the first weighted year %d", pointvalue.ErrRange, first))
			continue
		}
		if c.Fund >= param.NumFunds {
			continue
		}
		if totals[c.Fund] == nil {
			totals[c.Fund] = make([]pointvalue.YearTotals, len(yw))
		}
		t := &totals[c.Fund][years[i]-first]
		cost := c.TotalCost
		if o.FundOnly[c.Fund] {
			cost -= c.PatientShare
		}
		if t.Cost > math.MaxInt64-cost || t.Points > math.MaxInt64-pts {
			return nil, fmt.Errorf("budget: history %d: %w", years[i], pointvalue.ErrOverflow)
		}
		t.Cost += cost
		t.Points += pts
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var out []HistoryPointValue
	for f := range param.Fund(param.NumFunds) {
		if totals[f] == nil {
			continue
		}
		v, err := pointvalue.BudgetPointValue(totals[f], yw, o.PointValueScale, o.Rounding)
		if err != nil {
			return nil, fmt.Errorf("budget: %s: budget point value from history: %w", f, err)
		}
		hp := HistoryPointValue{Fund: f, Totals: totals[f], Value: v}
		for y := range yw {
			hp.Years = append(hp.Years, first+y)
		}
		out = append(out, hp)
	}
	return out, nil
}
