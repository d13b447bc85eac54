package main

// The flags beyond the file contract of docs/formats.md (databases, the Excel workbook, the
// HTML report), kept out of main.go, which calls these hooks: add before
// parsing, early after it, settleDB instead of the file readers when -db is
// given, finish once the CSV outputs are written.

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/store"
)

type extras struct {
	db      dbFlags
	reports reportFlags
	sink    *store.Sink // the -db run's database, once open
}

func (x *extras) add(fs *flag.FlagSet) {
	x.db.add(fs)
	x.reports.add(fs)
}

// early runs what ends the program before any settling (-load, -schema).
func (x *extras) early(stdout, stderr io.Writer) (int, bool) {
	return x.db.loadOrSchema(stdout, stderr)
}

// fromDB reports that the inputs come from -db: -hospitals, -cases and -out are then optional.
func (x *extras) fromDB() bool { return x.db.dsn != "" }

// settleDB settles the year from the database.
func (x *extras) settleDB(ctx context.Context, f files.Files, opt files.Options, stream bool) (*budget.Result, error) {
	res, s, err := x.db.settle(ctx, f, opt, stream)
	x.sink = s
	return res, err
}

// finish writes what the extra flags ask for; a non-zero code is the exit
// status. rejects, when set, holds every reject of the run (the Result only
// the first).
func (x *extras) finish(ctx context.Context, res *budget.Result, rejects *files.Rejects, stdout, stderr io.Writer) int {
	if x.sink != nil {
		defer x.sink.DB.Close()
		var extra []store.Rows
		if rejects != nil {
			extra = append(extra, store.RejectsRows(rejects))
		}
		id, err := x.db.write(ctx, x.sink, res, extra...)
		if err != nil {
			fmt.Fprintln(stderr, "settle: writing the run to the database:", err)
			return 4
		}
		fmt.Fprintf(stdout, "results written to the database as run %s (tables %s)\n", id, resultTables())
	}
	if err := x.reports.write(res, stdout); err != nil {
		fmt.Fprintln(stderr, "settle:", err)
		return 4
	}
	return 0
}

func resultTables() string {
	s := ""
	for i, t := range store.ResultTables() {
		if i > 0 {
			s += ", "
		}
		s += t.Name
	}
	return s
}

// close releases what settleDB opened when the run stops early.
func (x *extras) close() {
	if x.sink != nil {
		x.sink.DB.Close()
	}
}
