package store

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
)

// ExportCSV writes result table t of run runID as the CSV output of the same
// name (docs/formats.md: the same columns, money in yuan with 2 decimals, rows in key
// order by bytes), so that a run read back from the database can be compared
// with, or handed on as, the files a run to a directory writes.
func (s *Sink) ExportCSV(ctx context.Context, t *Table, runID string, w io.Writer) error {
	var cols, header []string
	for _, c := range t.Columns {
		if c.Name == "run_id" || c.Name == "policy_id" || (t == RejectsResult && c.Name == "seq") {
			continue
		}
		cols = append(cols, c.Name)
		header = append(header, strings.TrimSuffix(c.Name, "_fen"))
	}
	var order []string
	for _, k := range t.Key {
		if k == "run_id" {
			continue
		}
		coll := ""
		for _, c := range t.Columns {
			if c.Name == k && c.Kind == Text {
				coll = s.Dialect.ByteOrder()
			}
		}
		order = append(order, quote(k)+coll)
	}
	q := "SELECT " + joinQuoted(cols) + " FROM " + quote(t.Name) + " WHERE run_id = " + string(s.Dialect.Param(nil, 1)) +
		" ORDER BY " + strings.Join(order, ", ")
	rows, err := s.DB.QueryContext(ctx, q, runID)
	if err != nil {
		return fmt.Errorf("store: export %s: %w", t.Name, err)
	}
	defer rows.Close()
	kinds := make([]Kind, len(cols))
	cells := make([]cell, len(cols))
	dest := make([]any, len(cols))
	for i, name := range cols {
		for _, c := range t.Columns {
			if c.Name == name {
				kinds[i] = c.Kind
			}
		}
		cells[i].fen = kinds[i] == Money
		dest[i] = &cells[i]
	}
	cw := csvio.NewWriter(w)
	if err := cw.Write(header...); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i := range cells {
			if cells[i].err != nil {
				return fmt.Errorf("store: export %s.%s: %s: %w", t.Name, cols[i], cells[i].raw, cells[i].err)
			}
			rec[i] = cells[i].s
			if kinds[i] == Bool {
				rec[i] = map[string]string{"1": "true", "0": "false", "": ""}[rec[i]]
			}
		}
		if err := cw.Write(rec...); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Flush()
}
