package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Files names the input files of a settlement year (FORMATS "Inputs"). Policy,
// Hospitals and Cases are required; an empty optional name means no such file.
type Files struct {
	Policy, Hospitals, Cases       string
	Weights, Catalog               string
	Members, Spending, Adjustments string
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
	// Progress, when set, is called as the run moves from phase to phase.
	Progress func(budget.Progress)
	// TempDir is where Stream spills its runs ("": the system's temporary directory).
	TempDir string
	// Window is the number of cases Stream holds in memory at once (0: 1<<19).
	Window int
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

// errorList is a fresh list for one reader: it keeps every error (ERR-1).
func (o Options) errorList() *pointvalue.ErrorList {
	return &pointvalue.ErrorList{Cap: 1 << 30}
}

func (o Options) check() error {
	if o.Encoding == "" {
		return nil
	}
	_, err := csvio.ParseEncoding(o.Encoding)
	return err
}

func (o Options) engine(rejects []*pointvalue.RecordError, src budget.Sources) budget.Options {
	return budget.Options{Lenient: o.Lenient, Workers: o.Workers, Sources: src, Rejects: rejects, Progress: o.Progress}
}

// Settle reads a year's files and settles it: the whole of examples/settle but
// the writing. Every input error of every file is reported together
// (*pointvalue.ErrorList, ERR-1). In lenient mode records with errors are set
// aside (Result.Rejects) and the rest is settled; errors that concern a whole
// file or the policy (a missing column, an invalid policy, a pool with money and
// no points) still fail the run (ERR-2).
func Settle(ctx context.Context, f Files, opt Options) (*budget.Result, error) {
	rd, err := read(f, opt, true)
	if err != nil {
		return nil, err
	}
	res, err := budget.Settle(ctx, rd.in, opt.engine(rd.rejects, rd.src))
	if err != nil {
		return nil, err
	}
	res.Ignored = rd.ignored
	return res, nil
}

// Read reads a year's files into an Input for budget.Settle. Strict: any input
// error is returned (a *pointvalue.ErrorList of all of them). Lenient: the
// records read well are in the Input and the rejected ones in rejects (pass
// them as budget.Options.Rejects); errors that concern a whole file or the
// policy are still returned.
func Read(f Files, opt Options) (in budget.Input, rejects []*pointvalue.RecordError, err error) {
	rd, err := read(f, opt, true)
	return rd.in, rd.rejects, err
}

// Sources are the base names of the files, as errors name them.
func (f Files) Sources() budget.Sources {
	return budget.Sources{Policy: base(f.Policy), Hospitals: base(f.Hospitals), Cases: base(f.Cases), Members: base(f.Members),
		Spending: base(f.Spending), Adjustments: base(f.Adjustments), Weights: base(f.Weights), Catalog: base(f.Catalog)}
}

// readResult is what read read.
type readResult struct {
	in      budget.Input
	rejects []*pointvalue.RecordError // lenient mode: the records set aside
	src     budget.Sources
	ignored []budget.IgnoredColumn // every file's unknown columns, by file, in header order
}

// read reads the files; withCases false leaves the cases to Stream.
func read(f Files, opt Options, withCases bool) (readResult, error) {
	var rd readResult
	if err := opt.check(); err != nil {
		return rd, err
	}
	src := f.Sources()
	rd.src = src
	in := &rd.in
	ignore := func(source string, cols []string) {
		for _, c := range cols {
			rd.ignored = append(rd.ignored, budget.IgnoredColumn{Source: source, Column: c})
		}
	}
	all := &pointvalue.ErrorList{Cap: 1 << 30}
	fatal := false
	collect := func(err error) {
		if err == nil {
			return
		}
		var list *pointvalue.ErrorList
		if errors.As(err, &list) {
			for _, e := range list.Errors {
				if e.Line <= 1 { // the policy, or a file's header: nothing of it can be settled
					fatal = true
				}
				all.Add(e)
			}
			all.Dropped += list.Dropped
			return
		}
		var re *pointvalue.RecordError
		if !errors.As(err, &re) {
			re = &pointvalue.RecordError{Err: err}
		}
		fatal = true
		all.Add(re)
	}
	open := func(name string, read func(io.Reader, string) error) {
		if name == "" {
			return
		}
		fh, err := os.Open(name)
		if err != nil {
			collect(openError(name, err))
			return
		}
		defer fh.Close()
		collect(read(fh, base(name)))
	}
	open(f.Policy, func(r io.Reader, s string) (err error) { in.Policy, err = policy.Read(r, s); return })
	if in.Policy == nil {
		return readResult{src: src}, all.Err()
	}
	opt.PointScale = in.Policy.PointScale
	var cols []string
	open(f.Hospitals, func(r io.Reader, s string) (err error) {
		in.Hospitals, cols, err = readHospitals(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Weights, func(r io.Reader, s string) (err error) {
		if in.Weights, err = drg.ReadWeightsEncoding(r, s, opt.Encoding); in.Weights != nil {
			ignore(s, in.Weights.IgnoredColumns)
		}
		return
	})
	open(f.Catalog, func(r io.Reader, s string) (err error) {
		if in.Catalog, err = dip.ReadCatalogEncoding(r, s, in.Policy.PointScale, opt.Encoding); in.Catalog != nil {
			ignore(s, in.Catalog.IgnoredColumns)
		}
		return
	})
	open(f.Members, func(r io.Reader, s string) (err error) {
		in.Members, cols, err = readMembers(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Spending, func(r io.Reader, s string) (err error) {
		in.Spending, cols, err = readSpending(r, s, opt)
		ignore(s, cols)
		return
	})
	open(f.Adjustments, func(r io.Reader, s string) (err error) {
		in.Adjustments, cols, err = readAdjustments(r, s, opt)
		ignore(s, cols)
		return
	})
	if withCases {
		open(f.Cases, func(r io.Reader, s string) (err error) {
			in.Cases, cols, err = readCases(r, s, opt)
			ignore(s, cols)
			return
		})
	}
	if (in.Weights == nil && f.Weights != "") || (in.Catalog == nil && f.Catalog != "") {
		fatal = true // a table with bad rows is not half-used: it would change other cases' groups
	}
	if all.Len() > 0 && (fatal || !opt.Lenient) {
		budget.SortErrors(all.Errors)
		return readResult{src: src}, all
	}
	rd.rejects = all.Errors
	return rd, nil
}

// openError is an input file that cannot be opened: an error of the whole file.
func openError(name string, err error) *pointvalue.RecordError {
	return &pointvalue.RecordError{Source: base(name), Value: name, Err: fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err)}
}

func base(name string) string {
	if name == "" {
		return ""
	}
	return filepath.Base(name)
}
