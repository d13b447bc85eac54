// Package storetest is the test suite every database of package store passes:
// a year loaded from CSV, settled from the database and written back equals
// the CSV path row for row, in memory and streamed; a run id written again
// replaces its rows; query errors are reported as the CSV reader reports
// them. store/sqlite and store/postgres run it against a real database.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/store"
)

// Year is the input folder of a settlement year with a DRG weights file.
type Year struct {
	Dir string
}

// Files are the year's input files.
func (y Year) Files() files.Files { return files.Dir(y.Dir) }

// SampleYear is the committed DRG sample year, from a package two levels
// below the repository's root (store/sqlite, store/postgres).
var SampleYear = Year{Dir: filepath.Join("..", "..", "examples", "testdata", "drg")}

// Load creates the schema and loads the year's input CSVs.
func Load(t testing.TB, s *store.Sink, y Year) {
	t.Helper()
	ctx := context.Background()
	if err := store.CreateSchema(ctx, s.DB, s.Dialect); err != nil {
		t.Fatal(err)
	}
	f := y.Files()
	for _, x := range []struct {
		t    *store.Table
		name string
	}{{store.HospitalsInput, f.Hospitals}, {store.CasesInput, f.Cases}, {store.MembersInput, f.Members},
		{store.SpendingInput, f.Spending}, {store.AdjustmentsInput, f.Adjustments}} {
		fh, err := os.Open(x.name)
		if err != nil {
			if x.name == "" {
				_, err = s.Load(ctx, x.t, strings.NewReader(strings.Join(columnsOf(x.t), ",")+"\n"), x.t.Name)
				if err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Fatal(err)
		}
		_, err = s.Load(ctx, x.t, fh, filepath.Base(x.name))
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func columnsOf(t *store.Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, strings.TrimSuffix(c.Name, "_fen"))
	}
	return out
}

// Base is the year's policy and weights or catalog, read from their files.
func Base(t testing.TB, y Year) budget.Input {
	t.Helper()
	f := y.Files()
	in, _, err := files.Read(files.Files{Policy: f.Policy, Weights: f.Weights, Catalog: f.Catalog}, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// CSV returns the CSV outputs of res by file name.
func CSV(t testing.TB, res *budget.Result) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, w := range map[string]func(io.Writer) error{
		"hospitals.csv":  func(w io.Writer) error { return files.WriteHospitals(w, res) },
		"cases.csv":      func(w io.Writer) error { return files.WriteCases(w, res) },
		"pools.csv":      func(w io.Writer) error { return files.WritePools(w, res) },
		"ledger.csv":     func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) },
		"rejects.csv":    func(w io.Writer) error { return files.WriteRejects(w, res.Rejects) },
		"statements.csv": func(w io.Writer) error { return files.WriteStatements(w, res) },
	} {
		var b bytes.Buffer
		if err := w(&b); err != nil {
			t.Fatal(err)
		}
		out[name] = b.String()
	}
	return out
}

// Tables are the result tables compared with the CSV outputs, by file name.
var Tables = map[string]*store.Table{
	"hospitals.csv": store.HospitalsResult, "cases.csv": store.CasesResult, "pools.csv": store.PoolsResult,
	"ledger.csv": store.LedgerResult, "rejects.csv": store.RejectsResult, "statements.csv": store.StatementsResult,
}

// Equal checks that run runID in the database equals the CSV outputs want, table by table, row for row.
func Equal(t testing.TB, s *store.Sink, runID string, want map[string]string) {
	t.Helper()
	for name, tab := range Tables {
		var b bytes.Buffer
		if err := s.ExportCSV(context.Background(), tab, runID, &b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := b.String(); got != want[name] {
			t.Errorf("%s of run %s differs from the CSV output:\n%s", tab.Name, runID, firstDiff(want[name], got))
		}
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  csv: " + a + "\n  db:  " + b
		}
	}
	return "(same lines)"
}

