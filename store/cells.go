package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Errors of a value a query returned, beyond the CSV readers' own.
var (
	// ErrFloat is a floating-point value (REAL, DOUBLE, a float64 from the
	// driver) where the store reads text or exact numbers: it is never
	// converted, since a float cannot be trusted to the fen.
	ErrFloat = fmt.Errorf("%w: a floating-point value: use an exact NUMERIC/DECIMAL, an integer or text", pointvalue.ErrSyntax)
	// ErrFen is a _fen column whose value is not a whole number of fen.
	ErrFen = fmt.Errorf("%w: a _fen column holds a whole number of fen", pointvalue.ErrPrecision)
	// ErrValueType is a value of a type the store does not read (a blob, a time of day).
	ErrValueType = fmt.Errorf("%w: a value of this type cannot be read", pointvalue.ErrSyntax)
)

// cell is one column of a query's current row, scanned from the driver's value
// as is (sql.Scanner: no conversion by database/sql) into the text the CSV
// readers decode.
type cell struct {
	fen bool   // the column's alias ends in _fen: an integer is fen
	buf []byte // the text, reused row to row
	s   string // the text (a view of buf or the driver's string)
	err error  // what the value cannot be, reported by the source
	raw string // the value as given, for that report
}

// Scan implements sql.Scanner.
func (c *cell) Scan(v any) error {
	c.err, c.raw = nil, ""
	switch x := v.(type) {
	case nil:
		c.s = ""
	case int64:
		if c.fen {
			c.buf = pointvalue.Money(x).Append(c.buf[:0])
		} else {
			c.buf = strconv.AppendInt(c.buf[:0], x, 10)
		}
		c.s = view(c.buf)
	case []byte:
		c.setText(view(x)) // the driver's bytes, valid until the next row: the decoders copy what they keep
	case string:
		c.setText(x)
	case float64:
		c.s, c.err, c.raw = "", ErrFloat, strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			c.s = "1"
		} else {
			c.s = "0"
		}
	case time.Time:
		h, m, s := x.Clock()
		if h != 0 || m != 0 || s != 0 || x.Nanosecond() != 0 {
			c.s, c.err, c.raw = "", ErrValueType, x.Format(time.RFC3339Nano)
			break
		}
		c.s = x.Format(time.DateOnly)
	default:
		c.s, c.err, c.raw = "", ErrValueType, fmt.Sprintf("%T", v)
	}
	return nil
}

// setText takes a text or exact-number value; in a _fen column it must be a
// whole number of fen, given here in yuan.
func (c *cell) setText(s string) {
	if !c.fen {
		c.s = s
		return
	}
	t := strings.TrimSpace(s)
	if t == "" {
		c.s = ""
		return
	}
	// Whole fen: digits with an optional sign and a fraction of zeros ("12.00" from NUMERIC).
	if i := strings.IndexByte(t, '.'); i >= 0 && strings.Trim(t[i+1:], "0") == "" {
		t = t[:i]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		c.s, c.err, c.raw = "", ErrFen, s
		return
	}
	c.buf = pointvalue.Money(n).Append(c.buf[:0])
	c.s = view(c.buf)
}

// view is b as a string without a copy: valid while b is not modified (until
// the next row), which is as long as the decoders read it.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
