package files

import (
	"errors"
	"slices"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// runErrors gathers the errors of one Settle, Stream or Read (ERR-1, ERR-2):
// the record errors, in a Rejects (the caller's, or the run's own), and the
// errors that stop the run whatever the mode — of a whole file (its header,
// its encoding, a record over the size cap, a file that cannot be opened),
// of the policy or a table, of the year. It is the sink every reader and the
// engine report to.
type runErrors struct {
	rejects *Rejects
	own     bool // rejects is the run's own, in memory
	lenient bool
	stops   []*pointvalue.RecordError // the first DefaultErrorCap errors that stop the run
	nstops  int                       // all of them
}

func newRunErrors(opt Options) *runErrors {
	e := &runErrors{rejects: opt.Rejects, lenient: opt.Lenient}
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
func (e *runErrors) Add(re *pointvalue.RecordError) {
	if csvio.FileError(re.Err) {
		e.stop(re)
		return
	}
	e.rejects.Add(re)
}

// stop adds an error that stops the run.
func (e *runErrors) stop(re *pointvalue.RecordError) {
	e.nstops++
	if len(e.stops) < pointvalue.DefaultErrorCap {
		e.stops = append(e.stops, re)
	}
}

func (e *runErrors) stopped() bool { return e.nstops > 0 }

// failure is the error of a run that settles nothing: the errors that stopped
// it first, sorted, then the record errors in the order of rejects.csv; the
// first DefaultErrorCap kept, the rest counted.
func (e *runErrors) failure() error {
	stops := slices.Clone(e.stops)
	budget.SortErrors(stops)
	head := e.rejects.Head(pointvalue.DefaultErrorCap - len(stops))
	l := &pointvalue.ErrorList{Cap: 1 << 30, Errors: append(stops, head...)}
	l.Dropped = e.nstops - len(e.stops) + e.rejects.Len() - len(head)
	return l
}

// finish decides what a run returns once the engine has run (always lenient:
// Options.engine) over the records read well.
//
//   - strict, with record errors: every record error, the engine's errors
//     about records (an overflow, an adjustments row with no settled row)
//     among them; its errors about the year as a whole (line 0), which the
//     records left out may cause, are left out;
//   - an error of the engine that stops the run: it, first, then the records
//     set aside;
//   - else the result, with its Rejects (all of them when the run kept them
//     in memory, else the first DefaultErrorCap) and the ignored columns.
func (e *runErrors) finish(res *budget.Result, err error, rd readResult) (*budget.Result, error) {
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
				e.stop(re)
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
	res.Ignored = rd.ignored
	return res, nil
}
