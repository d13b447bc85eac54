package csvio

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Options choose how a Reader reads (NewReaderOptions). The zero value is
// NewReader's: UTF-8, and cells that stay valid after Next.
type Options struct {
	// Encoding is the input's text encoding (docs/formats.md, -encoding, default
	// UTF-8). A UTF-8 byte-order mark makes the input UTF-8 whatever Encoding
	// says; a UTF-16 one is an error.
	Encoding Encoding

	// Reuse lets the reader read each record into the same memory: the
	// strings Raw and Text return are then views into the reader's buffer,
	// valid only until the next call of Next. A caller that keeps one must
	// copy it (strings.Clone). Without Reuse they stay valid for good, and
	// the reader allocates one buffer per 64 KiB of input instead of none.
	Reuse bool
}

// Reader reads the records of one CSV input, locating columns by header name
// and reporting every bad record or cell to an ErrorList (ERR-1).
type Reader struct {
	sc     *scanner
	source string
	errs   *pointvalue.ErrorList

	header   []string // header names, trimmed
	folded   []string // header names, trimmed and ASCII-lowercased
	hdrLine  int      // physical line of the header (1 unless blank lines precede it)
	headerOK bool
	colsOK   bool     // no required column missing, no asked column duplicated, no near miss
	reported []string // names already reported at the header
	asked    []asked  // every column asked for (Col, ColAlias), for CheckColumns
	checked  bool     // CheckColumns ran
	ignored  []string // its answer
	done     bool

	wrap func(error) error // WrapReports

	has  bool // there is a current record
	line int  // physical line of the current record

	// A record reader (NewRecordReader): the current record's cells, and those
	// already reported by the caller.
	records bool
	fields  []string
	bad     []bool
}

// NewReader reads the header row of a UTF-8 input (NewReaderOptions with the
// zero Options).
func NewReader(r io.Reader, source string, errs *pointvalue.ErrorList) *Reader {
	return NewReaderOptions(r, source, errs, Options{})
}

// NewReaderOptions reads the header row. Blank lines before it are skipped; a
// leading UTF-8 byte-order mark is stripped. An empty input or unreadable
// header is reported to errs (the header's line; line 0 for an encoding
// error). source is reduced to its base name ("data/cases.csv" →
// "cases.csv"); an empty source is "input". A nil errs gets a fresh list (see
// Errs).
func NewReaderOptions(r io.Reader, source string, errs *pointvalue.ErrorList, opt Options) *Reader {
	if errs == nil {
		errs = new(pointvalue.ErrorList)
	}
	rd := &Reader{source: baseName(source), errs: errs, colsOK: true, hdrLine: 1, line: 1}
	if r == nil {
		rd.headerError(1, errEmpty)
		return rd
	}
	if opt.Encoding > GB18030 {
		rd.headerError(0, fmt.Errorf("%w: %v", pointvalue.ErrInvalidArgument, opt.Encoding))
		return rd
	}
	rd.sc = newScanner(r, opt.Encoding, opt.Reuse)
	for {
		switch rd.sc.scan() {
		case recOK:
			sc := rd.sc
			if sc.nfields == 1 && trim(sc.field(0)) == "" {
				continue // a line of spaces
			}
			rd.header = make([]string, sc.nfields)
			rd.folded = make([]string, sc.nfields)
			for i := range rd.header {
				h := strings.Clone(trim(sc.field(i)))
				rd.header[i], rd.folded[i] = h, foldASCII(h)
			}
			sc.maxFields = sc.nfields
			rd.hdrLine, rd.line = sc.recLine, sc.recLine
			rd.headerOK = true
			return rd
		case recBad:
			rd.headerError(rd.sc.recLine, fmt.Errorf("%w: header: %w", pointvalue.ErrMalformed, rd.sc.perr))
		case recEnd:
			rd.headerError(1, errEmpty)
		case recFatal:
			rd.stop("header: ")
		}
		return rd
	}
}

var errEmpty = fmt.Errorf("%w: empty input: no header row", pointvalue.ErrMalformed)

func (r *Reader) headerError(line int, err error) {
	r.done = true
	r.errs.Addf(r.source, line, "", "", fileError{err})
}

// fileError marks an error of a whole input: its header (a missing required
// column, a near miss, a duplicated column, no header at all) or an error that
// stopped the reading (the encoding, a record over MaxRecordBytes, a read
// error). Its text and what it wraps are the error's own.
type fileError struct{ err error }