// Run is the suite: s is a sink on an empty database of its dialect.
func Run(t *testing.T, s *store.Sink) {
	ctx := context.Background()
	y := SampleYear
	Load(t, s, y)
	want, err := files.Settle(ctx, y.Files(), files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := CSV(t, want)
	src := &store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}

	t.Run("settle", func(t *testing.T) {
		res, err := src.Settle(ctx, Base(t, y), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(ctx, "memory", res); err != nil {
			t.Fatal(err)
		}
		Equal(t, s, "memory", wantCSV)
		// Written again, the run replaces its rows.
		if err := s.Write(ctx, "memory", res); err != nil {
			t.Fatal(err)
		}
		Equal(t, s, "memory", wantCSV)
		var n int64
		if err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM result_cases`).Scan(&n); err != nil || n != int64(want.NumCases()) {
			t.Errorf("result_cases holds %d rows (%v), want %d", n, err, want.NumCases())
		}
	})
	t.Run("stream", func(t *testing.T) {
		res, err := src.Stream(ctx, Base(t, y), store.Options{Options: files.Options{TempDir: t.TempDir(), Window: 700}})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		if err := s.Write(ctx, "stream", res); err != nil {
			t.Fatal(err)
		}
		Equal(t, s, "stream", wantCSV)
	})
	t.Run("errors", func(t *testing.T) { Errors(t, s) })
}

// Errors checks how a query's bad rows are reported: as the CSV reader
// reports them (source = the query's name, line = the row number), with the
// row's case id; a float is an error naming the column as the query names it;
// a _fen column holds whole fen.
func Errors(t *testing.T, s *store.Sink) {
	ctx := context.Background()
	y := SampleYear
	float := "DOUBLE PRECISION"
	if s.Dialect == store.SQLite {
		float = "REAL"
	}
	first, second := firstIDs(t, s)
	p := func(i int) string { return string(s.Dialect.Param(nil, i)) }
	// Every total cost a float; the second row's share "12.5" fen, not whole.
	cases := store.Query{Name: "year_cases", Args: []any{second}, SQL: `SELECT case_id, hospital_id, fund, "group", admit_date, discharge_date,
		CAST(total_cost_fen AS ` + float + `) AS total_cost_fen,
		CASE WHEN case_id = ` + p(1) + ` THEN '12.5' ELSE CAST(patient_share_fen AS TEXT) END AS patient_share_fen,
		incomplete FROM cases ORDER BY case_id` + s.Dialect.ByteOrder()}
	q := store.DefaultQueries()
	q.Cases = cases
	_, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}).Settle(ctx, Base(t, y), store.Options{})
	var list *pointvalue.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an error list, got %v", err)
	}
	var got []string
	for _, e := range list.Errors {
		if e.Source == "year_cases" && e.Line <= 2 {
			got = append(got, e.Error())
		}
	}
	want := []string{
		"year_cases:1: total_cost_fen: " + costText(t, s, first) + ": " + store.ErrFloat.Error() + " (case_id " + first + ")",
		"year_cases:2: patient_share_fen: 12.5: " + store.ErrFen.Error() + " (case_id " + second + ")",
		"year_cases:2: total_cost_fen: " + costText(t, s, second) + ": " + store.ErrFloat.Error() + " (case_id " + second + ")",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors of rows 1 and 2:\n got %q\nwant %q", got, want)
	}
	if !errors.Is(err, store.ErrFloat) || !errors.Is(err, store.ErrFen) {
		t.Errorf("errors.Is(err, ErrFloat / ErrFen) is false")
	}

	// Lenient: the bad row is set aside, the rest settled; its reject names the query.
	q.Cases.SQL = strings.Replace(cases.SQL, "CAST(total_cost_fen AS "+float+")", "total_cost_fen", 1)
	res, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}).Settle(ctx, Base(t, y), store.Options{Options: files.Options{Lenient: true}})
	if err != nil {
		t.Fatalf("lenient: %v", err)
	}
	if len(res.Rejects) != 1 || res.Rejects[0].Error() != want[1] {
		t.Errorf("lenient rejects: %v, want %s", res.Rejects, want[1])
	}

	// Every error at once, as from files (files.Run): a bad field and an
	// unknown hospital, which only the engine finds across the tables, in one
	// strict run; lenient, both records go to the caller's Rejects.
	q.Cases = store.Query{Name: "year_cases", Args: []any{first, second}, SQL: `SELECT case_id,
		CASE WHEN case_id = ` + p(1) + ` THEN 'NOPE' ELSE hospital_id END AS hospital_id, fund, "group", admit_date, discharge_date, total_cost_fen,
		CASE WHEN case_id = ` + p(2) + ` THEN '12.5' ELSE CAST(patient_share_fen AS TEXT) END AS patient_share_fen,
		incomplete FROM cases ORDER BY case_id` + s.Dialect.ByteOrder()}
	_, err = (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}).Settle(ctx, Base(t, y), store.Options{})
	if !errors.As(err, &list) || list.Len() != 2 || !errors.Is(err, pointvalue.ErrUnknownHospital) || !errors.Is(err, store.ErrFen) {
		t.Errorf("strict, a bad field and an unknown hospital: want both errors, got %v", err)
	}
	rejects := files.NewRejects(t.TempDir())
	defer rejects.Close()
	res, err = (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}).Settle(ctx, Base(t, y), store.Options{Options: files.Options{Lenient: true, Rejects: rejects}})
	if err != nil || rejects.Len() != 2 || len(res.Rejects) != 2 {
		t.Errorf("lenient with Rejects: %v; %d rejects kept, %d in the result, want 2", err, rejects.Len(), len(res.Rejects))
	}

	// A query without a required column: one error on line 0, nothing settled, even lenient.
	q.Cases.SQL, q.Cases.Args = `SELECT case_id, fund FROM cases`, nil
	_, err = (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}).Settle(ctx, Base(t, y), store.Options{Options: files.Options{Lenient: true}})
	if !errors.As(err, &list) || list.Errors[0].Line != 0 || !errors.Is(err, pointvalue.ErrMissingColumn) {
		t.Errorf("missing columns: %v", err)
	}
}

func firstIDs(t *testing.T, s *store.Sink) (string, string) {
	t.Helper()
	rows, err := s.DB.Query(`SELECT case_id FROM cases ORDER BY case_id` + s.Dialect.ByteOrder() + ` LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) != 2 {
		t.Fatalf("want 2 cases, got %v (%v)", ids, rows.Err())
	}
	return ids[0], ids[1]
}

// costText is a case's total_cost_fen as the float the error quotes.
func costText(t *testing.T, s *store.Sink, id string) string {
	t.Helper()
	var n int64
	if err := s.DB.QueryRow(`SELECT total_cost_fen FROM cases WHERE case_id = `+string(s.Dialect.Param(nil, 1)), id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatFloat(float64(n), 'g', -1, 64)
}
