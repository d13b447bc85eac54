package files

import (
	"errors"
	"slices"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Run gathers the errors of one settlement run (ERR-1, ERR-2) — Settle,
// Stream, Read, or a run whose records are decoded elsewhere than from files,
// a database's rows through Rows and NewCaseRows (package store), so that a
// year gives the same errors and rejects whatever it is read from:
//
//   - the readers and decoders report to the Run (an ErrorList's Sink): each
//     record error is a reject, kept in Options.Rejects when set (else in
//     memory); an error of a whole file (its header, its encoding, a record
//     over the size cap) stops the run;
//   - Stop adds another error that stops the run whatever the mode (a file
//     that cannot be opened, a query's missing column, the policy, a table);
//   - the engine runs leniently over the records read well (Engine), so that
//     its checks across records are found with the readers' errors; Finish
//     then decides what the run returns (strict fails on any record error,
//     with all of them).
//
// A Run is for one run and one goroutine.
type Run struct {
	rejects *Rejects
	own     bool // rejects is the run's own, in memory
	lenient bool
	stops   []*pointvalue.RecordError // the first DefaultErrorCap errors that stop the run
	nstops  int                       // all of them
	ignored []budget.IgnoredColumn    // every source's unknown columns, by source, in header order
	cells   int                       // settlement-list cells reported and read as empty (ErrIgnoredCell)
}

// NewRun starts a run with opt's Lenient and Rejects.
func NewRun(opt Options) *Run {
	e := &Run{rejects: opt.Rejects, lenient: opt.Lenient}
	if e.rejects == nil {
		e.own = true
		e.rejects = &Rejects{mode: rejectsHead} // strict: only what is printed
		if opt.Lenient {
			e.rejects.mode = rejectsMemory // Result.Rejects has them all, as it always had
		}
	}
	return e
}

// Add takes a reader's or the engine's error (pointvalue.ErrorSink): an error
// of a whole file stops the run; another is a record error.
func (e *Run) Add(re *pointvalue.RecordError) {
	if csvio.FileError(re.Err) {
		e.Stop(re)
		return
	}
	if errors.Is(re.Err, ErrIgnoredCell) {
		e.cells++
	}
	e.rejects.Add(re)
}

// Stop adds an error that stops the run whatever the mode.
func (e *Run) Stop(re *pointvalue.RecordError) {
	e.nstops++
	if len(e.stops) < pointvalue.DefaultErrorCap {
		e.stops = append(e.stops, re)
	}
}

func (e *Run) stopped() bool { return e.nstops > 0 }

// failure is the error of a run that settles nothing: the errors that stopped
// it first, sorted, then the record errors in the order of rejects.csv; the
// first DefaultErrorCap kept, the rest counted.
func (e *Run) failure() error {
	stops := slices.Clone(e.stops)
	budget.SortErrors(stops)
	head := e.rejects.Head(pointvalue.DefaultErrorCap - len(stops))
	l := &pointvalue.ErrorList{Cap: 1 << 30, Errors: append(stops, head...)}
	l.Dropped = e.nstops - len(e.stops) + e.rejects.Len() - len(head)
	return l
}

// Finish decides what a run returns once the engine (budget.Settle, or a
// Stream's Settle) has run (always lenient: Engine) over the records read
// well and returned res and err.
//
//   - strict, with record errors: every record error, the engine's errors
//     about records (an overflow, an adjustments row with no settled row)
//     among them; its errors about the year as a whole (line 0), which the
//     records left out may cause, are left out;
//   - an error of the engine that stops the run: it, first, then the records
//     set aside;
//   - else the result, with its Rejects (all of them when the run kept them
//     in memory, else the first DefaultErrorCap) and the ignored columns.
func (e *Run) Finish(res *budget.Result, err error) (*budget.Result, error) {
	strictFails := !e.lenient && e.rejects.Len() > 0
	if err != nil {
		var list *pointvalue.ErrorList
		if !errors.As(err, &list) {
			var unbalanced *budget.UnbalancedError
			if errors.As(err, &unbalanced) && strictFails {
				return nil, e.failure() // a year strict mode does not settle
			}
			return nil, err // cancelled, unbalanced, a stream's I/O
		}
		for _, re := range list.Errors {
			switch {
			case strictFails && (re.Line > 0 || re.ID != ""):
				e.rejects.Add(re) // a record error like the others (a record built in code has an id, no line)
			case strictFails:
				// about the year: reported once the records are good
			default:
				e.Stop(re)
			}
		}
		if !strictFails {
			e.nstops += list.Dropped
		}
	}
	if strictFails || e.stopped() {
		return nil, e.failure()
	}
	if e.own {
		res.Rejects, res.RejectsDropped = slices.Collect(e.rejects.All()), 0
	} else {
		res.Rejects = e.rejects.Head(pointvalue.DefaultErrorCap)
		res.RejectsDropped = e.rejects.Len() - len(res.Rejects)
	}
	res.Ignored, res.IgnoredCells = e.ignored, e.cells
	return res, nil
}

// Ignore lists columns of source that were ignored (Result.Ignored).
func (e *Run) Ignore(source string, cols []string) {
	for _, c := range cols {
		e.ignored = append(e.ignored, budget.IgnoredColumn{Source: source, Column: c})
	}
}

// Failed is the error that ends the run before the engine runs, or nil: an
// error that stops the run was added.
func (e *Run) Failed() error {
	if e.stopped() {
		return e.failure()
	}
	return nil
}

// Engine is the engine's options for the run: opt's workers and progress,
// the run's sources, always lenient with every error to the run (see Finish).
func (e *Run) Engine(opt Options, src budget.Sources) budget.Options {
	return budget.Options{Lenient: true, Workers: opt.Workers, Sources: src, Sink: e, Progress: opt.Progress}
}

// Read ends a run that only reads (see files.Read): the records set aside,
// or the error that fails it (any record error in strict mode).
func (e *Run) Read() ([]*pointvalue.RecordError, error) {
	if e.stopped() || (!e.lenient && e.rejects.Len() > 0) {
		return nil, e.failure()
	}
	return slices.Collect(e.rejects.All()), e.rejects.Err()
}
