package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Query is a named query whose result columns are aliased to the input
// CSV's column names (docs/formats.md): `SELECT id AS case_id, cost AS total_cost …`.
// Columns are found by name, in any order; other columns are ignored. Money is
// yuan as in CSV (text or exact NUMERIC/DECIMAL through the exact decimal
// parser, or an integer of yuan) unless the alias ends in _fen
// (total_cost_fen), which says the column holds fen. A floating-point value
// is an error naming the column (ErrFloat). Name is the source errors name
// ("cases" → "cases:12: total_cost: 1.234: …", line = the row's number, from 1).
type Query struct {
	Name string
	SQL  string
	Args []any
}

// Queries are the queries of a year's input tables. Cases and Hospitals are
// required; an empty SQL means no such table.
type Queries struct {
	Hospitals, Cases, Members, Spending, Adjustments Query
}

// DefaultQueries read the input tables of the store's schema (InputTables).
func DefaultQueries() Queries {
	q := func(t *Table) Query {
		return Query{Name: t.Name, SQL: "SELECT " + joinQuoted(t.names()) + " FROM " + quote(t.Name)}
	}
	return Queries{Hospitals: q(HospitalsInput), Cases: q(CasesInput), Members: q(MembersInput),
		Spending: q(SpendingInput), Adjustments: q(AdjustmentsInput)}
}

// ParseQueries reads a queries file: each query follows a line
// `-- name: NAME` (NAME one of hospitals, cases, members, spending,
// adjustments) and runs to the next such line; other comment lines and blank
// lines are kept in the SQL; a trailing ";" is dropped. A table the file
// does not name keeps its DefaultQueries query.
func ParseQueries(r io.Reader) (Queries, error) {
	q := DefaultQueries()
	sc := bufio.NewScanner(r)
	var cur *Query
	var body strings.Builder
	done := func() {
		if cur != nil {
			cur.SQL = strings.TrimSuffix(strings.TrimSpace(body.String()), ";")
			cur.Args = nil
		}
		body.Reset()
	}
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if name, ok := strings.CutPrefix(t, "-- name:"); ok {
			done()
			name = strings.TrimSpace(name)
			switch name {
			case "hospitals":
				cur = &q.Hospitals
			case "cases":
				cur = &q.Cases
			case "members":
				cur = &q.Members
			case "spending":
				cur = &q.Spending
			case "adjustments":
				cur = &q.Adjustments
			default:
				return q, fmt.Errorf("store: queries line %d: %w: unknown query name %q (hospitals, cases, members, spending, adjustments)", line, pointvalue.ErrInvalidArgument, name)
			}
			cur.Name = name
			continue
		}
		if cur == nil && t != "" && !strings.HasPrefix(t, "--") {
			return q, fmt.Errorf("store: queries line %d: %w: SQL before the first \"-- name:\" line", line, pointvalue.ErrInvalidArgument)
		}
		body.WriteString(sc.Text())
		body.WriteByte('\n')
	}
	done()
	return q, sc.Err()
}

// Source reads a year's input tables from a database with its Queries, every
// query in one read-only transaction so that they see one snapshot: at
// REPEATABLE READ on PostgreSQL (and Generic databases that accept it), one
// deferred read transaction on SQLite. A Generic driver that refuses that
// isolation level reads in a plain read-only transaction: its queries may
// then see other writers' commits between them (the engine reports a case
// whose hospital appeared later as an unknown hospital). The cases are read
// once, in one query: a streamed year spills them to disk as it reads them
// (budget.Stream) and its later passes read the spill, never the database.
type Source struct {
	DB      *sql.DB
	Dialect Dialect
	Queries Queries
}

// Options are files.Options (Lenient, Workers, TempDir, Window, Progress; the
// Encoding applies to no query), and Sources names the policy, weights and
// catalog in errors (the queries name themselves).
type Options struct {
	files.Options
	Sources budget.Sources
}

// Settle reads the input tables into base (which holds the policy, and the
// weights or catalog, read from their files) and settles the year in memory:
// files.Settle over a database, with its errors (files.Run): every record
// error of every query and the engine's checks across records at once, as a
// *pointvalue.ErrorList; strict fails on any, lenient sets the records aside
// (Result.Rejects, and opt.Rejects when set) and fails only on errors of a
// whole query (a missing column) or of the year.
func (s *Source) Settle(ctx context.Context, base budget.Input, opt Options) (*budget.Result, error) {
	r, err := s.begin(ctx, base, opt)
	if err != nil {
		return nil, err
	}
	b := &budget.Batch{}
	err = r.cases(ctx, func(w *budget.Batch) error { b = w; return nil }, false)
	r.tx.Rollback()
	if err != nil {
		return nil, err
	}
	if err := r.run.Failed(); err != nil {
		return nil, err
	}
	r.in.Cases = b
	res, err := budget.Settle(ctx, r.in, r.run.Engine(opt.Options, r.src))
	return r.run.Finish(res, err)
}

