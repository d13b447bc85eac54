package csvio

import (
	"fmt"

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
