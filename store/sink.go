package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dipdrg/dipdrg/budget"
)

// Tx is one transaction the sink writes a run in. The store's own, over
// database/sql, inserts with batched multi-row INSERT statements; a driver
// package may give a faster one (store/postgres: COPY).
type Tx interface {
	// Exec runs a statement with the dialect's parameters.
	Exec(ctx context.Context, query string, args ...any) error
	// Insert writes every row of rows into table (columns in order) and
	// returns how many it wrote.
	Insert(ctx context.Context, table string, columns []string, rows func(yield func([]any) bool) error) (int64, error)
}

// Sink writes settled years to a database: the result tables (ResultTables),
// each row stamped with the run id and the policy id.
//
// A run is one transaction: it deletes the rows of the same run id, writes
// every table and a row of result_runs, and commits. A run that fails, is
// canceled or is killed midway commits nothing, so the database keeps the
// previous run's rows and shows no part of the new one; writing a run id again
// replaces its rows.
type Sink struct {
	DB      *sql.DB
	Dialect Dialect
	// Rows is the rows per INSERT statement (0: as many as the dialect's
	// parameter limit allows, at most 500).
	Rows int
	// Begin, when set, runs fn in a transaction of its own making (a driver's
	// bulk path: store/postgres sets it); nil: a database/sql transaction.
	Begin func(ctx context.Context, fn func(Tx) error) error
	// Progress, when set, is called after each batch of rows with the table
	// and the rows written to it so far.
	Progress func(table string, rows int64)
}

// Write writes res as run runID, replacing a previous run of that id; extra
// are more tables' rows (a caller's own, or outputs added later) written in
// the same transaction. An extra of a result table replaces its rows from
// res: RejectsRows of the run's files.Rejects must be given when res keeps
// only the first of its rejects (ErrRejectsDropped otherwise: a run is never
// written with rejects missing).
func (s *Sink) Write(ctx context.Context, runID string, res *budget.Result, extra ...Rows) error {
	if runID == "" {
		return errors.New("store: a run id is required")
	}
	tables := ResultRows(res)
	for _, x := range extra {
		if i := slices.IndexFunc(tables, func(t Rows) bool { return t.Table == x.Table }); i >= 0 {
			tables[i] = x
		} else {
			tables = append(tables, x)
		}
	}
	if res.RejectsDropped > 0 && !slices.ContainsFunc(extra, func(t Rows) bool { return t.Table == RejectsResult }) {
		return fmt.Errorf("%w: the result keeps %d of its %d rejects", ErrRejectsDropped, len(res.Rejects), len(res.Rejects)+res.RejectsDropped)
	}
	begin := s.Begin
	if begin == nil {
		begin = s.sqlTx
	}
	return begin(ctx, func(tx Tx) error {
		var cases int64
		for _, t := range append(tables, Rows{Table: RunsResult}) {
			if err := tx.Exec(ctx, "DELETE FROM "+quote(t.Table.Name)+" WHERE run_id = "+string(s.Dialect.Param(nil, 1)), runID); err != nil {
				return fmt.Errorf("store: %s: %w", t.Table.Name, err)
			}
		}
		for _, t := range tables {
			name := t.Table.Name
			n, err := tx.Insert(ctx, name, t.Table.names(), func(yield func([]any) bool) error {
				var row []any
				return t.Each(func(r []any) bool {
					row = append(append(row[:0], runID, res.PolicyID), r...)
					return yield(row)
				})
			})
			if err != nil {
				return fmt.Errorf("store: %s: %w", name, err)
			}
			if t.Table == CasesResult {
				cases = n
			}
		}
		rejects := int64(len(res.Rejects) + res.RejectsDropped)
		run := []any{runID, res.PolicyID, cases, rejects, time.Now().UTC().Format(time.RFC3339)}
		_, err := tx.Insert(ctx, RunsResult.Name, RunsResult.names(), func(yield func([]any) bool) error {
			yield(run)
			return nil
		})
		return err
	})
}

// sqlTx runs fn in a database/sql transaction, committed when fn returns nil.
func (s *Sink) sqlTx(ctx context.Context, fn func(Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(&sqlTx{tx: tx, s: s}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

type sqlTx struct {
	tx *sql.Tx
	s  *Sink
}

func (t *sqlTx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, query, args...)
	return err
}

// Insert writes rows with multi-row INSERT statements of a prepared size.
func (t *sqlTx) Insert(ctx context.Context, table string, columns []string, rows func(yield func([]any) bool) error) (int64, error) {
	per := t.s.Rows
	if per <= 0 {
		per = min(500, t.s.Dialect.maxParams()/len(columns))
	}
	per = max(1, min(per, t.s.Dialect.maxParams()/len(columns)))
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*len(columns))
	var n int64
	var err error
	flush := func() bool {
		k := len(args) / len(columns)
		if k == 0 {
			return true
		}
		q := insertSQL(t.s.Dialect, table, columns, k)
		if k == per {
			if full == nil {
				if full, err = t.tx.PrepareContext(ctx, q); err != nil {
					return false
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = t.tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return false
		}
		n += int64(k)
		args = args[:0]
		if t.s.Progress != nil {
			t.s.Progress(table, n)
		}
		return true
	}
	rerr := rows(func(row []any) bool {
		args = append(args, row...)
		if len(args) == cap(args) {
			return flush()
		}
		return true
	})
	if err == nil && rerr == nil {
		flush()
	}
	return n, errors.Join(err, rerr)
}

// insertSQL is an INSERT of k rows.
func insertSQL(d Dialect, table string, columns []string, k int) string {
	b := make([]byte, 0, 64+k*len(columns)*5)
	b = append(b, "INSERT INTO "...)
	b = append(b, quote(table)...)
	b = append(b, " ("...)
	for i, c := range columns {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, quote(c)...)
	}
	b = append(b, ") VALUES "...)
	p := 1
	for r := range k {
		if r > 0 {
			b = append(b, ',')
		}
		b = append(b, '(')
		for i := range columns {
			if i > 0 {
				b = append(b, ',')
			}
			b = d.Param(b, p)
			p++
		}
		b = append(b, ')')
	}
	return string(b)
}

// joinQuoted quotes and joins column names.
func joinQuoted(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	return strings.Join(q, ", ")
}

// ErrRejectsDropped is a Result that keeps only the first of its rejects
// (a run with files.Options.Rejects) written without RejectsRows of them all.
var ErrRejectsDropped = errors.New("store: the run's rejects are not all in the result: pass store.RejectsRows(rejects.All())")