// Sources are the names errors give the inputs: the queries' names, and
// base's policy, weights and catalog.
func (s *Source) Sources(base budget.Sources) budget.Sources {
	q := &s.Queries
	base.Hospitals, base.Cases = name(q.Hospitals, "hospitals"), name(q.Cases, "cases")
	base.Members, base.Spending = name(q.Members, "members"), name(q.Spending, "spending")
	base.Adjustments = name(q.Adjustments, "adjustments")
	return base
}

// Read reads the input tables into base for budget.Settle, as files.Read does:
// strict, any input error is returned; lenient, the records read well are in
// the Input and the rejected ones in rejects (budget.Options.Rejects), and
// errors of a whole query are still returned. The sources errors name are
// Sources(opt.Sources).
func (s *Source) Read(ctx context.Context, base budget.Input, opt Options) (in budget.Input, rejects []*pointvalue.RecordError, err error) {
	r, err := s.begin(ctx, base, opt)
	if err != nil {
		return budget.Input{}, nil, err
	}
	b := &budget.Batch{}
	err = r.cases(ctx, func(w *budget.Batch) error { b = w; return nil }, false)
	r.tx.Rollback()
	if err != nil {
		return budget.Input{}, nil, err
	}
	if rejects, err = r.run.Read(); err != nil {
		return budget.Input{}, nil, err
	}
	r.in.Cases = b
	return r.in, rejects, nil
}

// Stream settles the year as files.Stream does: the cases are read in windows
// of opt.Window, spilled under opt.TempDir and merged; Close the Result.
func (s *Source) Stream(ctx context.Context, base budget.Input, opt Options) (*budget.Result, error) {
	r, err := s.begin(ctx, base, opt)
	if err != nil {
		return nil, err
	}
	defer r.tx.Rollback()
	if err := r.run.Failed(); err != nil {
		return nil, err
	}
	st, err := budget.NewStream(ctx, r.in, budget.StreamOptions{Options: r.run.Engine(opt.Options, r.src),
		TempDir: opt.TempDir, Window: opt.Window})
	if err != nil {
		return r.run.Finish(nil, err)
	}
	if err = r.cases(ctx, st.Add, true); err == nil {
		r.tx.Rollback()
		if err = r.run.Failed(); err == nil {
			var res *budget.Result
			if res, err = r.run.Finish(st.Settle()); err == nil {
				return res, nil
			}
		}
	}
	st.Close()
	return nil, err
}

// reading is a year being read in one snapshot.
type reading struct {
	s    *Source
	opt  Options
	tx   *sql.Tx
	in   budget.Input
	src  budget.Sources
	run  *files.Run
	errs *pointvalue.ErrorList // one row's errors, to the run once the row's key names them
}

// begin starts the read transaction and reads every table but the cases.
func (s *Source) begin(ctx context.Context, base budget.Input, opt Options) (*reading, error) {
	if base.Policy == nil {
		return nil, errors.New("store: a policy is required")
	}
	if s.Queries.Cases.SQL == "" || s.Queries.Hospitals.SQL == "" {
		return nil, errors.New("store: the hospitals and cases queries are required")
	}
	opt.PointScale = base.Policy.PointScale
	r := &reading{s: s, opt: opt, in: base, src: s.Sources(opt.Sources), run: files.NewRun(opt.Options), errs: &pointvalue.ErrorList{Cap: 1 << 30}}
	q := &s.Queries

	tx, err := s.DB.BeginTx(ctx, s.Dialect.readTx())
	if err != nil && s.Dialect == Generic {
		// See Source: no snapshot promised. A driver that refuses the
		// isolation level may refuse a read-only transaction too.
		if tx, err = s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			tx, err = s.DB.BeginTx(ctx, nil)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: begin the read transaction: %w", err)
	}
	r.tx = tx
	err = errors.Join(
		r.table(ctx, q.Hospitals, r.src.Hospitals, func(h []string) func([]string, int, []bool) {
			d := files.NewHospitalRows(r.src.Hospitals, h, r.opt.Options, r.errs)
			r.run.Ignore(r.src.Hospitals, d.Ignored())
			return func(f []string, line int, bad []bool) {
				if v, ok := d.Decode(f, line, bad); ok {
					r.in.Hospitals = append(r.in.Hospitals, v)
				}
			}
		}),
		r.table(ctx, q.Members, r.src.Members, func(h []string) func([]string, int, []bool) {
			d := files.NewMembersRows(r.src.Members, h, r.errs)
			r.run.Ignore(r.src.Members, d.Ignored())
			return func(f []string, line int, bad []bool) {
				if v, ok := d.Decode(f, line, bad); ok {
					r.in.Members = append(r.in.Members, v)
				}
			}
		}),
		r.table(ctx, q.Spending, r.src.Spending, func(h []string) func([]string, int, []bool) {
			d := files.NewSpendingRows(r.src.Spending, h, r.errs)
			r.run.Ignore(r.src.Spending, d.Ignored())
			return func(f []string, line int, bad []bool) {
				if v, ok := d.Decode(f, line, bad); ok {
					r.in.Spending = append(r.in.Spending, v)
				}
			}
		}),
		r.table(ctx, q.Adjustments, r.src.Adjustments, func(h []string) func([]string, int, []bool) {
			d := files.NewAdjustmentRows(r.src.Adjustments, h, r.errs)
			r.run.Ignore(r.src.Adjustments, d.Ignored())
			return func(f []string, line int, bad []bool) {
				if v, ok := d.Decode(f, line, bad); ok {
					r.in.Adjustments = append(r.in.Adjustments, v)
				}
			}
		}))
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return r, nil
}

