// Command settle runs a whole settlement year from files (docs/formats.md, "The
// settle command") and writes hospitals.csv, cases.csv, pools.csv, ledger.csv,
// statements.csv (every step from points to clearing, per hospital row), with
// -explain cases_explained.csv, and in lenient mode rejects.csv to -out, as a
// set with its run.json.
//
//	go run ./examples/settle -policy P.json -hospitals H.csv -cases C.csv \
//	    [-catalog DIP.csv] [-weights DRG.csv] [-members M.csv] [-spending S.csv] \
//	    [-adjustments A.csv] [-lenient] [-stream] [-explain] [-encoding gb18030] [-progress] -out DIR
//	    [-monitor [-prior PRIOR.csv]] [-whatif P.json]… [-sweep PATH=ARRAY]…
//
// -monitor adds monitoring.csv and alerts.csv to the set (docs/monitoring.md:
// indicators per hospital, case alerts), -whatif and -sweep whatif.csv (the
// same year under other policies); see monitor.go.
//
// -db reads the inputs from a database (package store: SQLite file or
// PostgreSQL DSN, with -queries naming the SQL) and writes the results back to
// it (-out is then optional); -xlsx and -report write the Excel statements and
// the HTML chart report; -load and -schema prepare a database (extras.go, db.go).
//
// -stream settles a cases.csv that need not fit in memory (files.Stream: one
// read of cases.csv, sorted runs spilled under -out, merged window by window) to
// the same bytes. -encoding gb18030 reads every input CSV as GB18030 (GBK).
// A run that takes more than a few seconds shows its progress (cases read,
// phase) on stderr when that is a terminal; -progress prints it anyway.
//
// The outputs are written as a set (files.OutputSet): each to a temporary name
// in -out, synced, then renamed into place, run.json last and only on success
// (the policy, each input's and output's SHA-256, the counts, the engine's
// version and the time); a lock file keeps a second run out of the directory.
// So a directory with a run.json holds exactly the set it describes; a failed
// run leaves the previous set untouched.
//
// Exit status: 0 settled; 1 bad input (every error on stderr as
// "source:line: field: value: reason", the error that stopped the run first,
// at most 100 lines); 2 usage; 3 the ledger does not balance (a bug: the
// diagnosis goes to stderr and failed-ledger.csv, beside the previous set); 4
// an output could not be written (disk, permissions, the lock held).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/cli"
	"github.com/dipdrg/dipdrg/internal/csvio"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("settle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f files.Files
	var out string
	var lenient, stream, explain, showProgress bool
	var encoding string
	fs.StringVar(&f.Policy, "policy", "", "policy.json (required)")
	fs.StringVar(&f.Hospitals, "hospitals", "", "hospitals.csv (required)")
	fs.StringVar(&f.Cases, "cases", "", "cases.csv (required)")
	fs.StringVar(&f.Catalog, "catalog", "", "DIP catalog.csv")
	fs.StringVar(&f.Weights, "weights", "", "DRG weights.csv")
	fs.StringVar(&f.Members, "members", "", "per-capita members.csv")
	fs.StringVar(&f.Spending, "spending", "", "per-capita spending.csv")
	fs.StringVar(&f.Adjustments, "adjustments", "", "adjustments.csv (advances paid, audit deductions)")
	fs.BoolVar(&lenient, "lenient", false, "set bad records aside in rejects.csv and settle the rest")
	fs.StringVar(&out, "out", "", "output directory (created when missing)")
	fs.StringVar(&encoding, "encoding", "utf-8", "text encoding of every input CSV: utf-8 or gb18030 (GBK, what Excel saves on Chinese Windows)")
	fs.BoolVar(&explain, "explain", false, "also write cases_explained.csv: each case's reference cost, coefficient and factors, readmission and special review")
	fs.BoolVar(&showProgress, "progress", false, "print the progress on stderr (a terminal shows it anyway once a run takes a few seconds)")
	fs.BoolVar(&stream, "stream", false, "settle without holding the cases in memory (sorted runs spilled under -out)")
	var x extras // -db, -xlsx, -report: extras.go
	x.add(fs)
	mon := addMonitorFlags(fs) // -monitor, -prior, -whatif, -sweep: monitor.go
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if code, done := x.early(stdout, stderr); done {
		return code
	}
	if f.Policy == "" || (f.Hospitals == "" || f.Cases == "" || out == "") && !x.fromDB() || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "settle: -policy, -hospitals, -cases and -out are required")
		fs.Usage()
		return 2
	}
	if _, err := csvio.ParseEncoding(encoding); err != nil {
		fmt.Fprintln(stderr, "settle: -encoding:", err)
		return 2
	}
	if code := mon.check(stderr, stream, x.fromDB()); code != 0 {
		return code
	}

	if !stream && os.Getenv("GOGC") == "" {
		// The engine's columns hold no pointers, so a collection costs little
		// however large they are: a low GC target keeps the heap, and the
		// process's memory, close to the live data (a 10M-case year in memory
		// stays under 1.5 GiB). GOGC in the environment wins.
		defer debug.SetGCPercent(debug.SetGCPercent(25))
	}
	// The outputs are written as a set (files.OutputSet): the directory's lock
	// first, so that a second run into it fails at once.
	// -db without -out writes the results to the database only: no set.
	started := time.Now()
	var set *files.OutputSet
	if out != "" {
		var err error
		if set, err = files.OpenOutputSet(out); err != nil {
			fmt.Fprintln(stderr, "settle: -out:", err)
			return 4
		}
		defer set.Close()
	}
	var inputs []files.FileDigest
	prog := newProgress(stderr, showProgress)
	opt := files.Options{Lenient: lenient, TempDir: out, Encoding: encoding, Inputs: &inputs, Progress: prog.update}
	mon.options(&opt)
	if lenient {
		opt.Rejects = files.NewRejects(out) // every reject for rejects.csv, spilled beyond 64 Ki
		defer opt.Rejects.Close()
	}
	var res *budget.Result
	var err error
	if x.fromDB() {
		res, err = x.settleDB(context.Background(), f, opt, stream)
		defer x.close()
	} else if stream {
		res, err = files.Stream(context.Background(), f, opt)
	} else {
		res, err = mon.settle(context.Background(), f, opt)
	}
	prog.done()
	var unbalanced *budget.UnbalancedError
	switch {
	case errors.As(err, &unbalanced):
		// A bug: the diagnosis goes beside the previous set, which stays as it was.
		fmt.Fprintln(stderr, "settle:", err)
		if set == nil {
			return 3
		}
		if werr := set.WriteAside(files.FailedLedgerFile, func(w io.Writer) error { return files.WriteLedger(w, unbalanced.Ledger) }); werr != nil {
			fmt.Fprintln(stderr, "settle:", werr)
		}
		return 3
	case err != nil:
		cli.PrintErrors(stderr, err)
		return 1
	}
	defer res.Close()

	outputs := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"hospitals.csv", func(w io.Writer) error { return files.WriteHospitals(w, res) }},
		{"cases.csv", func(w io.Writer) error { return files.WriteCases(w, res) }},
		{"pools.csv", func(w io.Writer) error { return files.WritePools(w, res) }},
		{"ledger.csv", func(w io.Writer) error { return files.WriteLedger(w, res.Ledger) }},
		{"statements.csv", func(w io.Writer) error { return files.WriteStatements(w, res) }},
	}
	type output = struct {
		name  string
		write func(io.Writer) error
	}
	if explain {
		outputs = append(outputs, output{"cases_explained.csv", func(w io.Writer) error { return files.WriteCasesExplained(w, res) }})
	}
	if lenient {
		outputs = append(outputs, output{"rejects.csv", opt.Rejects.WriteCSV})
	}
	outputs = append(outputs, mon.outputs()...)
	if set == nil {
		outputs = nil
	}
	for _, file := range outputs {
		prog.update(budget.Progress{Phase: "write " + file.name, Cases: int(res.CaseCounts().Total())})
		if err := set.Write(file.name, file.write); err != nil {
			fmt.Fprintln(stderr, "settle:", err)
			return 4 // the previous set is untouched
		}
	}
	prog.done()
	x.reports.monitoring = mon.flagged()
	// The database, the workbook and the report before run.json: a run that
	// cannot write them all leaves the previous set as it was.
	if code := x.finish(context.Background(), res, opt.Rejects, stdout, stderr); code != 0 {
		return code
	}
	rec := files.NewRunRecord(res, started, opt, stream)
	if set != nil {
		if err := set.Commit(rec); err != nil {
			fmt.Fprintln(stderr, "settle:", err)
			return 4
		}
	}
	summary(stdout, res, out, lenient, rec)
	mon.summary(stdout)
	return 0
}
