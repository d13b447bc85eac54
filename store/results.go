package store

import (
	"io"
	"iter"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// The result tables: the columns of the output CSVs (docs/formats.md "Outputs") after
// run_id and policy_id, money as BIGINT fen under the column's name + "_fen",
// points, ratios and point values as exact decimals formatted as in the CSVs
// (an empty CSV cell is NULL).
var (
	RunsResult = &Table{Name: "result_runs", Key: []string{"run_id"}, Columns: []Column{
		{"run_id", Text}, {"policy_id", Text}, {"cases", Int}, {"rejects", Int}, {"written_at", Text}}}
	HospitalsResult = &Table{Name: "result_hospitals", Key: []string{"run_id", "fund", "method", "hospital_id"}, Columns: stamped(
		Column{"fund", Text}, Column{"method", Text}, Column{"hospital_id", Text}, Column{"cases", Int}, Column{"points", Decimal},
		Column{"cmi", Decimal}, Column{"point_value", Decimal}, Column{"gross_fen", Money}, Column{"patient_share_fen", Money},
		Column{"fund_amount_fen", Money}, Column{"actual_cost_fen", Money}, Column{"corridor_band", Text},
		Column{"corridor_amount_fen", Money}, Column{"deductions_fen", Money}, Column{"deposit_fen", Money},
		Column{"deposit_returned_fen", Money}, Column{"advances_fen", Money}, Column{"final_fen", Money},
		Column{"clearing_fen", Money}, Column{"flags", Text})}
	CasesResult = &Table{Name: "result_cases", Key: []string{"run_id", "case_id"}, Columns: stamped(
		Column{"case_id", Text}, Column{"hospital_id", Text}, Column{"fund", Text}, Column{"method", Text},
		Column{"group", Text}, Column{"class", Text}, Column{"base_points", Decimal}, Column{"ratio", Decimal},
		Column{"points", Decimal}, Column{"amount_fen", Money}, Column{"flags", Text}, Column{"rules", Text})}
	PoolsResult = &Table{Name: "result_pools", Key: []string{"run_id", "fund", "method"}, Columns: stamped(
		Column{"fund", Text}, Column{"method", Text}, Column{"pool_fen", Money}, Column{"reserve_in_fen", Money},
		Column{"reserve_out_fen", Money}, Column{"total_points", Decimal}, Column{"patient_share_fen", Money},
		Column{"point_value_budget", Decimal}, Column{"point_value", Decimal}, Column{"payments_fen", Money},
		Column{"residual_fen", Money})}
	LedgerResult = &Table{Name: "result_ledger", Key: []string{"run_id", "fund"}, Columns: stamped(
		Column{"fund", Text}, Column{"budget_fen", Money}, Column{"carveouts_fen", Money}, Column{"payments_fen", Money},
		Column{"reserve_end_fen", Money}, Column{"residual_fen", Money}, Column{"balanced", Bool})}
	RejectsResult = &Table{Name: "result_rejects", Key: []string{"run_id", "seq"}, Columns: stamped(
		Column{"seq", Int}, Column{"source", Text}, Column{"line", Int}, Column{"field", Text}, Column{"value", Text},
		Column{"reason", Text})}
)

// stamped puts run_id and policy_id before a result table's columns.
func stamped(cols ...Column) []Column {
	return append([]Column{{"run_id", Text}, {"policy_id", Text}}, cols...)
}

// ResultTables are the result tables and the runs table.
func ResultTables() []*Table {
	return []*Table{RunsResult, HospitalsResult, CasesResult, PoolsResult, LedgerResult, RejectsResult, StatementsResult}
}

// Rows is one result table's rows for a settled year: a writer of rows. Each
// row has the table's columns after run_id and policy_id (the sink stamps
// those); Each calls yield with each row in key order (the slice may be
// reused) and returns what stopped it early.
type Rows struct {
	Table *Table
	Each  func(yield func(row []any) bool) error
}

// ResultRows are the rows of the result tables for res: hospitals, cases,
// pools, ledger, rejects (res.Rejects) and statements.
func ResultRows(res *budget.Result) []Rows {
	ps, pvs := 4, 6
	if res.Policy != nil {
		ps, pvs = res.Policy.PointScale, res.Policy.PointValueScale
	}
	dec := func(ok bool, s string) any {
		if !ok {
			return nil
		}
		return s
	}
	return []Rows{
		{HospitalsResult, func(yield func([]any) bool) error {
			row := make([]any, 20)
			for i := range res.Hospitals {
				h := &res.Hospitals[i]
				row = append(row[:0], h.Fund.String(), h.Method.String(), h.HospitalID, h.Cases, h.Points.Format(ps),
					dec(h.HasCMI, h.CMI.Format(4)), dec(h.HasPointValue, h.PointValue.Format(pvs)),
					int64(h.Gross), int64(h.PatientShare), int64(h.FundAmount), int64(h.ActualCost), h.CorridorBand.String(),
					int64(h.CorridorAmount), int64(h.Deductions), int64(h.Deposit), int64(h.DepositReturned),
					int64(h.Advances), int64(h.Final), int64(h.Clearing), strings.Join(h.Flags, "|"))
				if !yield(row) {
					break
				}
			}
			return nil
		}},
		{CasesResult, func(yield func([]any) bool) error {
			row := make([]any, 12)
			streamed := res.NumCases() == 0 // its cases' strings view a buffer the next case reuses
			for c := range res.Cases() {
				if streamed {
					c.CaseID, c.HospitalID, c.Group = strings.Clone(c.CaseID), strings.Clone(c.HospitalID), strings.Clone(c.Group)
					c.Flags, c.Rules = strings.Clone(c.Flags), strings.Clone(c.Rules)
				}
				var base, ratio, amount any
				if c.HasBase {
					base = c.Base.Format(ps)
				}
				if c.HasRatio {
					ratio = c.Ratio.Format(4)
				}
				if c.HasAmount {
					amount = int64(c.Amount)
				}
				row = append(row[:0], c.CaseID, c.HospitalID, c.Fund.String(), c.Method.String(), c.Group, c.Class.String(),
					base, ratio, c.Points.Format(ps), amount, c.Flags, c.Rules)
				if !yield(row) {
					break
				}
			}
			return res.CasesErr()
		}},
		{PoolsResult, func(yield func([]any) bool) error {
			row := make([]any, 11)
			for i := range res.Pools {
				p := &res.Pools[i]
				row = append(row[:0], p.Fund.String(), p.Method.String(), int64(p.Pool), int64(p.ReserveIn), int64(p.ReserveOut),
					p.TotalPoints.Format(ps), int64(p.Share),
					dec(p.HasBudgetPointValue && p.Method != param.Capita, p.BudgetPointValue.Format(pvs)), // capita: none, as pools.csv
					dec(p.HasPointValue, p.PointValue.Format(pvs)), int64(p.Payments), int64(p.Residual))
				if !yield(row) {
					break
				}
			}
			return nil
		}},
		{LedgerResult, func(yield func([]any) bool) error {
			row := make([]any, 7)
			for _, l := range res.Ledger {
				row = append(row[:0], l.Fund.String(), int64(l.Budget), int64(l.Carveouts), int64(l.Payments),
					int64(l.ReserveEnd), int64(l.Residual), l.Balanced)
				if !yield(row) {
					break
				}
			}
			return nil
		}},
		rejectsRows(func(yield func(*pointvalue.RecordError) bool) {
			sorted := append([]*pointvalue.RecordError(nil), res.Rejects...)
			budget.SortErrors(sorted)
			for _, e := range sorted {
				if !yield(e) {
					return
				}
			}
		}, func() error { return nil }),
		CSVRows(StatementsResult, func(w io.Writer) error { return files.WriteStatements(w, res) }),
	}
}

// RejectsRows are the rows of result_rejects from every reject of a run, in
// the order of rejects.csv: the run's files.Rejects (files.Options.Rejects),
// whose Result keeps only the first of them (Result.RejectsDropped > 0).
// Pass it to Sink.Write, where it replaces the Result's; an error reading the
// store's spilled runs fails the write.
func RejectsRows(r *files.Rejects) Rows { return rejectsRows(r.All(), r.Err) }

func rejectsRows(all iter.Seq[*pointvalue.RecordError], errf func() error) Rows {
	return Rows{RejectsResult, func(yield func([]any) bool) error {
		row := make([]any, 6)
		seq := int64(0)
		for e := range all {
			seq++
			row = append(row[:0], seq, e.Source, int64(e.Line), e.Field, e.Value, e.Reason())
			if !yield(row) {
				break
			}
		}
		return errf()
	}}
}
