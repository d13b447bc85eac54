package main

// Databases: -db DSN reads the inputs through named queries and writes the
// results as a run; -load DIR puts a folder of input CSVs into the database.
// Kept apart from main.go, which calls it through the extras hooks.

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/cli"
	"github.com/dipdrg/dipdrg/store"
	"github.com/dipdrg/dipdrg/store/postgres"
	"github.com/dipdrg/dipdrg/store/sqlite"
)

// dbFlags are the database flags.
type dbFlags struct {
	dsn, queries, runID, load string
	schema                    bool
}

func (d *dbFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&d.dsn, "db", "", "database: a SQLite file path or a postgres:// URL; inputs are read through -queries, results written as run -run")
	fs.StringVar(&d.queries, "queries", "", "queries file (\"-- name: cases\" blocks) for -db (default: the store's tables)")
	fs.StringVar(&d.runID, "run", "", "run id the results are written under with -db (default: the policy id); a run id written again is replaced")
	fs.StringVar(&d.load, "load", "", "with -db: create the schema and load the input CSVs of this folder into it, then exit")
	fs.BoolVar(&d.schema, "schema", false, "print the schema's DDL for -db's dialect (sqlite, or postgres:// URLs) and exit")
}

// dialect is the store dialect of a DSN.
func dialectOf(dsn string) store.Dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return store.PostgreSQL
	}
	return store.SQLite
}

// open opens the database and its sink.
func (d *dbFlags) open() (*store.Sink, error) {
	var db *sql.DB
	var err error
	if dialectOf(d.dsn) == store.PostgreSQL {
		if db, err = postgres.Open(d.dsn); err != nil {
			return nil, err
		}
		return postgres.Sink(db), db.Ping()
	}
	if dir := filepath.Dir(d.dsn); dir != "" {
		os.MkdirAll(dir, 0o755)
	}
	if db, err = sqlite.Open(d.dsn); err != nil {
		return nil, err
	}
	return sqlite.Sink(db), nil
}

// loadOrSchema runs -load and -schema; done reports that the run ends here.
func (d *dbFlags) loadOrSchema(stdout, stderr io.Writer) (code int, done bool) {
	if d.schema {
		fmt.Fprint(stdout, store.Schema(dialectOf(d.dsn)))
		return 0, true
	}
	if d.load == "" {
		return 0, false
	}
	if d.dsn == "" {
		fmt.Fprintln(stderr, "settle: -load needs -db")
		return 2, true
	}
	s, err := d.open()
	if err != nil {
		fmt.Fprintln(stderr, "settle:", err)
		return 4, true
	}
	defer s.DB.Close()
	ctx := context.Background()
	if err := store.CreateSchema(ctx, s.DB, s.Dialect); err != nil {
		fmt.Fprintln(stderr, "settle:", err)
		return 4, true
	}
	for _, t := range store.InputTables() {
		name := filepath.Join(d.load, t.Name+".csv")
		fh, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) && t != store.CasesInput && t != store.HospitalsInput {
			continue
		}
		if err != nil {
			fmt.Fprintln(stderr, "settle:", err)
			return 1, true
		}
		n, err := s.Load(ctx, t, fh, filepath.Base(name))
		fh.Close()
		if err != nil {
			cli.PrintErrors(stderr, err)
			return 1, true
		}
		fmt.Fprintf(stdout, "loaded %d rows of %s into table %s\n", n, name, t.Name)
	}
	return 0, true
}

// settle reads the year from the database: the policy and the weights or
// catalog from their files, the tables through the queries.
func (d *dbFlags) settle(ctx context.Context, f files.Files, opt files.Options, stream bool) (*budget.Result, *store.Sink, error) {
	s, err := d.open()
	if err != nil {
		return nil, nil, err
	}
	q := store.DefaultQueries()
	if d.queries != "" {
		fh, err := os.Open(d.queries)
		if err != nil {
			return nil, s, err
		}
		q, err = store.ParseQueries(fh)
		fh.Close()
		if err != nil {
			return nil, s, err
		}
	}
	base, _, err := files.Read(files.Files{Policy: f.Policy, Weights: f.Weights, Catalog: f.Catalog}, opt)
	if err != nil {
		return nil, s, err
	}
	src := &store.Source{DB: s.DB, Dialect: s.Dialect, Queries: q}
	sopt := store.Options{Options: opt, Sources: f.Sources()}
	if stream {
		if sopt.TempDir == "" {
			sopt.TempDir = os.TempDir()
		}
		res, err := src.Stream(ctx, base, sopt)
		return res, s, err
	}
	res, err := src.Settle(ctx, base, sopt)
	return res, s, err
}

// write writes the results as the run.
func (d *dbFlags) write(ctx context.Context, s *store.Sink, res *budget.Result, extra ...store.Rows) (string, error) {
	id := d.runID
	if id == "" {
		id = res.PolicyID
	}
	return id, s.Write(ctx, id, res, extra...)
}
