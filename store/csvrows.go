package store

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// StatementsResult is statements.csv (docs/formats.md "Additions": the reconciliation
// of every (fund, method, hospital) row from points to clearing) as a result
// table. Its rows come from the statements writer through CSVRows.
var StatementsResult = &Table{Name: "result_statements", Key: []string{"run_id", "fund", "method", "hospital_id"}, Columns: stamped(
	Column{"fund", Text}, Column{"method", Text}, Column{"hospital_id", Text}, Column{"points", Decimal},
	Column{"point_value", Decimal}, Column{"gross_fen", Money}, Column{"fund_amount_fen", Money}, Column{"actual_cost_fen", Money},
	Column{"cost_ratio", Decimal}, Column{"corridor_band", Text}, Column{"corridor_amount_fen", Money},
	Column{"fund_corridor_fen", Money}, Column{"reserve_draw_fen", Money}, Column{"reserve_return_fen", Money},
	Column{"referred_fen", Money}, Column{"deductions_fen", Money}, Column{"entitlement_fen", Money}, Column{"deposit_fen", Money},
	Column{"deposit_returned_fen", Money}, Column{"forfeited_fen", Money}, Column{"final_fen", Money}, Column{"advances_fen", Money},
	Column{"clearing_fen", Money}, Column{"settlement_ratio", Decimal}, Column{"elastic_base_points", Decimal},
	Column{"elastic_point_value", Decimal})}

// CSVRows are the rows of a CSV output as rows of table t: write writes the
// CSV (a files writer), whose columns are t's after run_id and policy_id, by
// name (money columns named without _fen, as in the CSV). Money becomes fen
// exactly (pointvalue.ParseMoney), a count an integer, an empty cell NULL. It
// is how an output the store has no code for becomes a table of a run: a
// Table for its columns, CSVRows for its rows, passed to Sink.Write.
func CSVRows(t *Table, write func(io.Writer) error) Rows {
	return Rows{Table: t, Each: func(yield func([]any) bool) error {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(write(pw)) }()
		defer pr.Close()
		cr := csv.NewReader(pr)
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err != nil {
			return fmt.Errorf("store: %s: %w", t.Name, err)
		}
		cols := t.Columns[2:] // after run_id, policy_id
		at := make([]int, len(cols))
		for i, c := range cols {
			at[i] = -1
			want := strings.TrimSuffix(c.Name, "_fen")
			for j, h := range header {
				if h == want || h == c.Name {
					at[i] = j
				}
			}
			if at[i] < 0 {
				return fmt.Errorf("store: %s: the CSV has no column %s", t.Name, want)
			}
		}
		row := make([]any, len(cols))
		for line := 2; ; line++ {
			rec, err := cr.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("store: %s: %w", t.Name, err)
			}
			for i, c := range cols {
				v := rec[at[i]]
				if v == "" && c.Kind != Text {
					row[i] = nil
					continue
				}
				switch c.Kind {
				case Money:
					m, err := pointvalue.ParseMoney(v)
					if err != nil {
						return fmt.Errorf("store: %s line %d: %s: %q: %w", t.Name, line, c.Name, v, err)
					}
					row[i] = int64(m)
				case Int:
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						return fmt.Errorf("store: %s line %d: %s: %q: %w", t.Name, line, c.Name, v, err)
					}
					row[i] = n
				case Bool:
					row[i] = v == "true" || v == "1"
				default:
					row[i] = strings.Clone(v)
				}
			}
			if !yield(row) {
				return nil
			}
		}
	}}
}
