package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Col is a column located by header name.
type Col struct {
	Name     string
	Index    int // position in the header; -1 when absent
	Required bool
}

// Present reports whether the column is in the header.
func (c Col) Present() bool { return c.Index >= 0 }

// Reader reads the records of one CSV input, locating columns by header name
// and reporting every bad record or cell to an ErrorList (ERR-1).
type Reader struct {
	cr     *csv.Reader
	source string
	errs   *pointvalue.ErrorList

	header   []string // header names, trimmed
	hdrLine  int      // physical line of the header (1 unless blank lines precede it)
	headerOK bool
	colsOK   bool     // no required column missing, no asked column duplicated
	reported []string // column names already reported at the header
	done     bool

	rec  []string // current record; nil when there is none
	line int      // physical line of the current record

	// End of the input consumed so far, for an I/O error's line: the last field
	// read started on lastLine and holds lastField (whose newlines add lines).
	lastLine  int
	lastField string
}

// NewReader reads the header row (a leading UTF-8 BOM is stripped). An empty
// input or unreadable header is reported to errs (line 1). source is reduced to
// its base name ("data/cases.csv" → "cases.csv"); an empty source is "input".
// A nil errs gets a fresh list (see Errs).
func NewReader(r io.Reader, source string, errs *pointvalue.ErrorList) *Reader {
	if errs == nil {
		errs = new(pointvalue.ErrorList)
	}
	rd := &Reader{source: baseName(source), errs: errs, colsOK: true, hdrLine: 1, line: 1, lastLine: 1}
	if r == nil {
		rd.headerError(1, errEmpty)
		return rd
	}
	br := bufio.NewReaderSize(&lineLimit{r: r}, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	rd.cr = cr

	rec, err := cr.Read()
	if err != nil {
		switch e := err.(type) {
		case *csv.ParseError:
			rd.headerError(max(e.StartLine, 1), fmt.Errorf("%w: header: %w", pointvalue.ErrMalformed, e.Err))
		default:
			if err == io.EOF {
				rd.headerError(1, errEmpty)
			} else {
				rd.headerError(1, fmt.Errorf("%w: header: read error: %w", pointvalue.ErrMalformed, err))
			}
		}
		return rd
	}
	rd.hdrLine, _ = cr.FieldPos(0)
	rd.line = rd.hdrLine
	rd.lastLine, _ = cr.FieldPos(len(rec) - 1)
	rd.lastField = rec[len(rec)-1]
	rd.header = make([]string, len(rec))
	for i, h := range rec {
		rd.header[i] = trim(h)
	}
	rd.headerOK = true
	return rd
}

var errEmpty = fmt.Errorf("%w: empty input: no header row", pointvalue.ErrMalformed)

func (r *Reader) headerError(line int, err error) {
	r.done = true
	r.errs.Addf(r.source, line, "", "", err)
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

// Col looks a column up by name. A required column that is missing is reported
// once: line 1 (the header's physical line, which is later only when blank lines
// precede the header), field = the column name, value "", pointvalue.ErrMissingColumn.
// A name that appears more than once in the header is reported once
// (pointvalue.ErrDuplicate) and makes OK false: which one is meant is unknown.
// When the header could not be read nothing more is reported.
func (r *Reader) Col(name string, required bool) Col {
	c := Col{Name: name, Index: -1, Required: required}
	if !r.headerOK {
		return c
	}
	dup := false
	for i, h := range r.header {
		if h != name {
			continue
		}
		if c.Index < 0 {
			c.Index = i
		} else {
			dup = true
		}
	}
	switch {
	case dup:
		r.colsOK = false
		r.reportHeader(name, errDupColumn)
	case c.Index < 0 && required:
		r.colsOK = false
		r.reportHeader(name, pointvalue.ErrMissingColumn)
	}
	return c
}

var errDupColumn = fmt.Errorf("%w: column appears more than once in the header", pointvalue.ErrDuplicate)

func (r *Reader) reportHeader(name string, err error) {
	for _, n := range r.reported {
		if n == name {
			return
		}
	}
	r.reported = append(r.reported, name)
	r.errs.Addf(r.source, r.hdrLine, name, "", err)
}

// OK reports whether the header was read and every required column asked so far
// is present (and none of the asked columns is duplicated).
func (r *Reader) OK() bool { return r.headerOK && r.colsOK }

// Next advances to the next record. Records with a wrong number of fields or
// broken quoting are reported (field "", value "", pointvalue.ErrMalformed with
// detail) and skipped; completely blank lines are skipped. It returns false at
// the end or after an I/O error (reported). It does nothing useful (returns
// false) when !OK().
func (r *Reader) Next() bool {
	r.rec = nil
	if r.done || !r.OK() {
		return false
	}
	for {
		rec, err := r.cr.Read()
		if err == nil {
			n := len(rec) // ≥ 1: encoding/csv never returns an empty record
			line, _ := r.cr.FieldPos(0)
			r.lastLine, _ = r.cr.FieldPos(n - 1)
			r.lastField = rec[n-1]
			if n == 1 && trim(rec[0]) == "" {
				continue // blank line
			}
			if n != len(r.header) {
				r.errs.Addf(r.source, line, "", "", fmt.Errorf("%w: %d fields, the header has %d", pointvalue.ErrMalformed, n, len(r.header)))
				continue
			}
			r.rec, r.line = rec, line
			return true
		}
		if err == io.EOF {
			r.done = true
			return false
		}
		if pe, ok := err.(*csv.ParseError); ok {
			// encoding/csv drops the rest of the line the error is on and goes on.
			r.lastLine, r.lastField = pe.Line, ""
			r.errs.Addf(r.source, max(pe.StartLine, 1), "", "", fmt.Errorf("%w: %w", pointvalue.ErrMalformed, pe.Err))
			continue
		}
		r.done = true
		line := r.lastLine + strings.Count(r.lastField, "\n") + 1
		r.errs.Addf(r.source, line, "", "", fmt.Errorf("%w: read error: %w", pointvalue.ErrMalformed, err))
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

// Raw returns the cell of column c in the current record exactly as read
// ("" when the column is absent or there is no current record).
func (r *Reader) Raw(c Col) string {
	if c.Index < 0 || c.Index >= len(r.rec) {
		return ""
	}
	return r.rec[c.Index]
}

// Report adds an error for the current record on column c with its raw value.
func (r *Reader) Report(c Col, err error) {
	r.errs.Addf(r.source, r.line, c.Name, r.Raw(c), err)
}

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

// MaxLineBytes bounds one physical line of an input. encoding/csv holds a whole
// record in memory, so a file with one endless line would otherwise allocate
// without bound (ERR-4); a longer line stops the reading with an error.
const MaxLineBytes = 1 << 20

var errLineTooLong = fmt.Errorf("a line longer than %d bytes", MaxLineBytes)

// lineLimit passes bytes through and fails, for good, once a line exceeds
// MaxLineBytes: the chunk that crosses the limit is withheld.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
	err error
}

func (l *lineLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for b := p[:n]; len(b) > 0; {
		j := bytes.IndexByte(b, '\n')
		if j < 0 {
			l.run += len(b)
			break
		}
		if l.run+j > MaxLineBytes {
			l.run = l.run + j
			break
		}
		l.run, b = 0, b[j+1:]
	}
	if l.run > MaxLineBytes {
		l.err = errLineTooLong
		return 0, l.err
	}
	return n, err
}