// cases reads the cases query into batches given to add: windows of
// opt.Window (the batch is reused) when stream, else one batch.
func (r *reading) cases(ctx context.Context, add func(*budget.Batch) error, stream bool) error {
	window := r.opt.Window
	if window <= 0 {
		window = 1 << 19
	}
	b := &budget.Batch{}
	var c budget.Case
	var addErr error
	err := r.table(ctx, r.s.Queries.Cases, r.src.Cases, func(h []string) func([]string, int, []bool) {
		d := files.NewCaseRows(r.src.Cases, h, r.opt.Options, r.errs)
		r.run.Ignore(r.src.Cases, d.Ignored())
		return func(f []string, line int, bad []bool) {
			if addErr != nil || !d.Decode(f, line, bad, &c) {
				return
			}
			b.Append(&c)
			if stream && b.Len() >= window {
				addErr = add(b)
				b.Reset()
			}
		}
	})
	if err != nil {
		return err
	}
	if addErr != nil {
		return addErr
	}
	return add(b)
}

func (r *reading) table(ctx context.Context, q Query, src string, decoder func(header []string) func(fields []string, line int, bad []bool)) error {
	if q.SQL == "" {
		return nil
	}
	return r.s.query(ctx, r.tx, q, src, r.errs, r.run, decoder)
}

func name(q Query, def string) string {
	if q.Name != "" {
		return q.Name
	}
	return def
}

// query runs q and decodes its rows: row numbers from 1; a value of a type
// the CSV readers cannot take (a float) is reported here, on its column as the
// query names it, and its cell marked bad; each error of a row names the
// row's key (case_id, hospital_id or institution_id) after its reason. The
// decoders report to errs, whose errors go on to run: the header's as errors
// of the whole query, a row's once its key names them.
func (s *Source) query(ctx context.Context, tx *sql.Tx, q Query, src string, errs *pointvalue.ErrorList, run *files.Run,
	decoder func(header []string) func(fields []string, line int, bad []bool)) error {
	rows, err := tx.QueryContext(ctx, q.SQL, q.Args...)
	if err != nil {
		return fmt.Errorf("store: query %s: %w", src, err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("store: query %s: %w", src, err)
	}
	header := make([]string, len(names))
	cells := make([]cell, len(names))
	dest := make([]any, len(names))
	key := -1
	for i, n := range names {
		header[i] = n
		folded := strings.ToLower(strings.TrimSpace(n))
		if stem, ok := strings.CutSuffix(folded, "_fen"); ok && stem != "" {
			header[i], cells[i].fen = stem, true
		}
		switch header[i] {
		case "case_id", "hospital_id", "institution_id":
			if key < 0 || header[key] == "hospital_id" && header[i] == "case_id" {
				key = i
			}
		}
		dest[i] = &cells[i]
	}
	errs.Errors = errs.Errors[:0]
	decode := decoder(header)
	if len(errs.Errors) > 0 {
		for _, e := range errs.Errors {
			run.Stop(e) // a missing, doubled or misspelt column: nothing of the query can be settled, no row is read
		}
		errs.Errors = errs.Errors[:0]
		return nil
	}
	fields := make([]string, len(names))
	bad := make([]bool, len(names))
	line := 0
	for rows.Next() {
		line++
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: query %s row %d: %w", src, line, err)
		}
		anyBad := false
		for i := range cells {
			fields[i], bad[i] = cells[i].s, cells[i].err != nil
			if bad[i] {
				anyBad = true
				errs.Addf(src, line, names[i], cells[i].raw, cells[i].err)
			}
		}
		if anyBad {
			decode(fields, line, bad)
		} else {
			decode(fields, line, nil)
		}
		if len(errs.Errors) > 0 {
			id := ""
			if key >= 0 {
				id = strings.Clone(strings.TrimSpace(fields[key]))
			}
			for _, e := range errs.Errors {
				if id != "" {
					e.Err = &keyError{col: header[key], id: id, err: e.Err}
				}
				run.Add(e)
			}
			clear(errs.Errors)
			errs.Errors = errs.Errors[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: query %s: %w", src, err)
	}
	return nil
}

// keyError names the row's key after the reason of an error of a query's row
// (a row number alone is hard to find in a database): "… (case_id C12)".
type keyError struct {
	col, id string
	err     error
}

func (e *keyError) Error() string {
	if e.id == "" {
		return e.err.Error()
	}
	return e.err.Error() + " (" + e.col + " " + e.id + ")"
}
func (e *keyError) Unwrap() error { return e.err }