func (e fileError) Error() string { return e.err.Error() }
func (e fileError) Unwrap() error { return e.err }

// FileError reports whether err (a reader's error, or a *pointvalue.RecordError
// wrapping one) concerns the whole input rather than one record: an error of
// its header, or one that stopped the reading, so that the records after it
// were not read (ERR-2: a lenient run cannot set such a file aside record by
// record).
func FileError(err error) bool {
	var f fileError
	return errors.As(err, &f)
}

// stop reports why the scanner stopped: an encoding error on line 0, a
// record too long or a read error on the line the record starts on.
func (r *Reader) stop(where string) {
	err, line := r.sc.fatal, r.sc.recLine
	var enc encodingError
	switch {
	case errors.As(err, &enc):
		line = 0
	case err == errTooLong:
		err = fmt.Errorf("%w: %s%w", pointvalue.ErrMalformed, where, err)
	default:
		err = fmt.Errorf("%w: %sread error: %w", pointvalue.ErrMalformed, where, err)
	}
	r.headerError(line, err)
}

func baseName(s string) string {
	if s == "" {
		return "input"
	}
	if b := filepath.Base(s); b != "." && b != string(filepath.Separator) {
		return b
	}
	return s
}

// Header returns the header's column names, trimmed (nil when the header could
// not be read). The slice must not be modified.
func (r *Reader) Header() []string { return r.header }

// OK reports whether the header was read, every required column asked so far
// is present, none of the asked columns is duplicated, and CheckColumns (if
// called) found no near miss.
func (r *Reader) OK() bool { return r.headerOK && r.colsOK }

// Next advances to the next record. Records with a wrong number of fields or
// broken quoting are reported (field "", value "", pointvalue.ErrMalformed with
// detail, on the line the record starts) and skipped; blank lines and lines of
// spaces are skipped. It returns false at the end, or after an error that stops
// the reading (reported): a read error, a record over MaxRecordBytes, input
// that is not in the encoding. It does nothing useful (returns false) when
// !OK().
func (r *Reader) Next() bool {
	r.has = false
	if r.records {
		return false // records come by SetRecord
	}
	if r.done || !r.OK() {
		return false
	}
	sc := r.sc
	for {
		switch sc.scan() {
		case recOK:
			n := sc.nfields
			if n == 1 && trim(sc.field(0)) == "" {
				continue // a line of spaces
			}
			if n != len(r.header) {
				r.errs.Addf(r.source, sc.recLine, "", "", fmt.Errorf("%w: %d fields, the header has %d", pointvalue.ErrMalformed, n, len(r.header)))
				continue
			}
			r.has, r.line = true, sc.recLine
			return true
		case recBad:
			r.errs.Addf(r.source, sc.recLine, "", "", fmt.Errorf("%w: %w", pointvalue.ErrMalformed, sc.perr))
			continue
		case recEnd:
			r.done = true
		case recFatal:
			r.stop("")
		}
		return false
	}
}

// Line returns the physical line of the current record (the header's line
// before the first record).
func (r *Reader) Line() int { return r.line }

// Source returns the input's base name, as errors name it.
func (r *Reader) Source() string { return r.source }

// Errs returns the error list errors are reported to.
func (r *Reader) Errs() *pointvalue.ErrorList { return r.errs }

// Raw returns the cell of column c in the current record exactly as read, a
// quoted cell unquoted ("" when the column is absent or there is no current
// record). With Options.Reuse the string is valid only until the next Next.
func (r *Reader) Raw(c Col) string {
	if r.records {
		if !r.has || c.Index < 0 || c.Index >= len(r.fields) {
			return ""
		}
		return r.fields[c.Index]
	}
	if !r.has || c.Index < 0 || c.Index >= r.sc.kept() {
		return ""
	}
	return r.sc.field(c.Index)
}

// Report adds an error for the current record on column c with its raw value
// (copied: the error outlives the record).
func (r *Reader) Report(c Col, err error) {
	if r.wrap != nil {
		err = r.wrap(err)
	}
	r.errs.Addf(r.source, r.line, c.Name, strings.Clone(r.Raw(c)), err)
}

// WrapReports makes every error reported from now on (by Report and the
// typed readers) wrap(err) instead of err, until it is called with nil: a
// caller marks the errors of some cells (files marks the settlement-list
// cells it reads as empty) as they are reported.
func (r *Reader) WrapReports(wrap func(error) error) { r.wrap = wrap }

// trim removes surrounding ASCII spaces and tabs; it returns a substring.
func trim(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return s[i:j]
}
