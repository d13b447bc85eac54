package pointvalue

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Callers test for them with errors.Is; the engine wraps them in a
// *RecordError that says where they came from.
var (
	ErrSyntax          = errors.New("not a number")                       // NUM-1
	ErrPrecision       = errors.New("more decimals than allowed")         // NUM-1..3
	ErrRange           = errors.New("value out of range")                 // NUM-1..3
	ErrNegative        = errors.New("negative value not allowed")         // NUM-1
	ErrOverflow        = errors.New("arithmetic overflow")                // NUM-3, NUM-6
	ErrZeroPoints      = errors.New("pool has money but zero points")     // PV-1, ERR-3
	ErrRequired        = errors.New("required value is empty")            // ERR-3
	ErrMissingColumn   = errors.New("required column is missing")         // docs/formats.md, common rules
	ErrUnknownColumn   = errors.New("unknown column")                     // docs/formats.md: a near miss of a known column
	ErrEncoding        = errors.New("wrong text encoding")                // docs/formats.md: -encoding
	ErrMalformed       = errors.New("malformed record")                   // ERR-3
	ErrDate            = errors.New("not a valid date (YYYY-MM-DD)")      // ERR-3
	ErrBool            = errors.New("not a boolean (0 or 1)")             // docs/formats.md, common rules
	ErrEnum            = errors.New("not one of the allowed values")      // docs/formats.md, common rules
	ErrDuplicate       = errors.New("duplicate key")                      // ERR-3
	ErrUnknownHospital = errors.New("unknown hospital")                   // ERR-3
	ErrUnknownFund     = errors.New("unknown or unsettled fund")          // ERR-3
	ErrDateOrder       = errors.New("discharge before admission")         // ERR-3
	ErrShareAboveCost  = errors.New("patient share above total cost")     // ERR-3
	ErrOutsideYear     = errors.New("discharged outside the policy year") // section 13 A28
	ErrPolicy          = errors.New("invalid policy")                     // ERR-3
	ErrNoPool          = errors.New("no pool for this method and fund")   // section 13
	ErrUnbalanced      = errors.New("ledger does not balance")            // BUD-7
	ErrTooManyErrors   = errors.New("too many errors")                    // ERR-1 cap
	ErrInvalidArgument = errors.New("invalid argument")                   // library misuse
)

// RecordError is one rejected input value: where it was read (source file, physical
// line with the header as line 1, field) and why (ERR-1). Line 0 means the error
// belongs to no record (a policy file, or a whole pool); Field is then a JSON path.
type RecordError struct {
	Source string // the input's base name, e.g. "cases.csv"
	Line   int    // physical line, header = 1; 0 for policy and pool errors
	Field  string // column name or JSON path; empty for a record with a wrong field count
	Value  string // the offending value as read
	Err    error  // a sentinel above, possibly wrapped with detail
	// ID is the record's own id (a case id) when the engine knows it: a record
	// built in code has no line, and its error names the record by it.
	ID string
}

// Error formats the error as docs/formats.md asks: "source:line: field: value:
// reason"; a record without a line (built in code) adds its id: "… (case_id C1)".
func (e *RecordError) Error() string {
	s := e.Source + ":" + strconv.Itoa(e.Line) + ": " + e.Field + ": " + e.Value + ": " + e.Reason()
	if e.Line == 0 && e.ID != "" {
		s += " (case_id " + e.ID + ")"
	}
	return s
}

// Reason is the human-readable cause, without the location.
func (e *RecordError) Reason() string {
	if e.Err == nil {
		return "error"
	}
	return e.Err.Error()
}

// Unwrap returns the underlying cause, so errors.Is(err, ErrPrecision) works.
func (e *RecordError) Unwrap() error { return e.Err }

// DefaultErrorCap is the number of errors an ErrorList keeps before counting only (docs/formats.md: at most 100 lines).
const DefaultErrorCap = 100

// ErrorList collects every error of a batch (ERR-1), keeping the first Cap in full
// and counting the rest. The zero value is ready to use with DefaultErrorCap.
type ErrorList struct {
	Cap     int            // errors kept in full; 0 means DefaultErrorCap
	Errors  []*RecordError // the kept errors, in the order added
	Dropped int            // errors counted but not kept
	// Sink, when set, receives every error added, kept or not: a caller that
	// needs all of a large batch's errors (every reject, ERR-2) without holding
	// them in memory gives a small Cap and a sink that spills them to disk.
	Sink ErrorSink
}

// ErrorSink receives errors one at a time (ErrorList.Sink).
type ErrorSink interface {
	Add(*RecordError)
}

// Add records an error: it is kept while fewer than Cap are, else counted in
// Dropped; a Sink receives it either way.
func (l *ErrorList) Add(e *RecordError) {
	if l.Sink != nil {
		l.Sink.Add(e)
	}
	c := l.Cap
	if c <= 0 {
		c = DefaultErrorCap
	}
	if len(l.Errors) >= c {
		l.Dropped++
		return
	}
	l.Errors = append(l.Errors, e)
}

// Addf is a shorthand for Add(&RecordError{...}).
func (l *ErrorList) Addf(source string, line int, field, value string, err error) {
	l.Add(&RecordError{Source: source, Line: line, Field: field, Value: value, Err: err})
}

// Merge appends another list's errors (and dropped count) to l; l's Sink
// receives o's kept errors (those o dropped are only counted).
func (l *ErrorList) Merge(o *ErrorList) {
	if o == nil {
		return
	}
	for _, e := range o.Errors {
		l.Add(e)
	}
	l.Dropped += o.Dropped
}

// AddError adds any error: the errors of an ErrorList (as Merge), a
// RecordError itself, or another error as the cause of a RecordError with no
// location. A nil err adds nothing.
func (l *ErrorList) AddError(err error) {
	if err == nil {
		return
	}
	var o *ErrorList
	if errors.As(err, &o) {
		l.Merge(o)
		return
	}
	var re *RecordError
	if !errors.As(err, &re) {
		re = &RecordError{Err: err}
	}
	l.Add(re)
}

// Len is the number of errors seen, kept or not.
func (l *ErrorList) Len() int { return len(l.Errors) + l.Dropped }

// Err returns nil when no error was added, else the list itself as an error.
func (l *ErrorList) Err() error {
	if l == nil || l.Len() == 0 {
		return nil
	}
	return l
}

// Error prints one line per kept error and, past the cap, "... N more errors".
func (l *ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if l.Dropped > 0 {
		fmt.Fprintf(&b, "\n... %d more errors", l.Dropped)
	}
	return b.String()
}

// Unwrap exposes the kept errors, so errors.Is and errors.As see through the list.
func (l *ErrorList) Unwrap() []error {
	out := make([]error, len(l.Errors))
	for i, e := range l.Errors {
		out[i] = e
	}
	return out
}
