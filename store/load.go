package store

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Load replaces the rows of input table t (InputTables) with those of an input
// CSV (docs/formats.md: the same columns; money in yuan becomes the _fen column's fen),
// in one transaction. It checks only what the table's types need (money to the
// fen, whole counts, 0/1 booleans): the settlement run checks the rest, as it
// would the CSV. An error of any row loads nothing (a *pointvalue.ErrorList).
func (s *Sink) Load(ctx context.Context, t *Table, r io.Reader, source string) (int64, error) {
	errs := &pointvalue.ErrorList{}
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{})
	cols := make([]csvio.Col, len(t.Columns))
	for i, c := range t.Columns {
		name := c.Name
		if c.Kind == Money {
			name = strings.TrimSuffix(name, "_fen")
		}
		cols[i] = cr.Col(name, false)
	}
	if errs.Len() > 0 {
		return 0, errs
	}
	row := make([]any, len(cols))
	each := func(yield func([]any) bool) error {
		for cr.Next() {
			ok := true
			for i, c := range t.Columns {
				raw := strings.TrimSpace(cr.Raw(cols[i]))
				var v any
				switch {
				case c.Kind == Text:
					v = raw // "" rather than NULL: text key columns (age_band) may be empty
				case raw == "":
					v = nil
				case c.Kind == Money:
					m, err := pointvalue.ParseMoney(raw)
					if err != nil {
						cr.Report(cols[i], err)
						ok = false
					}
					v = int64(m)
				case c.Kind == Int:
					n, good := cr.Int(cols[i], 0)
					ok = ok && good
					v = n
				case c.Kind == Bool:
					b, good := cr.Bool(cols[i], false)
					ok = ok && good
					v = b
				case c.Kind == Date && s.Dialect != SQLite:
					d, err := time.Parse(time.DateOnly, raw)
					if err != nil {
						cr.Report(cols[i], pointvalue.ErrDate)
						ok = false
					}
					v = d
				default: // Decimal, and dates on SQLite: the text as given
					v = raw
				}
				row[i] = v
			}
			if ok && errs.Len() == 0 && !yield(row) {
				break
			}
		}
		return nil
	}
	begin := s.Begin
	if begin == nil {
		begin = s.sqlTx
	}
	var n int64
	err := begin(ctx, func(tx Tx) error {
		if err := tx.Exec(ctx, "DELETE FROM "+quote(t.Name)); err != nil {
			return err
		}
		var err error
		n, err = tx.Insert(ctx, t.Name, t.names(), each)
		if err == nil && errs.Len() > 0 {
			err = errs
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: load %s: %w", t.Name, err)
	}
	return n, nil
}
