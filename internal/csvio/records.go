package csvio

import (
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// NewRecordReader is a Reader over records that do not come from CSV text: a
// database query's rows, say. header names the columns (as a CSV header would;
// columns are then found by Col and ColAlias exactly as in a file), and each
// record is handed over by SetRecord. Every field decoder of the Reader (Text,
// Money, Date, Enum…) and its error reports work unchanged, so a table read
// from a database is checked by the same code as the same table read from a
// file. Errors of the header (a missing required column) are reported on line
// 0: a query has no header line.
func NewRecordReader(source string, header []string, errs *pointvalue.ErrorList) *Reader {
	if errs == nil {
		errs = new(pointvalue.ErrorList)
	}
	rd := &Reader{source: source, errs: errs, colsOK: true, hdrLine: 0, line: 0, headerOK: true, records: true}
	if source == "" {
		rd.source = "input"
	}
	rd.header = make([]string, len(header))
	rd.folded = make([]string, len(header))
	for i, h := range header {
		h = strings.Clone(trim(h))
		rd.header[i], rd.folded[i] = h, foldASCII(h)
	}
	return rd
}

// SetRecord makes fields the current record, on line (a row number). fields
// has one cell per header column; the Reader keeps the slice until the next
// SetRecord and does not modify it. bad, when not nil, marks cells whose value
// the caller has already reported (a floating-point number where money was
// expected, say): their decoders return the default and false without a
// second report.
func (r *Reader) SetRecord(fields []string, line int, bad []bool) {
	r.fields, r.line, r.bad, r.has = fields, line, bad, true
}
