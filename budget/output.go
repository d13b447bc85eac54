package budget

import (
	"io"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// The output files' columns (FORMATS "Outputs"): a contract, never renamed.
var (
	CasesColumns     = []string{"case_id", "hospital_id", "fund", "method", "group", "class", "base_points", "ratio", "points", "amount", "flags", "rules"}
	HospitalsColumns = []string{"fund", "method", "hospital_id", "cases", "points", "cmi", "point_value", "gross", "patient_share", "fund_amount", "actual_cost", "corridor_band", "corridor_amount", "deductions", "deposit", "deposit_returned", "advances", "final", "clearing", "flags"}
	PoolsColumns     = []string{"fund", "method", "pool", "reserve_in", "reserve_out", "total_points", "patient_share", "point_value_budget", "point_value", "payments", "residual"}
	LedgerColumns    = []string{"fund", "budget", "carveouts", "payments", "reserve_end", "residual", "balanced"}
	RejectsColumns   = []string{"source", "line", "field", "value", "reason"}
)

// ratioDecimals is the decimals of ratios and CMI in outputs (FORMATS).
const ratioDecimals = 4

func (r *Result) scales() (int, int) {
	if r.Policy == nil {
		return 4, 6
	}
	return r.Policy.PointScale, r.Policy.PointValueScale
}

func optional[T any](ok bool, v T, f func(T) string) string {
	if !ok {
		return ""
	}
	return f(v)
}

// WriteCases writes cases.csv: one row per case, by case id.
func (r *Result) WriteCases(w io.Writer) error {
	ps, _ := r.scales()
	cw := csvio.NewWriter(w)
	if err := cw.Write(CasesColumns...); err != nil {
		return err
	}
	for i := range r.Cases {
		if err := cw.Write(caseRow(&r.Cases[i], ps)...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// caseRow is one row of cases.csv.
func caseRow(c *CaseResult, ps int) []string {
	pts := func(p pointvalue.Points) string { return p.Format(ps) }
	return []string{c.CaseID, c.HospitalID, c.Fund.String(), c.Method.String(), c.Group, c.Class.String(),
		optional(c.HasBase, c.Base, pts),
		optional(c.HasRatio, c.Ratio, func(f pointvalue.Factor) string { return f.Format(ratioDecimals) }),
		pts(c.Points),
		optional(c.HasAmount, c.Amount, pointvalue.Money.String),
		c.Flags, c.Rules}
}

// WriteHospitals writes hospitals.csv: one row per (fund, method, hospital).
func (r *Result) WriteHospitals(w io.Writer) error {
	ps, pvs := r.scales()
	cw := csvio.NewWriter(w)
	if err := cw.Write(HospitalsColumns...); err != nil {
		return err
	}
	for i := range r.Hospitals {
		h := &r.Hospitals[i]
		if err := cw.Write(h.Fund.String(), h.Method.String(), h.HospitalID,
			strconv.FormatInt(h.Cases, 10), h.Points.Format(ps),
			optional(h.HasCMI, h.CMI, func(f pointvalue.Factor) string { return f.Format(ratioDecimals) }),
			optional(h.HasPointValue, h.PointValue, func(v pointvalue.PointValue) string { return v.Format(pvs) }),
			h.Gross.String(), h.PatientShare.String(), h.FundAmount.String(), h.ActualCost.String(),
			h.CorridorBand.String(), h.CorridorAmount.String(), h.Deductions.String(),
			h.Deposit.String(), h.DepositReturned.String(), h.Advances.String(), h.Final.String(), h.Clearing.String(),
			strings.Join(h.Flags, "|")); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WritePools writes pools.csv: one row per (fund, method).
func (r *Result) WritePools(w io.Writer) error {
	ps, pvs := r.scales()
	cw := csvio.NewWriter(w)
	if err := cw.Write(PoolsColumns...); err != nil {
		return err
	}
	pv := func(v pointvalue.PointValue) string { return v.Format(pvs) }
	for i := range r.Pools {
		p := &r.Pools[i]
		if err := cw.Write(p.Fund.String(), p.Method.String(), p.Pool.String(), p.ReserveIn.String(), p.ReserveOut.String(),
			p.TotalPoints.Format(ps), p.Share.String(),
			optional(p.HasBudgetPointValue && p.Method != param.Capita, p.BudgetPointValue, pv),
			optional(p.HasPointValue, p.PointValue, pv),
			p.Payments.String(), p.Residual.String()); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteLedger writes ledger.csv: one row per settled fund (BUD-7).
func (r *Result) WriteLedger(w io.Writer) error {
	return WriteLedger(w, r.Ledger)
}

// WriteLedger writes ledger rows (also those of an *UnbalancedError, for diagnosis).
func WriteLedger(w io.Writer, rows []LedgerRow) error {
	cw := csvio.NewWriter(w)
	if err := cw.Write(LedgerColumns...); err != nil {
		return err
	}
	for _, l := range rows {
		if err := cw.Write(l.Fund.String(), l.Budget.String(), l.Carveouts.String(), l.Payments.String(),
			l.ReserveEnd.String(), l.Residual.String(), strconv.FormatBool(l.Balanced)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteRejects writes rejects.csv: the records set aside in lenient mode, sorted
// by (source, line, field, value, reason) (ERR-2).
func WriteRejects(w io.Writer, rejects []*pointvalue.RecordError) error {
	cw := csvio.NewWriter(w)
	if err := cw.Write(RejectsColumns...); err != nil {
		return err
	}
	sorted := append([]*pointvalue.RecordError(nil), rejects...)
	SortErrors(sorted)
	for _, e := range sorted {
		if err := cw.Write(e.Source, strconv.Itoa(e.Line), e.Field, e.Value, e.Reason()); err != nil {
			return err
		}
	}
	return cw.Flush()
}
