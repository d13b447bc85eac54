package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Files names the input files of a settlement year (docs/formats.md, "Inputs"). Policy,
// Hospitals and Cases are required; an empty optional name means no such file.
type Files struct {
	Policy, Hospitals, Cases       string
	Weights, Catalog               string
	Members, Spending, Adjustments string
}

// Dir names the input files of a year kept in one folder under the names of
// docs/formats.md ("Inputs"): policy.json, hospitals.csv and cases.csv always
// (a missing one is then reported when read), weights.csv, catalog.csv,
// members.csv, spending.csv and adjustments.csv when the folder has them.
func Dir(dir string) Files {
	opt := func(name string) string {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	return Files{
		Policy: filepath.Join(dir, "policy.json"), Hospitals: filepath.Join(dir, "hospitals.csv"), Cases: filepath.Join(dir, "cases.csv"),
		Weights: opt("weights.csv"), Catalog: opt("catalog.csv"),
		Members: opt("members.csv"), Spending: opt("spending.csv"), Adjustments: opt("adjustments.csv"),
	}
}

// Options say how files are read and a year settled. The zero value reads UTF-8
// and settles strictly on every core.
type Options struct {
	// Lenient sets bad records aside (Result.Rejects, rejects.csv) and settles
	// the rest (ERR-2).
	Lenient bool
	// Workers is the number of goroutines that score (0: GOMAXPROCS).
	Workers int
	// Encoding is the CSV inputs' text encoding: "utf-8" (the default, also "")
	// or "gb18030" (GBK, what Excel saves on Chinese Windows). A UTF-8 byte-order
	// mark makes a file UTF-8 whatever this says.
	Encoding string
	// PointScale is the decimals special_points may have in cases.csv (A22): the
	// policy's PointScale, which Read and Settle set themselves (0: 4).
	PointScale int
	// Progress, when set, is called as the run moves from phase to phase (and
	// every 65,536 cases while cases.csv is read, phase "read").
	Progress func(budget.Progress)
	// TempDir is where Stream spills its runs ("": the system's temporary directory).
	TempDir string
	// Window is the number of cases Stream holds in memory at once (0: 1<<19).
	Window int
	// Rejects, when set, receives every record error of the run as it is
	// found — every reject of a lenient run (its WriteCSV writes rejects.csv),
	// the record errors a strict run fails with — and the run keeps only the
	// first pointvalue.DefaultErrorCap of them in memory: memory stays bounded
	// however many records are bad. Without it a lenient run keeps every
	// reject in memory (Result.Rejects) and a strict run the first
	// DefaultErrorCap (the returned list counts the rest).
	Rejects *Rejects
	// Inputs, when set, receives each input file's base name, size and
	// SHA-256, hashed as it is read (for run.json).
	Inputs *[]FileDigest
	// Monitoring reads cases.csv's settlement-list columns (docs/monitoring.md §1) into
	// each case's List, checked; without it they are unknown columns, ignored. A
	// bad cell is an error (ERR-1) matching ErrIgnoredCell: strict mode fails,
	// lenient mode reports it, reads the cell as empty and still settles the
	// case. Stream does not carry the columns (its spilled runs hold the
	// payment fields only).
	Monitoring bool

	sink pointvalue.ErrorSink // set by read: where the readers' errors go
}

func (o Options) pointScale() int {
	if o.PointScale <= 0 {
		return 4
	}
	return o.PointScale
}

func (o Options) encoding() csvio.Encoding {
	e, _ := csvio.ParseEncoding(o.Encoding) // checked by check
	return e
}

// errorList is a fresh list for one reader: with a sink (Settle, Stream, Read)
// every error goes there and the list keeps the first DefaultErrorCap; alone
// (a reader called by itself) it keeps every error (ERR-1).
func (o Options) errorList() *pointvalue.ErrorList {
	if o.sink != nil {
		return &pointvalue.ErrorList{Sink: o.sink}
	}
	return &pointvalue.ErrorList{Cap: 1 << 30}
}

func (o Options) check() error {
	if o.Encoding == "" {
		return nil
	}
	_, err := csvio.ParseEncoding(o.Encoding)
	return err
}

// Settle reads a year's files and settles it: the whole of examples/settle but
// the writing.
//
// Errors (ERR-1, ERR-2): every problem of every file is collected, as a
// *pointvalue.ErrorList sorted as rejects.csv is, the errors that stopped the
// run first. Record errors — a bad field, and what the engine finds across
// records: a duplicate case id, an unknown hospital or fund, an adjustments
// row with no settled row — are found together whatever the mode: the
// engine runs over the records read well even when some were not. Strict
// mode then returns them all and no result; errors about the year as a whole
// (a pool with money and no points, say), which the records set aside may
// cause, are reported once the records are good. Lenient mode sets the
// records aside (Result.Rejects, and Options.Rejects) and settles the rest;
// errors that concern a whole file (its header, its encoding, a record over
// the size cap) or the policy, and those that stop the year, fail the run —
// returned first, before the records set aside.
func Settle(ctx context.Context, f Files, opt Options) (*budget.Result, error) {
	res, _, err := SettleInput(ctx, f, opt)
	return res, err
}

// SettleInput is Settle that also returns the Input the year was settled from
// (read once): what readers of the whole year need beside the Result (package
// monitor's indicators, scenarios settled from the same batch). The Input is
// empty when the run fails.
func SettleInput(ctx context.Context, f Files, opt Options) (*budget.Result, budget.Input, error) {
	run := NewRun(opt)
	opt.sink = run
	rd, err := read(f, opt, true)
	if err != nil {
		return nil, budget.Input{}, err
	}
	if err := run.Failed(); err != nil {
		return nil, budget.Input{}, err
	}
	res, err := budget.Settle(ctx, rd.in, run.Engine(opt, rd.src))
	if res, err = run.Finish(res, err); err != nil {
		return nil, budget.Input{}, err
	}
	return res, rd.in, nil
}

// Read reads a year's files into an Input for budget.Settle. Strict: any input
// error is returned (a *pointvalue.ErrorList). Lenient: the records read well
// are in the Input and the rejected ones in rejects (pass them as
// budget.Options.Rejects); errors that concern a whole file or the policy are
// still returned. The checks across records are the engine's.
func Read(f Files, opt Options) (in budget.Input, rejects []*pointvalue.RecordError, err error) {
	run := NewRun(opt)
	opt.sink = run
	rd, err := read(f, opt, true)
	if err != nil {
		return budget.Input{}, nil, err
	}
	rejects, err = run.Read()
	if err != nil {
		return budget.Input{}, nil, err
	}
	return rd.in, rejects, nil
}

// Sources are the base names of the files, as errors name them.
func (f Files) Sources() budget.Sources {
	return budget.Sources{Policy: base(f.Policy), Hospitals: base(f.Hospitals), Cases: base(f.Cases), Members: base(f.Members),
		Spending: base(f.Spending), Adjustments: base(f.Adjustments), Weights: base(f.Weights), Catalog: base(f.Catalog)}
}

// readResult is what read read.
type readResult struct {
	in  budget.Input
	src budget.Sources
}

// read reads the files; withCases false leaves the cases to Stream. The
// readers' errors go to opt.sink (a *Run); the errors of the policy and
// the tables, and a file that cannot be opened, are added to it as errors of
// the whole run. The returned error is only an invalid option.
func read(f Files, opt Options, withCases bool) (readResult, error) {
	var rd readResult
	if err := opt.check(); err != nil {
		return rd, err
	}
	errs := opt.sink.(*Run)
	src := f.Sources()
	rd.src = src
	in := &rd.in
	ignore := errs.Ignore
	// whole adds the errors of a reader that does not report to the sink (the
	// policy, a table): each stops the run.
	whole := func(err error) {
		if err == nil {
			return
		}
		var list *pointvalue.ErrorList
		if errors.As(err, &list) {
			for _, e := range list.Errors {
				errs.Stop(e)
			}
			errs.nstops += list.Dropped
			return
		}
		var re *pointvalue.RecordError
		if !errors.As(err, &re) {
			re = &pointvalue.RecordError{Err: err}
		}
		errs.Stop(re)
	}
	// open reads a file; sink says whether its reader reports to the sink
	// (then its returned error repeats what the sink has).
	open := func(name string, sink bool, read func(io.Reader, string) error) {
		if name == "" {
			return
		}
		fh, err := os.Open(name)
		if err != nil {
			errs.Stop(openError(name, err))
			return
		}
		defer fh.Close()
		var r io.Reader = fh
		var h *hashingReader
		if opt.Inputs != nil {
			h = newHashingReader(fh)
			r = h
		}
		err = read(r, base(name))
		if h != nil {
			*opt.Inputs = append(*opt.Inputs, h.digest(base(name)))
		}
		if !sink {
			whole(err)
		}
	}
	open(f.Policy, false, func(r io.Reader, s string) (err error) { in.Policy, err = policy.Read(r, s); return })
	if in.Policy == nil {
		return readResult{src: src}, nil
	}
	opt.PointScale = in.Policy.PointScale
	var cols []string
	open(f.Hospitals, true, func(r io.Reader, s string) (err error) {
		in.Hospitals, cols, err = readHospitals(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Weights, false, func(r io.Reader, s string) (err error) {
		if in.Weights, err = drg.ReadWeightsEncoding(r, s, opt.Encoding); in.Weights != nil {
			ignore(s, in.Weights.IgnoredColumns)
		}
		return // a table with bad rows is not half-used: it would change other cases' groups
	})
	open(f.Catalog, false, func(r io.Reader, s string) (err error) {
		if in.Catalog, err = dip.ReadCatalogEncoding(r, s, in.Policy.PointScale, opt.Encoding); in.Catalog != nil {
			ignore(s, in.Catalog.IgnoredColumns)
		}
		return
	})
	open(f.Members, true, func(r io.Reader, s string) (err error) {
		in.Members, cols, err = readMembers(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Spending, true, func(r io.Reader, s string) (err error) {
		in.Spending, cols, err = readSpending(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Adjustments, true, func(r io.Reader, s string) (err error) {
		in.Adjustments, cols, err = readAdjustments(r, s, opt)
		ignore(s, cols)
		return
	})
	if withCases {
		open(f.Cases, true, func(r io.Reader, s string) (err error) {
			in.Cases, cols, err = readCases(r, s, opt)
			ignore(s, cols)
			return
		})
	}
	return rd, nil
}

// openError is an input file that cannot be opened: an error of the whole
// file, "cases.csv:0: : data/cases.csv: cannot open: no such file or directory".
func openError(name string, err error) *pointvalue.RecordError {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is the value already
	}
	return &pointvalue.RecordError{Source: base(name), Value: name, Err: fmt.Errorf("cannot open: %w", err)}
}

func base(name string) string {
	if name == "" {
		return ""
	}
	return filepath.Base(name)
}
