package files

import (
	"bufio"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// The output files' columns (docs/formats.md, "Outputs"): a contract, never renamed.
var (
	casesColumns     = []string{"case_id", "hospital_id", "fund", "method", "group", "class", "base_points", "ratio", "points", "amount", "flags", "rules"}
	hospitalsColumns = []string{"fund", "method", "hospital_id", "cases", "points", "cmi", "point_value", "gross", "patient_share", "fund_amount", "actual_cost", "corridor_band", "corridor_amount", "deductions", "deposit", "deposit_returned", "advances", "final", "clearing", "flags"}
	poolsColumns     = []string{"fund", "method", "pool", "reserve_in", "reserve_out", "total_points", "patient_share", "point_value_budget", "point_value", "payments", "residual"}
	ledgerColumns    = []string{"fund", "budget", "carveouts", "payments", "reserve_end", "residual", "balanced"}
	rejectsColumns   = []string{"source", "line", "field", "value", "reason"}
)

// Columns returns the columns of an output file in order ("cases.csv",
// "hospitals.csv", "pools.csv", "ledger.csv", "rejects.csv", "statements.csv",
// "cases_explained.csv"), nil for another name.
func Columns(file string) []string {
	switch file {
	case "cases.csv":
		return slices.Clone(casesColumns)
	case "hospitals.csv":
		return slices.Clone(hospitalsColumns)
	case "pools.csv":
		return slices.Clone(poolsColumns)
	case "ledger.csv":
		return slices.Clone(ledgerColumns)
	case "rejects.csv":
		return slices.Clone(rejectsColumns)
	case "statements.csv":
		return slices.Clone(statementsColumns)
	case "cases_explained.csv":
		return slices.Clone(casesExplainedColumns)
	}
	return nil
}

// ratioDecimals is the decimals of ratios and CMI in outputs (docs/formats.md).
const ratioDecimals = 4

func scales(r *budget.Result) (int, int) {
	if r.Policy == nil {
		return 4, 6
	}
	return r.Policy.PointScale, r.Policy.PointValueScale
}

// WriteCases writes cases.csv: one row per settled case, by case id. A year
// settled in memory is formatted in parallel blocks, written in order (the same
// bytes as one goroutine); a streamed year's cases are read from its runs.
func WriteCases(w io.Writer, r *budget.Result) error {
	ps, _ := scales(r)
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(strings.Join(casesColumns, ",") + "\n")
	n := r.NumCases()
	if n == 0 {
		var line []byte
		for c := range r.Cases() {
			line = appendCaseRow(line[:0], &c, ps)
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
		if err := r.CasesErr(); err != nil {
			return err
		}
		return bw.Flush()
	}
	const block = 1 << 14
	k := max(1, runtime.GOMAXPROCS(0))
	bufs := make([][]byte, k)
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += k * block {
		for s := range k {
			a, z := min(n, lo+s*block), min(n, lo+(s+1)*block)
			wg.Go(func() {
				b := bufs[s][:0]
				var blk [256]budget.CaseResult
				for i := a; i < z; {
					m := r.CaseRange(blk[:min(len(blk), z-i)], i)
					for j := range m {
						b = appendCaseRow(b, &blk[j], ps)
					}
					i += m
				}
				bufs[s] = b
			})
		}
		wg.Wait()
		for _, b := range bufs {
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// appendCaseRow appends one row of cases.csv. Ids and codes with a comma, a quote
// or a line end are quoted (RFC 4180); numbers never need it.
func appendCaseRow(b []byte, c *budget.CaseResult, ps int) []byte {
	b = csvio.AppendField(b, c.CaseID)
	b = append(b, ',')
	b = csvio.AppendField(b, c.HospitalID)
	b = append(b, ',')
	b = append(b, c.Fund.String()...)
	b = append(b, ',')
	b = append(b, c.Method.String()...)
	b = append(b, ',')
	b = csvio.AppendField(b, c.Group)
	b = append(b, ',')
	b = append(b, c.Class.String()...)
	b = append(b, ',')
	if c.HasBase {
		b = c.Base.Append(b, ps)
	}
	b = append(b, ',')
	if c.HasRatio {
		b = c.Ratio.Append(b, ratioDecimals)
	}
	b = append(b, ',')
	b = c.Points.Append(b, ps)
	b = append(b, ',')
	if c.HasAmount {
		b = c.Amount.Append(b)
	}
	b = append(b, ',')
	b = csvio.AppendField(b, c.Flags)
	b = append(b, ',')
	b = csvio.AppendField(b, c.Rules)
	return append(b, '\n')
}

func optional[T any](ok bool, v T, f func(T) string) string {
	if !ok {
		return ""
	}
	return f(v)
}

// WriteHospitals writes hospitals.csv: one row per (fund, method, hospital).
func WriteHospitals(w io.Writer, r *budget.Result) error {
	ps, pvs := scales(r)
	cw := csvio.NewWriter(w)
	if err := cw.Write(hospitalsColumns...); err != nil {
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
func WritePools(w io.Writer, r *budget.Result) error {
	ps, pvs := scales(r)
	cw := csvio.NewWriter(w)
	if err := cw.Write(poolsColumns...); err != nil {
		return err
	}
	pv := func(v pointvalue.PointValue) string { return v.Format(pvs) }
	for i := range r.Pools {
		p := &r.Pools[i]
		if err := cw.Write(p.Fund.String(), p.Method.String(), p.Pool.String(), p.ReserveIn.String(), p.ReserveOut.String(),
			p.TotalPoints.Format(ps), p.Share.String(),
			optional(p.HasBudgetPointValue && p.Method != 3, p.BudgetPointValue, pv),
			optional(p.HasPointValue, p.PointValue, pv),
			p.Payments.String(), p.Residual.String()); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteLedger writes ledger.csv: one row per settled fund (BUD-7); also the rows
// of an *budget.UnbalancedError, for diagnosis (failed-ledger.csv).
func WriteLedger(w io.Writer, rows []budget.LedgerRow) error {
	cw := csvio.NewWriter(w)
	if err := cw.Write(ledgerColumns...); err != nil {
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
	if err := cw.Write(rejectsColumns...); err != nil {
		return err
	}
	sorted := append([]*pointvalue.RecordError(nil), rejects...)
	budget.SortErrors(sorted)
	for _, e := range sorted {
		if err := cw.Write(e.Source, strconv.Itoa(e.Line), e.Field, e.Value, e.Reason()); err != nil {
			return err
		}
	}
	return cw.Flush()
}
